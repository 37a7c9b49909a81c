import { describe, expect, it } from "vitest";
import { previewBackerImport } from "@/lib/backers/import/import-backers";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";

const ROWS = 40_000;
// Without time slicing a 40,000-row preview held the event loop for ~900 ms at a stretch; with it
// the worst delay is ~50 ms. Generous for a busy machine.
const MAX_LAG_MS = 250;

describe("a large backer import preview shares the event loop", () => {
  it("keeps other timers running while a 40,000-row Kickstarter report is read and planned", async () => {
    const owner = await createUser(prisma, { email: "creator@example.com" });
    const project = await createProject(prisma, { ownerId: owner.id, name: "Big Forest" });
    const bytes = new TextEncoder().encode(generateKickstarterCsv({ rows: ROWS }));

    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 10);
      last = now;
    }, 10);
    let preview: Awaited<ReturnType<typeof previewBackerImport>>;
    try {
      preview = await previewBackerImport(project.id, [{ name: "backer-report.csv", bytes }]);
    } finally {
      clearInterval(timer);
    }

    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.counts).toMatchObject({ rows: ROWS, add: ROWS });
    expect(worst).toBeLessThan(MAX_LAG_MS);
  });
});
