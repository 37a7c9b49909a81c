import { describe, expect, it } from "vitest";
import { previewImportInTransaction } from "../support/backer-import-in-transaction";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { betterLagOfTwo } from "../support/event-loop-lag";

const ROWS = 40_000;
// The worst stall as a multiple of a reference stretch timed in the same run (support/event-loop-lag),
// so a loaded machine raises both. Seen on the shared 2-core machine with a Next build beside it:
// 1.5–3.3 with time slicing; 17–60 without it (the whole preview in one stretch). The better of two
// attempts is bounded: a stall from another process is a one-off, a preview that does not give way
// stalls every time.
const MAX_LAG_RATIO = 10;

describe("a large backer import preview shares the event loop", () => {
  it("keeps other timers running while a 40,000-row Kickstarter report is read and planned", async () => {
    const owner = await createUser(prisma, { email: "creator@example.com" });
    const project = await createProject(prisma, { ownerId: owner.id, name: "Big Forest" });
    const bytes = new TextEncoder().encode(generateKickstarterCsv({ rows: ROWS }));

    let preview!: Awaited<ReturnType<typeof previewImportInTransaction>>;
    const lag = await betterLagOfTwo(MAX_LAG_RATIO, async () => {
      preview = await previewImportInTransaction(project.id, [{ name: "backer-report.csv", bytes }]);
    });
    console.log(`backer-import lag: ${lag.summary}`);

    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.counts).toMatchObject({ rows: ROWS, add: ROWS });
    expect(lag.ratio, lag.summary).toBeLessThan(MAX_LAG_RATIO);
  });
});
