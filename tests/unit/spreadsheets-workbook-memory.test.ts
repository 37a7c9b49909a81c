import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { SharedStringTable } from "@/lib/spreadsheets/pack-shared-strings";
import { readWorkbookRowBatches } from "@/lib/spreadsheets/read-workbook-rows";
import { cell, craftWorkbook, row } from "../support/workbook-files";

// A full collection before each heap reading, so it counts what is reachable and not garbage.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe("the workbook reader's memory", () => {
  it("keeps the shared strings' text, not the shared-strings XML they were parsed from", () => {
    // 30,000 strings of 18 characters, each behind 200 characters of markup it does not read
    // (a phonetic guide): about 15 MB of XML as JavaScript text for half a megabyte of strings.
    const count = 30_000;
    const text = (i: number) => `1Z4R${String(i).padStart(14, "0")}`;
    const guide = `<rPh sb="0" eb="1"><t>${"ふ".repeat(200)}</t></rPh>`;
    const sharedStrings = ["Tracking Number"];
    for (let i = 1; i <= count; i++) sharedStrings.push(`<t>${text(i)}</t>${guide}`);
    let rows = "";
    for (let i = 1; i <= 3; i++) rows += row(i + 1, cell.shared(`A${i + 1}`, i));
    const bytes = craftWorkbook({
      sharedStrings,
      sheets: [{ name: "Sheet1", rows: row(1, cell.shared("A1", 0)) + rows }],
    });

    // A small workbook read first, so the reader's compiled code is not counted.
    const small = craftWorkbook({
      sharedStrings: ["Tracking Number", `<t>${text(1)}</t>${guide}`],
      sheets: [{ name: "Sheet1", rows: row(1, cell.shared("A1", 0)) + row(2, cell.shared("A2", 1)) }],
    });
    for (const _ of readWorkbookRowBatches(small, "small.xlsx"));
    const before = heapUsed();
    const steps = readWorkbookRowBatches(bytes, "tracking.xlsx");
    let step = steps.next();
    // The first rows arrive once every shared string is read and the sheet's first chunk is parsed.
    while (!step.done && step.value.rows.length === 0) step = steps.next();
    const held = heapUsed() - before;
    expect(step.done).toBe(false);
    if (step.done) return;
    expect(step.value.rows.map((r) => r.cells)).toEqual([[text(1)], [text(2)], [text(3)]]);
    // Held as the XML they were sliced from, they would keep all 15 MB alive.
    expect(held).toBeLessThan(4 * 1024 * 1024);
    steps.return(undefined as never);
  }, 30_000);
});

describe("SharedStringTable", () => {
  it("gives back every string by index, across blocks, and nothing for an index it does not hold", () => {
    const table = new SharedStringTable();
    const strings = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? "" : `string ${i} ${"é".repeat(i % 5)}`));
    for (const s of strings) table.push(s);
    table.seal();
    expect(table.size).toBe(10_000);
    for (let i = 0; i < strings.length; i++) expect(table.get(i)).toBe(strings[i]);
    for (const index of [-1, 10_000, 1.5, Number.NaN]) expect(table.get(index)).toBeUndefined();
  });
});
