import { describe, expect, it } from "vitest";
import { readBackerImportFiles, streamBackerImportFiles, type UploadedFile } from "@/lib/backers/import/read-backer-import-files";
import type { BackerImportRow } from "@/lib/backers/import/backer-import-types";
import { decodeTextFile, decodeTextFileInPieces } from "@/lib/csv/decode-text-file";
import { parseCsv, parseCsvAsync, type CsvRow } from "@/lib/csv/parse-csv";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";

/** Cuts text into pieces of a few odd sizes, so rows, quoted cells and CRLFs are split everywhere. */
function cut(text: string, sizes = [7_777, 1, 65_537, 2, 333]): string[] {
  const pieces: string[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

/** A CSV of more than 2 MiB with CRLFs, quoted delimiters, quotes and line breaks in cells, and non-Latin-1 text. */
function awkwardCsv(rows: number): string {
  const lines = ["Name,Note,Amount"];
  for (let i = 1; i <= rows; i++) {
    const note = i % 7 === 0 ? `"said ""hi"", then\r\nleft, ${i}"` : i % 5 === 0 ? `"Zoë, Łukasz & 小林 ${i}"` : `plain ${i}`;
    lines.push(`Backer ${i},${note},${i % 3 === 0 ? "" : `${i}.50`}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

const encode = (text: string) => new TextEncoder().encode(text);

describe("parsing text that arrives in pieces", () => {
  it("gives the same rows, lines and problems as the whole text, also when reading pauses between rows", async () => {
    const text = awkwardCsv(60_000);
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    const whole: CsvRow[] = [];
    const expected = parseCsv(text, "big.csv", { onRow: (row) => whole.push(row) });

    const streamed: CsvRow[] = [];
    const parsed = await parseCsvAsync(cut(text), "big.csv", {
      onRow: (row) => {
        streamed.push(row);
        // Every 97th row makes the parser wait, as a chunk being written does.
        if (streamed.length % 97 === 0) return new Promise((resolve) => setImmediate(resolve));
      },
    });

    expect(streamed.length).toBe(60_000);
    expect(streamed).toEqual(whole);
    expect(parsed).toEqual(expected);
  });

  it("reports a quote that is never closed late in a large file exactly as for the whole text", async () => {
    const text = `${awkwardCsv(40_000)}Backer x,"never closed,1\r\nBacker y,fine,2\r\n`;
    const expected = parseCsv(text, "broken.csv");
    const rows: CsvRow[] = [];
    const parsed = await parseCsvAsync(cut(text, [4_096, 3]), "broken.csv", { onRow: (row) => void rows.push(row) });
    expect(rows).toEqual(expected.rows);
    expect(parsed.problems).toEqual(expected.problems);
    expect(parsed.problems.some((problem) => problem.message.includes("is never closed"))).toBe(true);
  });
});

describe("decodeTextFileInPieces", () => {
  const big = awkwardCsv(40_000);
  const utf16le = (text: string) => {
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    return bytes;
  };
  const windows1252 = (text: string) => Uint8Array.from(text.replace(/[^\x00-\xff]/g, "?"), (char) => char.charCodeAt(0));

  it.each([
    ["UTF-8 with a byte-order mark", Uint8Array.from([0xef, 0xbb, 0xbf, ...encode(big)])],
    ["UTF-8 whose multi-byte characters straddle the pieces", encode(big)],
    ["UTF-16 (Excel's Unicode text)", utf16le(big)],
    ["Windows-1252 (Excel's older CSV)", windows1252(big)],
  ])("decodes %s to exactly decodeTextFile's text, with the same warnings", (_, bytes) => {
    const whole = decodeTextFile(bytes, "file.csv");
    const inPieces = decodeTextFileInPieces(bytes, "file.csv");
    expect(whole.ok && inPieces.ok).toBe(true);
    if (!whole.ok || !inPieces.ok) return;
    const pieces = [...inPieces.pieces()];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(whole.text);
    expect(inPieces.encoding).toBe(whole.encoding);
    expect(inPieces.warnings).toEqual(whole.warnings);
  });

  it.each([
    ["an empty file", new Uint8Array(0)],
    ["a file of blanks", encode(" \r\n".repeat(600_000))],
    ["a workbook renamed to .csv", Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3])],
    ["UTF-8 with a NUL byte", encode(`${big}\u0000`)],
    ["UTF-16 with a NUL character far into the file", utf16le(`${big}\u0000tail`)],
    ["Windows-1252 with a NUL byte far into the file", Uint8Array.from([...windows1252(big), 0xe9, 0])],
    ["control characters at the start", encode(`${"\u0001\u0002".repeat(2_000)}${big}`)],
  ])("refuses %s with decodeTextFile's message", (_, bytes) => {
    const whole = decodeTextFile(bytes, "file.csv");
    expect(whole.ok).toBe(false);
    expect(decodeTextFileInPieces(bytes, "file.csv")).toEqual(whole);
  });
});

describe("streamBackerImportFiles on a file larger than one piece", () => {
  it("reads the same rows, files and problems as readBackerImportFiles", async () => {
    const lines = generateKickstarterCsv({ rows: 9_000 }).split("\n");
    // A bad email late in the file, in a later piece than the header.
    lines[8_500] = lines[8_500].replace(/backer8500@example\.com/, "not an email");
    const file: UploadedFile = { name: "report.csv", bytes: encode(lines.join("\n")) };
    expect(file.bytes.length).toBeGreaterThan(2 * 1024 * 1024);

    const whole = readBackerImportFiles([file], { currency: "USD" });
    const rows: BackerImportRow[] = [];
    const streamed = await streamBackerImportFiles([file], { currency: "USD" }, (row) => {
      rows.push(row);
      if (rows.length % 1_000 === 0) return new Promise((resolve) => setImmediate(resolve));
    });

    expect(rows).toEqual(whole.rows);
    expect(streamed.problems).toEqual(whole.problems);
    expect(streamed.problems.some((problem) => problem.row === 8_501 && problem.column === "Email")).toBe(true);
    expect(streamed.files).toEqual(whole.files);
    expect([...streamed.pledgeLevels]).toEqual([...whole.pledgeLevels]);
  });
});
