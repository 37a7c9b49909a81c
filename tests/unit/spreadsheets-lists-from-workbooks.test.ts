import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseContactListFile } from "@/lib/contact-lists/parse-contact-list-file";
import { readCodeFile } from "@/lib/digital-rewards/read-code-file";
import { cell, craftWorkbook, row } from "../support/workbook-files";

async function workbook(rows: (string | number)[][], sheetName = "Sheet1"): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const values of rows) sheet.addRow(values);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("code lists from Excel workbooks", () => {
  it("reads the Code column, skipping its header, and codes typed as numbers", async () => {
    const list = readCodeFile(
      await workbook([
        ["Order", "Code"],
        [1, "STEAM-AAAA-1111"],
        [2, "STEAM-BBBB-2222"],
        [3, 123456789012],
      ]),
      "codes.xlsx",
    );
    expect(list.problems).toEqual([]);
    expect(list.codes).toEqual(["STEAM-AAAA-1111", "STEAM-BBBB-2222", "123456789012"]);
  });

  it("reads a single column without a header, its first cell a code", async () => {
    const list = readCodeFile(await workbook([["ABC-1"], ["ABC-2"]]), "codes.xlsx");
    expect(list.codes).toEqual(["ABC-1", "ABC-2"]);
  });

  it("refuses a long code Excel stored as a number, naming the cell", () => {
    const bytes = craftWorkbook({
      sheets: [
        { name: "Keys", rows: row(1, cell.inline("A1", "Code")) + row(2, cell.number("A2", "1.2345678901234567E+19")) },
      ],
    });
    const list = readCodeFile(bytes, "keys.xlsx");
    expect(list.codes).toEqual([]);
    expect(list.problems[0]).toBe(
      "Keys!A2 holds the number 1.23456789012346E+19: a spreadsheet keeps only 15 digits of a number, so the digits after the 15th are lost. Format the column as Text (Excel: Format Cells › Text) and paste the original values again.",
    );
  });

  it("refuses a macro-enabled workbook", () => {
    const bytes = craftWorkbook({
      sheets: [{ name: "S", rows: row(1, cell.inline("A1", "Code")) }],
      extra: { "xl/vbaProject.bin": new Uint8Array([1]) },
    });
    expect(readCodeFile(bytes, "codes.xlsm").problems[0]).toMatch(/^codes\.xlsm is a macro-enabled workbook/);
  });
});

describe("contact lists from Excel workbooks", () => {
  it("reads the email column, de-duplicated, and names the sheet in its warnings", async () => {
    const parsed = parseContactListFile(
      await workbook(
        [
          ["Name", "Email Address"],
          ["Ada", "Ada@Example.com"],
          ["Ada again", "ada@example.com"],
          ["No one", "not an email"],
          ["Grace", "grace@example.com"],
        ],
        "Leads",
      ),
      "leads.xlsx",
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.emails).toEqual(["ada@example.com", "grace@example.com"]);
    expect(parsed.duplicateCount).toBe(1);
    expect(parsed.problems[0]).toMatchObject({ file: "leads.xlsx › Leads", row: 4, column: "Email Address" });
  });

  it("says which sheet has no email column", async () => {
    const parsed = parseContactListFile(
      await workbook(
        [
          ["Name", "Pledge"],
          ["Ada", 25],
        ],
        "Partners",
      ),
      "partner.xlsx",
    );
    expect(!parsed.ok && parsed.problems[0].message).toBe(
      "partner.xlsx › Partners has no email column (its columns are “Name”, “Pledge”).",
    );
  });
});
