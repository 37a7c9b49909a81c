import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeTextFile, decodeTextFileInPieces } from "@/lib/csv/decode-text-file";

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/kickstarter/${name}`));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeTextFile", () => {
  it("strips a UTF-8 byte-order mark", () => {
    const result = decodeTextFile(fixture("current-generation.csv"), "current-generation.csv");
    expect(result.ok && result.encoding).toBe("utf-8");
    expect(result.ok && result.text.startsWith("Backer Number,")).toBe(true);
  });

  it("decodes Excel's UTF-16LE 'Unicode text' export", () => {
    const result = decodeTextFile(fixture("excel-unicode-text.txt"), "excel-unicode-text.txt");
    expect(result.ok && result.encoding).toBe("utf-16le");
    expect(result.ok && result.text).toContain("Émilie du Châtelet");
    expect(result.ok && result.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("detects UTF-16 without a byte-order mark, little- and big-endian", () => {
    const le = new Uint8Array([0x61, 0, 0x3b, 0, 0x62, 0, 0x0a, 0]);
    const be = new Uint8Array([0, 0x61, 0, 0x3b, 0, 0x62, 0, 0x0a]);
    expect(decodeTextFile(le, "le.csv")).toMatchObject({ ok: true, encoding: "utf-16le", text: "a;b\n" });
    expect(decodeTextFile(be, "be.csv")).toMatchObject({ ok: true, encoding: "utf-16be", text: "a;b\n" });
    expect(decodeTextFile(new Uint8Array([0xfe, 0xff, 0, 0x41]), "bom-be.csv")).toMatchObject({ ok: true, text: "A" });
  });

  it("reads Windows-1252 with a warning instead of refusing it", () => {
    const result = decodeTextFile(new Uint8Array([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x52, 0xe9, 0x6d, 0x79]), "old-excel.csv");
    expect(result).toMatchObject({ ok: true, encoding: "windows-1252", text: "Name\nRémy" });
    expect(result.ok && result.warnings[0]).toMatchObject({ file: "old-excel.csv", severity: "warning" });
    expect(result.ok && result.warnings[0].fix).toContain("CSV UTF-8");
  });

  it("refuses an empty file, naming it", () => {
    expect(decodeTextFile(fixture("empty.csv"), "empty.csv")).toEqual({
      ok: false,
      problem: expect.objectContaining({ file: "empty.csv", message: "empty.csv is empty (0 bytes).", severity: "error" }),
    });
    const blank = decodeTextFile(utf8("\uFEFF\r\n  \r\n"), "blank.csv");
    expect(!blank.ok && blank.problem.message).toBe("blank.csv is empty (it has no rows).");
  });

  it("refuses a file over the size limit and says by how much", () => {
    const result = decodeTextFile(utf8("a,b\n".repeat(1000)), "big.csv", { maxBytes: 1024 });
    expect(!result.ok && result.problem.message).toBe("big.csv is 3.9 KB; the limit is 1.0 KB.");
    expect(!result.ok && result.problem.fix).toMatch(/Split it/);
  });

  it("recognises workbooks and binary files and says to save as CSV", () => {
    const xlsx = decodeTextFile(fixture("not-csv.xlsx"), "backers.xlsx");
    expect(!xlsx.ok && xlsx.problem.message).toBe("backers.xlsx is an Excel workbook (.xlsx), not a CSV file.");
    expect(!xlsx.ok && xlsx.problem.fix).toContain("CSV UTF-8");
    const xls = decodeTextFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "old.xls");
    expect(!xls.ok && xls.problem.message).toContain("Excel 97–2003 workbook");
    const binary = decodeTextFile(fixture("binary.csv"), "binary.csv");
    expect(!binary.ok && binary.problem.message).toBe("binary.csv is not a text file (it contains binary data).");
    const pdf = decodeTextFile(utf8("%PDF-1.7\n..."), "report.csv");
    expect(!pdf.ok && pdf.problem.message).toContain("PDF");
  });

  it("does not tell someone with a PDF or an image renamed .csv to open it in a spreadsheet", () => {
    for (const [bytes, name] of [
      [utf8("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), "backers.csv"],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "backers.csv"],
    ] as const) {
      const decoded = decodeTextFile(bytes, name);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) {
        expect(decoded.problem.fix).not.toMatch(/Excel|Numbers|Google Sheets/);
        expect(decoded.problem.fix).toMatch(/Download the CSV export again/);
      }
    }
  });
});

describe("decodeTextFileInPieces with pieceBytes", () => {
  it("hands out the same text in pieces of at most that many bytes, in UTF-8 and UTF-16, BOM dropped", () => {
    const text = Array.from({ length: 4000 }, (_, i) => `${i},Zoë Ünal,1Z999AA1012345678${i % 10},“quoted”`).join("\r\n");
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    for (const bytes of [new TextEncoder().encode(`\uFEFF${text}`), utf16]) {
      const decoded = decodeTextFileInPieces(bytes, "f.csv", { pieceBytes: 1001 });
      if (!decoded.ok) throw new Error(decoded.problem.message);
      const pieces = [...decoded.pieces()];
      expect(pieces.join("")).toBe(text);
      expect(pieces.length).toBeGreaterThan(100);
      expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(1001);
    }
  });
});
