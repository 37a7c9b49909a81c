import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { CsvRow } from "@/lib/csv/parse-csv";
import { readWorkbookRows, type ReadWorkbookOptions } from "@/lib/spreadsheets/read-workbook-rows";
import { cell, craftWorkbook, row } from "../support/workbook-files";

function read(bytes: Uint8Array, fileName = "tracking.xlsx", options: ReadWorkbookOptions = {}) {
  const rows: CsvRow[] = [];
  const result = readWorkbookRows(bytes, fileName, (r) => rows.push(r), options);
  return { result, rows, cells: rows.map((r) => r.cells) };
}

/** A workbook as the Excel library writes it: tracking column typed as Text, a date, formulas. */
async function libraryWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Tracking");
  sheet.columns = [
    { header: "Backer Number" },
    { header: "Tracking Number", style: { numFmt: "@" } },
    { header: "Shipped On" },
    { header: "Parcels" },
  ];
  sheet.addRow([1, "9400111899223856913527", new Date(Date.UTC(2026, 2, 4, 13, 5)), { formula: "1+1", result: 2 }]);
  sheet.addRow([2, 9400111899223856913527, new Date(Date.UTC(2026, 2, 5)), { formula: "A3*2" }]);
  sheet.getCell("C2").numFmt = "yyyy-mm-dd hh:mm";
  sheet.getCell("C3").numFmt = "d/m/yy";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("readWorkbookRows: workbooks written by a library", () => {
  it("reads text as text, dates as dates, formulas as their results, and flags what is lost", async () => {
    const { result, cells } = read(await libraryWorkbook());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.headers).toEqual(["Backer Number", "Tracking Number", "Shipped On", "Parcels"]);
    expect(result.label).toBe("tracking.xlsx › Tracking");
    expect(cells).toEqual([
      ["1", "9400111899223856913527", "2026-03-04 13:05", "2"],
      ["2", "9.40011189922386E+21", "2026-03-05", ""],
    ]);
    const messages = result.problems.map((p) => `${p.severity}: ${p.message}`);
    expect(messages).toContain(
      "error: Tracking!B3 holds the number 9.40011189922386E+21: a spreadsheet keeps only 15 digits of a number, so the digits after the 15th are lost.",
    );
    expect(messages).toContain(
      "warning: Tracking!D3 holds a formula with no saved result, so its value is unknown and is read as empty.",
    );
    expect(result.problems.find((p) => p.value === "=A3*2")?.column).toBe("Parcels");
  });

  it("leaves long numbers to the caller's own check when asked", async () => {
    const { result, cells } = read(await libraryWorkbook(), "t.xlsx", { reportLongNumbers: false });
    expect(cells[1][1]).toBe("9.40011189922386E+21");
    expect(result.ok && result.problems.some((p) => p.severity === "error")).toBe(false);
  });
});

describe("readWorkbookRows: workbooks as Excel, Numbers and Google Sheets store them", () => {
  it("reads Excel's order (sheet before shared strings), rich text without phonetic guides, Text-formatted numbers and custom dates", () => {
    const bytes = craftWorkbook({
      sharedStrings: [
        "Backer Number",
        "Tracking Number",
        "Pledged At",
        "Note",
        '<r><t>Fragile</t></r><r><rPr><b/></rPr><t xml:space="preserve"> – glass</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh>',
        "Line one_x000D_\nline two",
      ],
      numFmts: { 164: "dd/mm/yyyy\\ hh:mm;@", 165: '"Order "0' },
      cellFormats: [0, 49, 164, 165],
      sheets: [
        {
          name: "Sheet1",
          rows:
            row(1, cell.shared("A1", 0), cell.shared("B1", 1), cell.shared("C1", 2), cell.shared("D1", 3)) +
            row(
              2,
              cell.number("A2", 17, 3),
              cell.number("B2", "123456789012", 1),
              cell.number("C2", "46085.5"),
              cell.shared("D2", 4),
            ) +
            row(3, cell.number("A3", 18), cell.shared("B3", 1), cell.number("C3", "46085.5", 2), cell.shared("D3", 5)) +
            row(4) +
            row(
              9,
              cell.number("A9", "0.30000000000000004"),
              cell.number("B9", "1Z999"),
              cell.formula("C9", 'TEXT(A9,"0")', undefined),
            ),
        },
      ],
    });
    const { result, rows } = read(bytes, "excel.xlsx");
    expect(result.ok).toBe(true);
    expect(rows.map((r) => [r.row, ...r.cells])).toEqual([
      [2, "17", "123456789012", "46085.5", "Fragile – glass"],
      [3, "18", "Tracking Number", "2026-03-04 12:00", "Line one\r\nline two"],
      [9, "0.3", "1Z999", "", ""],
    ]);
  });

  it("reads inline strings without a shared-strings part, rows without references, and 1904 dates (Google Sheets, generators)", () => {
    const bytes = craftWorkbook({
      date1904: true,
      cellFormats: [0, 14],
      sheets: [
        {
          name: "Backers & Parcels",
          rows:
            `<row><c t="inlineStr"><is><t>Email</t></is></c><c t="inlineStr"><is><t>Tracking Number</t></is></c><c t="inlineStr"><is><t>Date</t></is></c></row>` +
            `<row><c t="inlineStr"><is><t>ada@example.com</t></is></c><c t="str"><f>"1Z"&amp;"999"</f><v>1Z999</v></c><c s="1"><v>0</v></c></row>`,
        },
      ],
    });
    const { result, cells } = read(bytes, "google.xlsx");
    expect(result.ok && result.headers).toEqual(["Email", "Tracking Number", "Date"]);
    expect(cells).toEqual([["ada@example.com", "1Z999", "1904-01-01"]]);
  });

  it("reads the x:-prefixed parts the Open XML SDK writes", () => {
    const bytes = craftWorkbook({
      prefixed: true,
      sheets: [{ name: "Data", rows: row(1, cell.inline("A1", "Email")) + row(2, cell.inline("A2", "b@example.com")) }],
    });
    expect(read(bytes).cells).toEqual([["b@example.com"]]);
  });

  it("reads the first visible sheet, says which, and reads another sheet by name", () => {
    const sheets = [
      { name: "Hidden", hidden: true, rows: row(1, cell.inline("A1", "Secret")) + row(2, cell.inline("A2", "x")) },
      { name: "Parcels", rows: row(1, cell.inline("A1", "Tracking Number")) + row(2, cell.inline("A2", "1Z1")) },
      { name: "Notes", rows: row(1, cell.inline("A1", "Note")) + row(2, cell.inline("A2", "n")) },
    ];
    const first = read(craftWorkbook({ sheets }), "multi.xlsx");
    expect(first.result.ok && first.result.sheetName).toBe("Parcels");
    expect(first.result.ok && first.result.problems[0].message).toBe(
      'multi.xlsx has 3 sheets ("Hidden", "Parcels", "Notes"); only "Parcels" was read.',
    );
    const notes = read(craftWorkbook({ sheets }), "multi.xlsx", { sheet: "Notes" });
    expect(notes.cells).toEqual([["n"]]);
    // Chosen by name: no reminder of the other sheets.
    expect(notes.result.ok && notes.result.problems).toEqual([]);
    const missing = read(craftWorkbook({ sheets }), "multi.xlsx", { sheet: "Nope" });
    expect(!missing.result.ok && missing.result.problems[0].message).toBe(
      'multi.xlsx has no sheet named "Nope" (its sheets are "Hidden", "Parcels", "Notes").',
    );
  });
});

describe("readWorkbookRows: text split across inflated chunks", () => {
  it("keeps multi-byte characters whole wherever a chunk ends, stored or deflated", async () => {
    const { zipSync } = await import("fflate");
    const { craftWorkbookParts } = await import("../support/workbook-files");
    const long = "€".repeat(50_000) + "😀".repeat(30_000) + "é".repeat(40_001);
    const parts = craftWorkbookParts({
      sheets: [{ name: "S", rows: row(1, cell.inline("A1", "Note")) + row(2, cell.inline("A2", long)) }],
    });
    for (const level of [0, 6] as const) {
      const { cells } = read(zipSync(parts, { level }), "long.xlsx");
      expect(cells[0][0].length).toBe(long.length);
      expect(cells[0][0] === long).toBe(true);
    }
  });
});
