import { describe, expect, it } from "vitest";
import { formatFileProblem, hasErrors } from "@/lib/csv/file-problem";
import { readWorkbookRows } from "@/lib/spreadsheets/read-workbook-rows";
import { HOSTILE_WORKBOOKS } from "../support/hostile-workbooks";

describe("the workbook reader on hostile workbooks", () => {
  for (const file of HOSTILE_WORKBOOKS) {
    it(`${file.id}: ${"refused" in file.reader ? "refused with a specific message" : "read"}, in bounded time`, () => {
      const bytes = file.bytes();
      let rows = 0;
      const started = performance.now();
      const result = readWorkbookRows(bytes, file.fileName, () => rows++);
      const elapsed = performance.now() - started;
      const messages = result.problems.map(formatFileProblem).join("\n");
      if ("refused" in file.reader) {
        expect(hasErrors(result.problems), messages).toBe(true);
        expect(messages).toMatch(file.reader.refused);
        if (!result.ok) expect(rows).toBe(0);
        // A message the creator can read, not a dump.
        for (const problem of result.problems) expect(formatFileProblem(problem).length).toBeLessThan(4000);
      } else {
        expect(result.ok, messages).toBe(true);
        expect(rows).toBe(file.reader.rows);
      }
      expect(elapsed).toBeLessThan(file.budgetMs ?? 5_000);
    }, 60_000);
  }
});
