import { workbookStream, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";

/**
 * The problem rows (see trackingProblemRowsTable) as an Excel workbook: the creator's own cells
 * stay text, tracking numbers above all, so fixing the rows in Excel and uploading the file again
 * keeps every digit; "Row in your file" is a number.
 */
export function buildTrackingProblemRowsWorkbook(table: {
  headers: string[];
  rows: (string | number)[][];
}): ReadableStream<Uint8Array> {
  const rowColumn = table.headers.length - 3;
  const columns = table.headers.map((header, index): WorkbookColumn => ({
    header,
    kind: index === rowColumn ? "integer" : "text",
    width: index > rowColumn ? 60 : undefined,
  }));
  return workbookStream(
    "Problem rows",
    columns,
    (async function* () {
      yield table.rows;
    })(),
  );
}
