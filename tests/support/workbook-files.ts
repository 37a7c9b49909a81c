import { strToU8, zipSync, type Zippable } from "fflate";

/**
 * Hand-written workbook packages, part by part, for the quirks a library would smooth over: the
 * order Excel stores parts in (sheets before shared strings), inline strings (Google Sheets'
 * exports and many generators), the `x:` prefixes of the Open XML SDK, Text-formatted columns,
 * formulas without saved results, phonetic guides, 1904 dates.
 */

export type CraftedSheet = { name: string; rows: string; hidden?: boolean };

export type CraftedWorkbook = {
  sheets: CraftedSheet[];
  sharedStrings?: string[];
  /** Extra `<numFmt>` entries (id → code) and the numFmtId of each cell style, in `s` order. */
  numFmts?: Record<number, string>;
  cellFormats?: number[];
  date1904?: boolean;
  /** Extra parts, by path, as text or bytes. */
  extra?: Record<string, string | Uint8Array>;
  /** Prefix every spreadsheetml element with `x:` as the Open XML SDK does. */
  prefixed?: boolean;
};

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A cell: `s` shared-string index, `n` number, `str` inline string, `f` formula (with or without a result). */
export const cell = {
  shared: (ref: string, index: number, style?: number) =>
    `<c r="${ref}" t="s"${style === undefined ? "" : ` s="${style}"`}><v>${index}</v></c>`,
  number: (ref: string, value: string | number, style?: number) =>
    `<c r="${ref}"${style === undefined ? "" : ` s="${style}"`}><v>${value}</v></c>`,
  inline: (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`,
  formula: (ref: string, formula: string, result?: string) =>
    `<c r="${ref}"><f>${escapeXml(formula)}</f>${result === undefined ? "" : `<v>${result}</v>`}</c>`,
};

export const row = (number: number, ...cells: string[]) => `<row r="${number}">${cells.join("")}</row>`;

/** The parts of a workbook, in Excel's storage order (worksheets before shared strings and styles). */
export function craftWorkbookParts(book: CraftedWorkbook): Zippable {
  const p = book.prefixed ? "x:" : "";
  const xmlns = book.prefixed ? `xmlns:x="${NS}"` : `xmlns="${NS}"`;
  const parts: Zippable = {};
  const sheetTypes = book.sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join("");
  parts["[Content_Types].xml"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes}</Types>`,
  );
  parts["_rels/.rels"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  parts["xl/workbook.xml"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${xmlns} xmlns:r="${REL}">${book.date1904 ? `<${p}workbookPr date1904="1"/>` : ""}<${p}sheets>${book.sheets
      .map(
        (sheet, i) =>
          `<${p}sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}"${sheet.hidden ? ' state="hidden"' : ""} r:id="rId${i + 1}"/>`,
      )
      .join("")}</${p}sheets></${p}workbook>`,
  );
  const rels = book.sheets.map(
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`);
  if (book.sharedStrings) rels.push(`<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  parts["xl/_rels/workbook.xml.rels"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
  );
  book.sheets.forEach((sheet, i) => {
    const rows = book.prefixed ? sheet.rows.replace(/<(\/?)(row|c|v|f|is|t)\b/g, "<$1x:$2") : sheet.rows;
    parts[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${xmlns}><${p}sheetData>${rows}</${p}sheetData></${p}worksheet>`,
    );
  });
  const numFmts = Object.entries(book.numFmts ?? {});
  const cellFormats = book.cellFormats ?? [0];
  parts["xl/styles.xml"] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join("")}</numFmts>` : ""}<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="${cellFormats.length}">${cellFormats.map((id) => `<xf numFmtId="${id}" xfId="0"${id ? ' applyNumberFormat="1"' : ""}/>`).join("")}</cellXfs></styleSheet>`,
  );
  if (book.sharedStrings) {
    parts["xl/sharedStrings.xml"] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${book.sharedStrings.length}" uniqueCount="${book.sharedStrings.length}">${book.sharedStrings.map((text) => (text.startsWith("<") ? `<si>${text}</si>` : `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`)).join("")}</sst>`,
    );
  }
  for (const [path, content] of Object.entries(book.extra ?? {}))
    parts[path] = typeof content === "string" ? strToU8(content) : content;
  return parts;
}

/** A hand-written workbook's bytes, deflated as Excel stores it. */
export function craftWorkbook(book: CraftedWorkbook): Uint8Array {
  return zipSync(craftWorkbookParts(book), { level: 6 });
}
