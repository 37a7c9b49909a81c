import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { CsvRow } from "@/lib/csv/parse-csv";
import { readWorkbookRows } from "@/lib/spreadsheets/read-workbook-rows";
import { workbookStream, type WorkbookCell, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";

const columns: WorkbookColumn[] = [
  { header: "Backer Number", kind: "integer" },
  { header: "Tracking Number", kind: "text" },
  { header: "Pledge Amount", kind: "amount" },
  { header: "Pledged At", kind: "date" },
  { header: "Name", kind: "text" },
];

async function* batches(rows: WorkbookCell[][]) {
  yield rows.slice(0, 1);
  yield rows.slice(1);
}

async function write(rows: WorkbookCell[][], timeZone?: string): Promise<Uint8Array> {
  const stream = workbookStream("Backers", columns, batches(rows), { timeZone });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("workbookStream", () => {
  it("types identifiers as Text, amounts as numbers, moments as date cells, and freezes a bold header", async () => {
    const bytes = await write(
      [
        [1, "9400111899223856913527", 25.5, new Date("2026-03-04T13:05:00Z"), "Ada"],
        [2, "", 1234, null, '=HYPERLINK("https://evil.example","win")'],
      ],
      "America/New_York",
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Backers")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("A1").font?.bold).toBe(true);
    expect(sheet.getColumn(2).numFmt).toBe("@");
    expect(sheet.getCell("B2").value).toBe("9400111899223856913527");
    // The empty tracking cell of row 3 is Text too, so what Excel users type there stays text.
    expect(sheet.getCell("B3").numFmt).toBe("@");
    expect(sheet.getCell("C2").value).toBe(25.5);
    expect(sheet.getCell("C2").numFmt).toBe("#,##0.00");
    expect(sheet.getCell("A2").value).toBe(1);
    // 13:05 UTC is 08:05 in New York on 4 March 2026 (EST).
    expect(sheet.getCell("D2").value).toEqual(new Date("2026-03-04T08:05:00Z"));
    expect(sheet.getCell("E3").value).toBe(`'=HYPERLINK("https://evil.example","win")`);

    const rows: CsvRow[] = [];
    const read = readWorkbookRows(bytes, "backers.xlsx", (row) => rows.push(row));
    expect(read.ok && read.headers).toEqual(columns.map((column) => column.header));
    expect(rows.map((row) => row.cells)).toEqual([
      ["1", "9400111899223856913527", "25.5", "2026-03-04 08:05", "Ada"],
      ["2", "", "1234", "", `'=HYPERLINK("https://evil.example","win")`],
    ]);
  });
});
