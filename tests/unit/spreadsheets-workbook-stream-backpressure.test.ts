import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { workbookStream, type WorkbookCell, type WorkbookColumn } from "@/lib/spreadsheets/write-workbook-stream";

const columns: WorkbookColumn[] = [
  { header: "Backer Number", kind: "integer" },
  { header: "Code", kind: "text" },
];

const BATCHES = 200;
const ROWS_PER_BATCH = 500;

/** Batches of rows with random codes (so the zip cannot shrink them to nothing), counting how many were asked for. */
function countedBatches() {
  const state = { pulled: 0, finished: false };
  async function* batches(): AsyncGenerator<WorkbookCell[][]> {
    try {
      for (let b = 0; b < BATCHES; b++) {
        state.pulled++;
        yield Array.from({ length: ROWS_PER_BATCH }, (_, i) => [b * ROWS_PER_BATCH + i + 1, randomBytes(24).toString("hex")]);
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, batches: batches() };
}

describe("workbookStream and a slow reader", { timeout: 60_000 }, () => {
  it("asks for the next rows only as fast as the reader takes the bytes, and still writes every row", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const { state, batches } = countedBatches();
    const reader = workbookStream("Codes", columns, batches).getReader();
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    chunks.push(first.value!);
    // The reader stops for a while: the rows of 200 batches (about 6 MB of workbook) must not pile up meanwhile.
    await sleep(400);
    expect(state.pulled).toBeLessThan(BATCHES / 4);
    // Then it reads at a steady slow pace, so the writer waits for it batch after batch.
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks.push(next.value);
      await sleep(1);
    }
    expect(state.pulled).toBe(BATCHES);
    // Waiting once per batch must not leave a listener behind each time (Node warns past ten).
    await sleep(50);
    process.off("warning", onWarning);
    expect(warnings.map((warning) => warning.name)).not.toContain("MaxListenersExceededWarning");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("Codes")!;
    expect(sheet.rowCount).toBe(BATCHES * ROWS_PER_BATCH + 1);
    expect(sheet.getCell(`A${BATCHES * ROWS_PER_BATCH + 1}`).value).toBe(BATCHES * ROWS_PER_BATCH);
  });

  it("stops asking for rows once the reader cancels (a closed download)", async () => {
    const { state, batches } = countedBatches();
    const reader = workbookStream("Codes", columns, batches).getReader();
    await reader.read();
    await reader.cancel();
    await sleep(400);
    expect(state.finished).toBe(true);
    expect(state.pulled).toBeLessThan(BATCHES / 4);
  });
});
