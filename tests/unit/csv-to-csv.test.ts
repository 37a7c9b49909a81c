import { describe, expect, it } from "vitest";
import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { parseCsv } from "@/lib/csv/parse-csv";
import { escapeCsvFormula, toCsv, toCsvBytes } from "@/lib/csv/to-csv";

describe("toCsv", () => {
  it("writes a UTF-8 byte-order mark and CRLF line endings", () => {
    const bytes = toCsvBytes(["Name"], [["Zoë"]]);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe("\uFEFFName\r\nZoë\r\n");
  });

  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["+1 555 0100", "'+1 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", "'\r=1"],
    ["＝1+1", "'＝1+1"],
    ["safe=1", "safe=1"],
  ])("escapes %j against formula injection", (cell, escaped) => {
    expect(escapeCsvFormula(cell)).toBe(escaped);
  });

  it("escapes a formula followed by a line break (which Papa's own pattern misses)", () => {
    const csv = toCsv(["a"], [["=1+1\nsecond line"]]);
    expect(csv).toBe("\uFEFFa\r\n\"'=1+1\nsecond line\"\r\n");
  });

  it("leaves numbers as numbers, including negative ones", () => {
    expect(toCsv(["n"], [[-5], [0], [12.5]])).toBe("\uFEFFn\r\n-5\r\n0\r\n12.5\r\n");
  });

  it("quotes cells with delimiters, quotes, line breaks and edge spaces", () => {
    expect(toCsv(["a", "b", "c", "d"], [["x,y", 'say "hi"', "two\r\nlines", " pad "]])).toBe(
      '\uFEFFa,b,c,d\r\n"x,y","say ""hi""","two\r\nlines"," pad "\r\n',
    );
  });

  it("round-trips through decodeTextFile and parseCsv", () => {
    const headers = ["Backer Number", "Email", "Tracking", "Notes", "Amount"];
    const rows = [
      ["1", "ada@example.com", "00123456789", 'He said "ok", then left', "1,234.50"],
      ["2", "grace@example.com", "1Z999AA10123456784", "line one\r\nline two", ""],
      ["3", "émilie@example.fr", "", "ünïcødé ✓", "-"],
    ];
    const decoded = decodeTextFile(toCsvBytes(headers, rows), "export.csv");
    expect(decoded.ok).toBe(true);
    const parsed = parseCsv(decoded.ok ? decoded.text : "", "export.csv");
    expect(parsed.headers).toEqual(headers);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.cells)).toEqual(rows.map((row) => row.map((cell) => escapeCsvFormula(cell))));
  });
});
