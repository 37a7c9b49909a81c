import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/csv/parse-csv";
import { matchTrackingRows, type TrackingBacker } from "@/lib/tracking/match-tracking-rows";
import { readTrackingFile, trackingFileLabel } from "@/lib/tracking/read-tracking-file";
import { cell, craftWorkbook, row } from "../support/workbook-files";

const csvBytes = new Uint8Array(readFileSync("tests/fixtures/tracking/filled-template.csv"));

/** The filled template's rows saved by Excel as a workbook: every column typed as Text, backer numbers as numbers. */
async function filledTemplateWorkbook(): Promise<Uint8Array> {
  const csv = parseCsv(new TextDecoder().decode(csvBytes), "filled-template.csv");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Tracking numbers");
  sheet.addRow(csv.headers);
  for (const csvRow of csv.rows) {
    // Excel keeps the row numbers of the CSV, blank rows included.
    sheet.getRow(csvRow.row).values = csvRow.cells.map((value, index) =>
      index === 0 && value !== "" ? Number(value) : value,
    );
  }
  sheet.getColumn(6).numFmt = "@";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const backer = (number: number, email: string): TrackingBacker => ({
  backerNumber: number,
  email,
  name: `Backer ${number}`,
  pledgeId: `pledge-${number}`,
  pledgeStatus: "COLLECTED",
  inSelection: true,
  shipments: [],
});

describe("a tracking upload as an Excel workbook", () => {
  it("reads the same rows, with the same row numbers, as the same template saved as CSV", async () => {
    const fromCsv = readTrackingFile(csvBytes, "filled-template.csv");
    const fromWorkbook = readTrackingFile(await filledTemplateWorkbook(), "filled-template.xlsx");
    expect(fromCsv.ok && fromWorkbook.ok).toBe(true);
    if (!fromCsv.ok || !fromWorkbook.ok) return;
    expect(fromWorkbook.rows).toEqual(fromCsv.rows);
    expect(fromWorkbook.columns).toEqual(fromCsv.columns);
  });

  it("names the sheet, row and column of a long number Excel cut, with the scientific-notation message a CSV gets", () => {
    const bytes = craftWorkbook({
      sheets: [
        {
          name: "Sheet1",
          rows:
            row(1, cell.inline("A1", "Backer Number"), cell.inline("B1", "Tracking Number")) +
            row(2, cell.number("A2", 1), cell.number("B2", "9.4001118992238569E+21")) +
            row(3, cell.number("A3", 2), cell.inline("B3", "9400111899223856913527")),
        },
      ],
    });
    const file = readTrackingFile(bytes, "ups.xlsx");
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(trackingFileLabel(bytes, "ups.xlsx")).toBe("ups.xlsx › Sheet1");
    const plan = matchTrackingRows(file.rows, [backer(1, "a@example.com"), backer(2, "b@example.com")], {
      fileName: trackingFileLabel(bytes, "ups.xlsx"),
      skipExisting: false,
      separatePackages: false,
    });
    const problem = plan.problems.find((p) => p.row === 2);
    expect(problem).toMatchObject({ file: "ups.xlsx › Sheet1", row: 2, column: "Tracking Number" });
    expect(problem?.message).toBe(
      '"9.40011189922386E+21" is a number a spreadsheet rewrote in scientific notation, so the tracking number is lost.',
    );
    expect(plan.problems.filter((p) => p.row === 3 && p.severity === "error").map((p) => p.message)).toEqual([]);
  });

  it("says which sheet lacks the columns it needs", () => {
    const bytes = craftWorkbook({
      sheets: [{ name: "Summary", rows: row(1, cell.inline("A1", "Total")) + row(2, cell.number("A2", 3)) }],
    });
    const file = readTrackingFile(bytes, "tracking.xlsx");
    expect(file.ok).toBe(false);
    expect(file.problems.map((p) => p.message)).toContain(
      'tracking.xlsx › Summary has no "Tracking Number" column (its columns are "Total").',
    );
  });
});

describe("problem rows as a workbook", () => {
  it("keeps the creator's cells as text, so the fixed workbook reads back with every digit", async () => {
    const { trackingProblemRowsTable } = await import("@/lib/tracking/build-tracking-problem-rows-csv");
    const { buildTrackingProblemRowsWorkbook } = await import("@/lib/tracking/build-tracking-problem-rows-workbook");
    const headers = ["Backer Number", "Email", "Tracking Number"];
    const rows = [{ row: 7, line: 7, cells: ["12", "ada@example.com", "9400111202555842332669"] }];
    const table = trackingProblemRowsTable(
      headers,
      rows,
      new Map([
        [
          7,
          [
            {
              severity: "error" as const,
              message: "No backer has number 12.",
              fix: "Check the number.",
              column: "Backer Number",
            },
          ],
        ],
      ]),
    );
    const bytes = new Uint8Array(await new Response(buildTrackingProblemRowsWorkbook(table)).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getCell("C2").value).toBe("9400111202555842332669");
    expect(sheet.getCell("C2").numFmt).toBe("@");
    expect(sheet.getCell("D2").value).toBe(7);
    expect(sheet.getCell("E2").value).toBe("Error: No backer has number 12.");
    const again = readTrackingFile(bytes, "problems.xlsx");
    expect(again.ok && again.rows).toEqual([
      {
        row: 2,
        backerNumber: "12",
        email: "ada@example.com",
        trackingNumber: "9400111202555842332669",
        carrier: "",
        trackingUrl: "",
      },
    ]);
  });
});
