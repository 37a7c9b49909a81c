import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  readBackerImportFiles,
  streamBackerImportFiles,
  type UploadedFile,
} from "@/lib/backers/import/read-backer-import-files";
import type { BackerImportRow } from "@/lib/backers/import/backer-import-types";
import { parseCsv } from "@/lib/csv/parse-csv";

const csvFile: UploadedFile = {
  name: "current-generation.csv",
  bytes: new Uint8Array(readFileSync("tests/fixtures/kickstarter/current-generation.csv")),
};

/**
 * Kickstarter's report opened in Excel and saved as a workbook: Excel turns backer numbers and
 * quantities into numbers, "2023/05/02, 14:05" stays text, and a creator's own column of real date
 * cells and plain amounts is read the same way.
 */
async function asWorkbook(typed: boolean): Promise<Uint8Array> {
  const csv = parseCsv(new TextDecoder().decode(csvFile.bytes), csvFile.name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Backer Report");
  sheet.addRow(csv.headers);
  const pledgedAt = csv.headers.indexOf("Pledged At");
  const amount = csv.headers.indexOf("Pledge Amount");
  for (const row of csv.rows) {
    // Excel keeps a line break in a cell as a line feed.
    const values: (string | number | Date)[] = row.cells.map((cell) =>
      /^\d+$/.test(cell) && cell.length < 12 ? Number(cell) : cell.replace(/\r\n/g, "\n"),
    );
    const moment = /^(\d{4})\/(\d{2})\/(\d{2}), (\d{2}):(\d{2})$/.exec(row.cells[pledgedAt]);
    if (typed && moment) {
      const [, y, mo, d, h, mi] = moment.map(Number);
      values[pledgedAt] = new Date(Date.UTC(y, mo - 1, d, h, mi));
    }
    if (typed && /^\$[\d.,]+ USD$/.test(row.cells[amount]))
      values[amount] = Number(row.cells[amount].replace(/[^0-9.]/g, ""));
    sheet.getRow(row.row).values = values;
    if (typed) sheet.getRow(row.row).getCell(pledgedAt + 1).numFmt = "yyyy-mm-dd hh:mm";
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const withoutFile = (rows: BackerImportRow[]) =>
  rows.map(
    (row) =>
      JSON.parse(JSON.stringify({ ...row, file: undefined, source: undefined }).replace(/\\r\\n/g, "\\n")) as unknown,
  );

describe("a backer import from an Excel workbook", () => {
  it("reads the same backers as the same report saved as CSV", async () => {
    const fromCsv = readBackerImportFiles([csvFile], { currency: "USD" });
    for (const typed of [false, true]) {
      const fromWorkbook = readBackerImportFiles([{ name: "backers.xlsx", bytes: await asWorkbook(typed) }], {
        currency: "USD",
      });
      expect(fromWorkbook.problems.filter((p) => p.severity === "error")).toEqual([]);
      expect(fromWorkbook.files[0]).toMatchObject({
        name: "backers.xlsx › Backer Report",
        format: "kickstarter-current",
      });
      expect(fromWorkbook.rows.length).toBe(fromCsv.rows.length);
      expect(withoutFile(fromWorkbook.rows)).toEqual(withoutFile(fromCsv.rows));
    }
  });

  it("streams the same rows for the import itself", async () => {
    const bytes = await asWorkbook(true);
    const streamed: BackerImportRow[] = [];
    await streamBackerImportFiles([{ name: "backers.xlsx", bytes }], { currency: "USD" }, (row) => {
      streamed.push(row);
    });
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toEqual(readBackerImportFiles([{ name: "backers.xlsx", bytes }], { currency: "USD" }).rows);
  });

  it("offers the column mapping for another platform's workbook, and reads it with the mapping", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Gamefound");
    sheet.addRow(["Full name", "E-mail", "Amount Paid"]);
    sheet.addRow(["Grace Hopper", "grace@example.com", 49]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const first = readBackerImportFiles([{ name: "gamefound.xlsx", bytes }], { currency: "USD" });
    expect(first.needsMapping[0]).toMatchObject({
      file: "gamefound.xlsx › Gamefound",
      headers: ["Full name", "E-mail", "Amount Paid"],
    });
    const mapped = readBackerImportFiles([{ name: "gamefound.xlsx", bytes }], {
      currency: "USD",
      mapping: { email: "E-mail", name: "Full name", pledgeAmount: "Amount Paid" },
    });
    expect(mapped.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(mapped.rows[0]).toMatchObject({ email: "grace@example.com", name: "Grace Hopper" });
  });

  it("reads the sheet the creator chose, and says which sheets there are", async () => {
    const report = new ExcelJS.Workbook();
    await report.xlsx.load((await asWorkbook(false)).buffer as ArrayBuffer);
    // A notes sheet in front of the report, as fulfilment centres and creators' own workbooks have.
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Notes").addRow(["Exported from Kickstarter on 2026-03-01"]);
    const sheet = workbook.addWorksheet("Backer Report");
    report.getWorksheet("Backer Report")!.eachRow((row) => sheet.addRow(row.values as ExcelJS.CellValue[]));
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const files = [{ name: "backers.xlsx", bytes }];

    const first = readBackerImportFiles(files, { currency: "USD" });
    expect(first.sheets).toEqual([{ file: "backers.xlsx", names: ["Notes", "Backer Report"], read: "Notes" }]);
    expect(first.rows).toEqual([]);
    expect(first.problems.find((p) => p.severity === "warning" && /sheets/.test(p.message))).toMatchObject({
      message: 'backers.xlsx has 2 sheets ("Notes", "Backer Report"); only "Notes" was read.',
      fix: 'If the backers are on another sheet, choose it under "Sheet to read".',
    });

    const chosen = readBackerImportFiles(files, { currency: "USD", sheets: { "backers.xlsx": "Backer Report" } });
    expect(chosen.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(chosen.problems.some((p) => /sheets/.test(p.message))).toBe(false);
    expect(chosen.sheets).toEqual([{ file: "backers.xlsx", names: ["Notes", "Backer Report"], read: "Backer Report" }]);
    expect(chosen.files[0]).toMatchObject({ name: "backers.xlsx › Backer Report", format: "kickstarter-current" });
    const fromCsv = readBackerImportFiles([csvFile], { currency: "USD" });
    expect(withoutFile(chosen.rows)).toEqual(withoutFile(fromCsv.rows));
    const streamed: BackerImportRow[] = [];
    await streamBackerImportFiles(files, { currency: "USD", sheets: { "backers.xlsx": "Backer Report" } }, (row) => {
      streamed.push(row);
    });
    expect(streamed).toEqual(chosen.rows);

    const missing = readBackerImportFiles(files, { currency: "USD", sheets: { "backers.xlsx": "Backers" } });
    expect(missing.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([
      'backers.xlsx has no sheet named "Backers" (its sheets are "Notes", "Backer Report").',
    ]);
  });
});
