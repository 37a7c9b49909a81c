import { clipValue, hasErrors, type FileProblem } from "@/lib/csv/file-problem";
import { readSpreadsheetRows } from "@/lib/spreadsheets/read-spreadsheet-rows";

/** Largest contact list file accepted (a 250,000-address export is about 15 MB). */
export const MAX_CONTACT_LIST_BYTES = 30 * 1024 * 1024;

export type ParsedContactList =
  | {
      ok: true;
      /** Trimmed, lower-cased, without duplicates, in file order. */
      emails: string[];
      /** The header of the column the emails were read from. */
      emailColumn: string;
      rowCount: number;
      duplicateCount: number;
      /** Rows skipped (no email, not an email), as warnings with their row numbers. */
      problems: FileProblem[];
    }
  | { ok: false; problems: FileProblem[] };

const EMAIL = /^[^\s@<>,;"()[\]]+@[^\s@<>,;"()[\]]+\.[^\s@<>,;"()[\]]+$/;
const EXACT_HEADERS = new Set(["email", "e-mail", "email address", "e-mail address", "emailaddress", "backer email"]);

/** The first few column names and how many more, so a 50,000-column file gives a readable message. */
function describeColumns(headers: readonly string[], shown = 8): string {
  const listed = headers.slice(0, shown).map((h) => `“${clipValue(h, 40)}”`).join(", ");
  const more = headers.length - shown;
  return more > 0 ? `${listed} and ${more.toLocaleString("en-US")} more` : listed;
}

function findEmailColumn(headers: string[], firstCells: string[][]): number {
  const normalised = headers.map((h) => h.trim().toLowerCase());
  const exact = normalised.findIndex((h) => EXACT_HEADERS.has(h));
  if (exact !== -1) return exact;
  const loose = normalised.findIndex((h) => /e-?mail/.test(h));
  if (loose !== -1) return loose;
  // A list exported without a header row: the single column holds emails, the "header" is one too.
  if (
    headers.length === 1 &&
    (EMAIL.test(normalised[0]) || firstCells.some((cells) => EMAIL.test(cells[0]?.trim() ?? "")))
  ) {
    return 0;
  }
  return -1;
}

/**
 * Reads a contact list upload (a landing-page or email-campaign export, a partner project's backer
 * list): a CSV or Excel workbook with an email column, recognised by its header ("Email", "E-mail address", "Backer
 * Email", …). Emails are trimmed and lower-cased and de-duplicated. Rows without a usable email are
 * skipped and reported with their row numbers; a file without an email column or without any email
 * is refused with what to do.
 */
export function parseContactListFile(bytes: Uint8Array, uploadName: string): ParsedContactList {
  const parsed = readSpreadsheetRows(bytes, uploadName, { maxBytes: MAX_CONTACT_LIST_BYTES });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: FileProblem[] = [...parsed.problems];
  if (hasErrors(problems)) return { ok: false, problems };
  // The file's name, or for a workbook "list.xlsx › Sheet1".
  const fileName = parsed.label;

  const column = findEmailColumn(
    parsed.headers,
    parsed.rows.slice(0, 5).map((r) => r.cells),
  );
  if (column === -1) {
    return {
      ok: false,
      problems: [
        {
          file: fileName,
          row: 1,
          message: `${fileName} has no email column (its columns are ${describeColumns(parsed.headers)}).`,
          fix: "Name the column that holds the email addresses “Email” and upload the file again.",
          severity: "error",
        },
      ],
    };
  }

  const headerIsEmail = parsed.headers.length === 1 && EMAIL.test(parsed.headers[0].trim().toLowerCase());
  const seen = new Set<string>();
  const emails: string[] = [];
  let duplicateCount = 0;
  let blank = 0;
  let invalid = 0;
  const rows = headerIsEmail ? [{ row: 1, line: 1, cells: [parsed.headers[0]] }, ...parsed.rows] : parsed.rows;
  for (const row of rows) {
    const raw = (row.cells[column] ?? "").trim().replace(/^mailto:/i, "");
    if (raw === "") {
      blank++;
      continue;
    }
    const email = raw.toLowerCase();
    if (!EMAIL.test(email)) {
      if (invalid++ < 20) {
        problems.push({
          file: fileName,
          row: row.row,
          column: parsed.headers[column],
          value: clipValue(raw),
          message: `Row ${row.row}: “${clipValue(raw)}” is not an email address, so the row was skipped.`,
          fix: "Correct the address in the file and upload it again if this person should be on the list.",
          severity: "warning",
        });
      }
      continue;
    }
    if (seen.has(email)) {
      duplicateCount++;
      continue;
    }
    seen.add(email);
    emails.push(email);
  }
  if (invalid > 20) {
    problems.push({
      file: fileName,
      column: parsed.headers[column],
      message: `${invalid - 20} more rows hold something that is not an email address and were skipped.`,
      fix: "Check the column in the spreadsheet.",
      severity: "warning",
    });
  }
  if (blank > 0) {
    problems.push({
      file: fileName,
      column: parsed.headers[column],
      message: `${blank} ${blank === 1 ? "row has" : "rows have"} no email and ${blank === 1 ? "was" : "were"} skipped.`,
      fix: "Nothing to do unless those rows should have an email.",
      severity: "warning",
    });
  }
  if (emails.length === 0) {
    return {
      ok: false,
      problems: [
        ...problems,
        {
          file: fileName,
          column: parsed.headers[column],
          message: `${fileName} has no email addresses in the column “${parsed.headers[column]}”.`,
          fix: "Upload the export that lists the people's email addresses.",
          severity: "error",
        },
      ],
    };
  }
  return { ok: true, emails, emailColumn: parsed.headers[column], rowCount: rows.length, duplicateCount, problems };
}
