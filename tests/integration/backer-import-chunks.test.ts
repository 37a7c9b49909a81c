import { describe, expect, it } from "vitest";
import { applyBackerImportPlan } from "@/lib/backers/import/apply-backer-import";
import { loadBackerImportContext } from "@/lib/backers/import/load-backer-import-context";
import { planBackerImport } from "@/lib/backers/import/plan-backer-import";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";
import { prisma } from "@/lib/db/client";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";

describe("applyBackerImportPlan with several chunks in flight", () => {
  it("writes every backer, pledge and cart line of a last partial chunk, and reports progress in order", async () => {
    const project = await prisma.project.create({ data: { name: "Chunks", currency: "USD" } });
    const csv = generateKickstarterCsv({ rows: 2345 });
    const source = readBackerImportFiles([{ name: "big.csv", bytes: new TextEncoder().encode(csv) }], { currency: "USD" });
    const plan = planBackerImport(source, await loadBackerImportContext(prisma, project.id));
    expect(plan.ok).toBe(true);
    const expectedCartLines = plan.backers.reduce((sum, planned) => sum + (planned.cart?.length ?? 0), 0);

    const progress: number[] = [];
    const summary = await prisma.$transaction(
      (tx) =>
        applyBackerImportPlan(tx, {
          projectId: project.id,
          plan,
          actorId: null,
          fileName: "big.csv",
          fileHash: "hash",
          chunkSize: 1000,
          onProgress: ({ done }) => progress.push(done),
        }),
      { timeout: 120_000 },
    );

    expect(summary.added).toBe(2345);
    expect(progress).toEqual([1000, 2000, 2345]);
    const [backers, pledges, cartLines] = await Promise.all([
      prisma.backer.count({ where: { projectId: project.id } }),
      prisma.pledge.count({ where: { projectId: project.id } }),
      prisma.cartLine.count({ where: { pledge: { projectId: project.id } } }),
    ]);
    expect({ backers, pledges, cartLines }).toEqual({ backers: 2345, pledges: 2345, cartLines: expectedCartLines });
    const last = await prisma.backer.findFirstOrThrow({ where: { projectId: project.id, email: "backer2345@example.com" }, include: { pledge: true } });
    expect(last.backerNumber).toBe(2345);
    expect(last.pledge).not.toBeNull();
  });
});
