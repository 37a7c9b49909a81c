import { strToU8, zipSync } from "fflate";
import type { HostileFile } from "./hostile-files";
import { cell, craftWorkbookParts, row, type CraftedWorkbook } from "./workbook-files";

/**
 * Hostile and broken Excel workbooks (.xlsx is a ZIP of XML parts, so it has every ZIP and XML
 * attack plus its own). Each entry says what the upload that receives it must do (`expect`, run
 * through the real upload path by the hostile-files integration test) and what the workbook reader
 * alone says (`reader`: refused with a message, or the number of data rows it hands on).
 */
export type HostileWorkbook = HostileFile & { reader: { refused: RegExp } | { rows: number } };

const MB = 1024 * 1024;
const TRACKING_HEADER = [
  "Backer Number",
  "Email",
  "Name",
  "Reward",
  "Shipping Country",
  "Tracking Number",
  "Carrier (optional)",
  "Tracking URL (optional)",
];
const LETTERS = "ABCDEFGH";

const headerRow = () => row(1, ...TRACKING_HEADER.map((title, i) => cell.inline(`${LETTERS[i]}1`, title)));
const firstBackerRow = (tracking: string) =>
  row(
    2,
    cell.number("A2", 1),
    cell.inline("B2", "first@example.com"),
    cell.inline("C2", "Ada"),
    cell.inline("F2", tracking),
  );

const trackingBook = (rows: string, extra: Partial<CraftedWorkbook> = {}): CraftedWorkbook => ({
  sheets: [{ name: "Sheet1", rows: headerRow() + rows }],
  ...extra,
});

const zipBook = (book: CraftedWorkbook) => zipSync(craftWorkbookParts(book), { level: 6 });

/** Rewrites the uncompressed size a ZIP's table of contents declares for one part (leaving its data alone). */
function declareSize(bytes: Uint8Array, path: string, size: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const name = strToU8(path);
  for (let i = 0; i + 46 < out.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const length = view.getUint16(i + 28, true);
    if (length === name.length && name.every((byte, k) => out[i + 46 + k] === byte)) {
      view.setUint32(i + 24, size, true);
      return out;
    }
  }
  throw new Error(`no part ${path}`);
}

/** Sets the "encrypted" flag on every part of a ZIP (ZIP's own password protection). */
function flagEncrypted(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 < out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x02014b50) view.setUint16(i + 8, view.getUint16(i + 8, true) | 1, true);
    if (signature === 0x04034b50) view.setUint16(i + 6, view.getUint16(i + 6, true) | 1, true);
  }
  return out;
}

/** What Excel saves with "Encrypt with Password": an OLE compound file holding EncryptionInfo and EncryptedPackage. */
function encryptedWorkbook(): Uint8Array {
  const out = new Uint8Array(4096);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  out.set(Buffer.from("EncryptionInfo", "utf16le"), 1024);
  out.set(Buffer.from("EncryptedPackage", "utf16le"), 1152);
  return out;
}

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>`;

export const HOSTILE_WORKBOOKS: HostileWorkbook[] = [
  {
    id: "workbook-zip-bomb-declared",
    target: "tracking",
    fileName: "bomb.xlsx",
    bytes: () =>
      declareSize(zipBook(trackingBook(firstBackerRow("1Z999AA10123456784"))), "xl/worksheets/sheet1.xml", 2000 * MB),
    expect: {
      refused:
        /bomb\.xlsx holds a sheet \(xl\/worksheets\/sheet1\.xml\) of 2\.0 GB once unpacked; at most 400\.0 MB is accepted/,
    },
    reader: { refused: /of 2\.0 GB once unpacked/ },
  },
  {
    id: "workbook-zip-bomb-lying",
    target: "tracking",
    fileName: "lying-bomb.xlsx",
    // 8 MB of rows that inflate from a few kilobytes, declared as 10 KB.
    bytes: () =>
      declareSize(
        zipBook(
          trackingBook(
            firstBackerRow("1Z999AA10123456784") +
              `<row r="3"><c r="A3" t="inlineStr"><is><t>${"A".repeat(8 * MB)}</t></is></c></row>`,
          ),
        ),
        "xl/worksheets/sheet1.xml",
        10 * 1024,
      ),
    expect: {
      refused:
        /lying-bomb\.xlsx is damaged: xl\/worksheets\/sheet1\.xml unpacks to more than the 10\.0 KB it declares, which is how ZIP bombs work/,
    },
    reader: { refused: /which is how ZIP bombs work/ },
  },
  {
    id: "workbook-300-mb-shared-strings",
    target: "tracking",
    fileName: "shared.xlsx",
    bytes: () =>
      declareSize(
        zipBook(trackingBook(firstBackerRow("1Z999AA10123456784"), { sharedStrings: ["x"] })),
        "xl/sharedStrings.xml",
        300 * MB,
      ),
    expect: {
      refused:
        /shared\.xlsx holds a shared-strings part \(xl\/sharedStrings\.xml\) of 300\.0 MB once unpacked; at most 64\.0 MB/,
    },
    reader: { refused: /shared-strings part/ },
  },
  {
    id: "workbook-200-mb-styles",
    target: "tracking",
    fileName: "styles.xlsx",
    bytes: () => declareSize(zipBook(trackingBook(firstBackerRow("1Z999AA10123456784"))), "xl/styles.xml", 200 * MB),
    expect: {
      refused: /styles\.xlsx holds a styles part \(xl\/styles\.xml\) of 200\.0 MB once unpacked; at most 16\.0 MB/,
    },
    reader: { refused: /styles part/ },
  },
  {
    id: "workbook-xml-entity-expansion",
    target: "tracking",
    fileName: "laughs.xlsx",
    bytes: () =>
      zipBook(
        trackingBook(firstBackerRow("1Z999AA10123456784"), {
          sharedStrings: ["x"],
          extra: { "xl/sharedStrings.xml": BILLION_LAUGHS },
        }),
      ),
    expect: { refused: /laughs\.xlsx contains an XML document type declaration \(in xl\/sharedStrings\.xml\)/ },
    reader: { refused: /XML entity expansion/ },
  },
  {
    id: "workbook-header-and-1m-empty-rows",
    target: "tracking",
    fileName: "blank-rows.xlsx",
    bytes: () => {
      const empty: string[] = [];
      for (let n = 2; n <= 1_000_001; n++) empty.push(`<row r="${n}"/>`);
      return zipBook(trackingBook(empty.join("")));
    },
    expect: { refused: /blank-rows\.xlsx › Sheet1 has a header row but no data rows/ },
    reader: { rows: 0 },
    budgetMs: 20_000,
  },
  {
    id: "workbook-16384-columns",
    target: "tracking",
    fileName: "wide.xlsx",
    bytes: () => {
      const cells: string[] = [];
      for (let column = 1; column <= 16_384; column++)
        cells.push(`<c t="inlineStr"><is><t>Column ${column}</t></is></c>`);
      return zipBook({
        sheets: [{ name: "Sheet1", rows: `<row r="1">${cells.join("")}</row>` + firstBackerRow("1Z999AA10123456784") }],
      });
    },
    expect: { refused: /Sheet1!AMK1 has a value in column 1,025; at most 1,024 columns are read/ },
    reader: { refused: /at most 1,024 columns/ },
    budgetMs: 10_000,
  },
  {
    id: "workbook-row-beyond-excel",
    target: "tracking",
    fileName: "far.xlsx",
    bytes: () =>
      zipBook(
        trackingBook(firstBackerRow("1Z999AA10123456784") + `<row r="99999999"><c r="A99999999"><v>1</v></c></row>`),
      ),
    expect: { refused: /has a row numbered 99,999,999; a spreadsheet has at most 1,048,576 rows/ },
    reader: { refused: /at most 1,048,576 rows/ },
  },
  {
    id: "workbook-xlsm-macros",
    target: "tracking",
    fileName: "macros.xlsm",
    bytes: () =>
      zipBook(
        trackingBook(firstBackerRow("1Z999AA10123456784"), {
          extra: { "xl/vbaProject.bin": new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) },
        }),
      ),
    expect: { refused: /macros\.xlsm is a macro-enabled workbook \(it contains VBA macros\)/ },
    reader: { refused: /macro-enabled/ },
  },
  {
    id: "workbook-encrypted",
    target: "tracking",
    fileName: "locked.xlsx",
    bytes: encryptedWorkbook,
    expect: { refused: /locked\.xlsx is password-protected, so it cannot be read/ },
    reader: { refused: /password-protected/ },
  },
  {
    id: "workbook-zip-encrypted-parts",
    target: "tracking",
    fileName: "zip-locked.xlsx",
    bytes: () => flagEncrypted(zipBook(trackingBook(firstBackerRow("1Z999AA10123456784")))),
    expect: { refused: /zip-locked\.xlsx is password-protected/ },
    reader: { refused: /password-protected/ },
  },
  {
    id: "workbook-csv-renamed",
    target: "tracking",
    fileName: "tracking.xlsx",
    bytes: () => strToU8(`${TRACKING_HEADER.join(",")}\n1,first@example.com,Ada,,,1Z999AA10123456784,,\n`),
    expect: {
      refused:
        /tracking\.xlsx is named like an Excel workbook but holds plain text \(it looks like a CSV file renamed to \.xlsx\)/,
    },
    reader: { refused: /holds plain text/ },
  },
  {
    id: "workbook-pdf-renamed",
    target: "tracking",
    fileName: "tracking.xlsx",
    bytes: () => strToU8("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
    expect: { refused: /tracking\.xlsx is a PDF document, not an Excel workbook/ },
    reader: { refused: /PDF document/ },
  },
  {
    id: "workbook-ods",
    target: "tracking",
    fileName: "tracking.ods",
    bytes: () =>
      zipSync(
        {
          mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"),
          "content.xml": strToU8("<office:document-content/>"),
        },
        { level: 0 },
      ),
    expect: { refused: /tracking\.ods is an OpenDocument spreadsheet \(\.ods\), which cannot be read here yet/ },
    reader: { refused: /OpenDocument spreadsheet/ },
  },
  {
    id: "workbook-long-number-tracking",
    target: "tracking",
    fileName: "general.xlsx",
    bytes: () =>
      zipBook(
        trackingBook(
          `<row r="2">${cell.number("A2", 1)}${cell.inline("B2", "first@example.com")}${cell.number("F2", "9.4001118992238569E+21")}</row>`,
        ),
      ),
    expect: { refused: /"9\.40011189922386E\+21" is a number a spreadsheet rewrote in scientific notation/ },
    reader: { refused: /Sheet1!F2 holds the number 9\.40011189922386E\+21/ },
  },
];
