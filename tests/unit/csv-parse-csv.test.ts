import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/csv/parse-csv";

describe("parseCsv", () => {
  it("keeps every cell a string (no typing of numbers, ids or dates)", () => {
    const parsed = parseCsv("Tracking,Zip,Amount\r\n001234567890,01234,1e5\r\n", "t.csv");
    expect(parsed.rows[0].cells).toEqual(["001234567890", "01234", "1e5"]);
  });

  it("trims the header row and names empty headers", () => {
    const parsed = parseCsv("  Email , ,Name\nx@y.z,1,Ada\n", "h.csv");
    expect(parsed.headers).toEqual(["Email", "Column 2", "Name"]);
  });

  it.each([
    [",", "a,b,c\n1,2,3\n"],
    [";", "a;b;c\n1,5;2,5;3\n"],
    ["\t", "a\tb\tc\n1\t2,5\t3\n"],
  ])("detects the %j delimiter from the header, not the data", (delimiter, text) => {
    const parsed = parseCsv(text, "d.csv");
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.rows[0].cells).toHaveLength(3);
  });

  it("honours Excel's sep= line", () => {
    const parsed = parseCsv("sep=;\r\na;b\r\n1;2\r\n", "sep.csv");
    expect(parsed).toMatchObject({ delimiter: ";", headers: ["a", "b"] });
    expect(parsed.rows[0]).toEqual({ row: 2, line: 3, cells: ["1", "2"] });
  });

  it("reads quoted cells with delimiters, quotes and line breaks, and numbers rows as a spreadsheet does", () => {
    const parsed = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n\r\nlast,row\r\n\r\n,\r\n', "q.csv");
    expect(parsed.rows.map((row) => [row.row, row.line, row.cells])).toEqual([
      [2, 2, ["x, y", 'say "hi"']],
      [3, 3, ["two\r\nlines", "z"]],
      [5, 6, ["last", "row"]],
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it("reports an unbalanced quote with its row", () => {
    const parsed = parseCsv('a,b\n1,2\n"open,3\n4,5\n', "quotes.csv");
    expect(parsed.problems).toEqual([
      expect.objectContaining({ file: "quotes.csv", row: 3, severity: "error", message: expect.stringContaining("never closed") }),
    ]);
  });

  it("reports rows with too many cells (error) and too few (warning, padded)", () => {
    const parsed = parseCsv("a,b,c\n1,2,3,4\n5,6\n7,8,9,,\n", "cells.csv");
    expect(parsed.problems).toEqual([
      expect.objectContaining({ row: 2, severity: "error", value: "4", message: "Row 2 has 4 cells but the header has 3, so its columns do not line up." }),
      expect.objectContaining({ row: 3, severity: "warning", message: "Row 3 has 2 cells but the header has 3; the missing cells are read as empty." }),
    ]);
    expect(parsed.rows[1].cells).toEqual(["5", "6", ""]);
    expect(parsed.rows[2].cells).toEqual(["7", "8", "9"]);
  });

  it("streams rows through onRow without collecting them", () => {
    const seen: number[] = [];
    const parsed = parseCsv("a\n1\n2\n3\n", "s.csv", { onRow: (row) => seen.push(row.row) });
    expect(seen).toEqual([2, 3, 4]);
    expect(parsed.rows).toEqual([]);
    expect(parsed.rowCount).toBe(3);
  });

  it("warns about a duplicated header", () => {
    const parsed = parseCsv("Email,Name,Email\na,b,c\n", "dup.csv");
    expect(parsed.problems[0]).toMatchObject({ column: "Email", severity: "warning", message: expect.stringContaining("columns 1 and 3") });
  });
});
