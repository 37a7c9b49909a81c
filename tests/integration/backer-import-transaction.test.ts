import { describe, expect, it } from "vitest";
import { applyBackerImport, BACKER_IMPORT_TRANSACTION, previewBackerImport } from "@/lib/backers/import/import-backers";
import { prisma } from "@/lib/db/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { countBackerImportRows } from "@/tests/support/count-backer-import-rows";

const file = (text: string) => ({ name: "backer-report.csv", bytes: new TextEncoder().encode(text) });

class CallerRolledBack extends Error {}

/** Runs `work` in a transaction its caller opened, then rolls that transaction back. */
async function thenRollBack(work: Parameters<typeof runInTransaction>[0]): Promise<void> {
  await expect(
    runInTransaction(async (tx) => {
      await work(tx);
      throw new CallerRolledBack();
    }, BACKER_IMPORT_TRANSACTION),
  ).rejects.toBeInstanceOf(CallerRolledBack);
}

describe("the backer import's use-cases run in the transaction their caller opens", () => {
  it("an apply is undone with its caller's transaction, and commits with it", async () => {
    const project = await prisma.project.create({ data: { name: "Caller's transaction", currency: "USD" } });
    const files = [file(generateKickstarterCsv({ rows: 700 }))];

    await thenRollBack(async (tx) => {
      const result = await applyBackerImport(tx, project.id, { files }, null);
      expect(result.added).toBe(700);
      // Seen inside the caller's transaction, before it ends.
      expect(await tx.backer.count({ where: { projectId: project.id } })).toBe(700);
    });
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 0, pledges: 0, applied: 0, audits: 0 });

    await runInTransaction((tx) => applyBackerImport(tx, project.id, { files }, null), BACKER_IMPORT_TRANSACTION);
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 700, pledges: 700, applied: 1 });
  });

  it("a preview's record is written in its caller's transaction", async () => {
    const project = await prisma.project.create({ data: { name: "Caller's preview", currency: "USD" } });
    const files = [file(generateKickstarterCsv({ rows: 20 }))];
    await thenRollBack(async (tx) => {
      const preview = await previewBackerImport(tx, project.id, files);
      expect(await tx.import.count({ where: { id: preview.importId } })).toBe(1);
    });
    expect(await prisma.import.count({ where: { projectId: project.id } })).toBe(0);
  });
});
