import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { countBackerImportRows } from "@/tests/support/count-backer-import-rows";

// applyBackerImport writes chunks of 500 rows while it is still reading the file, so in these
// files of 2,345 rows four chunks are already in the transaction when the last row is read.
const ROWS = 2345;

const file = (text: string) => ({ name: "backer-report.csv", bytes: new TextEncoder().encode(text) });


const NOTHING = { backers: 0, pledges: 0, levels: 0, items: 0, cartLines: 0, applied: 0, audits: 0 };

describe("backer import written while it is read", () => {
  it("rejects the whole file when only its last row is bad, after earlier chunks were written", async () => {
    const project = await prisma.project.create({ data: { name: "Last row", currency: "USD" } });
    const csv = generateKickstarterCsv({ rows: ROWS }).replace(`backer${ROWS}@example.com`, "backer-at-example.com");

    const failure = await applyImportInTransaction(project.id, { files: [file(csv)] }, null).catch((caught: unknown) => caught);

    expect(failure).toMatchObject({ code: "INVALID_INPUT" });
    expect((failure as Error).message).toContain(`row ${ROWS + 1}`);
    expect(await countBackerImportRows(project.id)).toEqual(NOTHING);
  });

  it("rejects a late row that repeats an email written in an earlier chunk", async () => {
    const project = await prisma.project.create({ data: { name: "Late duplicate", currency: "USD" } });
    const csv = generateKickstarterCsv({ rows: ROWS }).replace(`backer${ROWS}@example.com`, "backer1@example.com");

    const failure = await applyImportInTransaction(project.id, { files: [file(csv)] }, null).catch((caught: unknown) => caught);

    expect(failure).toMatchObject({ code: "INVALID_INPUT" });
    expect((failure as Error).message).toContain("backer1@example.com appears twice");
    expect(await countBackerImportRows(project.id)).toEqual(NOTHING);
  });

  it("confirms a re-import that mixes updates and adds across chunk boundaries, as previewed", async () => {
    const project = await prisma.project.create({ data: { name: "Mixed", currency: "USD" } });
    const first = generateKickstarterCsv({ rows: 1500 });
    await applyImportInTransaction(project.id, { files: [file(first)] }, null);

    // The same 1,500 backers (two of them with a new status) and 845 new ones.
    const second = generateKickstarterCsv({ rows: ROWS });
    const preview = await previewImportInTransaction(project.id, [file(second)]);
    expect(preview.plan.ok).toBe(true);
    const progress: { done: number; total: number }[] = [];
    const result = await applyImportInTransaction(project.id, { importId: preview.importId, files: [file(second)] }, null, (event) => {
      if (event.phase === "writing") progress.push({ done: event.done, total: event.total });
    });

    expect(result.added).toBe(ROWS - 1500);
    expect(result.added + result.updated + result.unchanged).toBe(ROWS);
    expect(result.counts).toEqual(preview.plan.counts);
    expect(progress.at(-1)).toEqual({ done: result.added + result.updated, total: result.added + result.updated });
    const counts = await countBackerImportRows(project.id);
    expect(counts).toMatchObject({ backers: ROWS, pledges: ROWS, applied: 2, audits: 2 });
    const last = await prisma.backer.findFirstOrThrow({ where: { projectId: project.id, email: `backer${ROWS}@example.com` }, include: { pledge: true } });
    expect(last.backerNumber).toBe(ROWS);
    expect(last.pledge).not.toBeNull();
  });

  it("previews a large file from a few kept rows: counts, samples and the digest still cover every row", async () => {
    const project = await prisma.project.create({ data: { name: "Large preview", currency: "USD" } });
    await applyImportInTransaction(project.id, { files: [file(generateKickstarterCsv({ rows: 300 }))] }, null);
    const csv = generateKickstarterCsv({ rows: ROWS });

    const preview = await previewImportInTransaction(project.id, [file(csv)]);

    expect(preview.plan.counts).toMatchObject({ rows: ROWS, add: ROWS - 300, update: 0, unchanged: 300 });
    expect(preview.plan.backers.filter((planned) => planned.action === "add")).toHaveLength(100);
    expect(preview.plan.backers.filter((planned) => planned.action === "unchanged")).toHaveLength(100);
    expect(summarizeBackerImportPreview(preview).samples.add.map((sample) => sample.row)).toEqual([302, 303, 304, 305, 306]);
    const result = await applyImportInTransaction(project.id, { importId: preview.importId, files: [file(csv)] }, null);
    expect(result).toMatchObject({ added: ROWS - 300, unchanged: 300 });
  });

  it("answers a second confirm of the same preview with 'already applied'", async () => {
    const project = await prisma.project.create({ data: { name: "Double click", currency: "USD" } });
    const csv = generateKickstarterCsv({ rows: 50 });
    const preview = await previewImportInTransaction(project.id, [file(csv)]);

    const [first, second] = await Promise.allSettled([
      applyImportInTransaction(project.id, { importId: preview.importId, files: [file(csv)] }, null),
      applyImportInTransaction(project.id, { importId: preview.importId, files: [file(csv)] }, null),
    ]);

    const outcomes = [first.status, second.status].sort();
    expect(outcomes).toEqual(["fulfilled", "rejected"]);
    const rejected = [first, second].find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT", message: "This import was already applied." });
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 50, applied: 1 });
  });
});
