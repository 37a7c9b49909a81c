import { describe, expect, it } from "vitest";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { betterLagOfTwo, lagAgainstReference } from "../support/event-loop-lag";
import { seedLargeTrackingProject } from "../support/seed-large-tracking-project";
import { applyTrackingUpload } from "../support/tracking-in-transaction";

const BACKERS = 30_000;
// The worst stall as a multiple of a reference stretch timed in the same run (support/event-loop-lag),
// so a loaded machine raises both. Seen on the shared 2-core machine with a Next build beside it,
// with time slicing / without: preview 2.1–6.9 / 6.7–11.2, apply 3.5–5.2 / 10.5–16.8. The preview,
// which writes nothing, is bounded on the better of two attempts: a stall from another process is a
// one-off, matching that does not give way stalls every time.
const MAX_PREVIEW_LAG_RATIO = 5.5;
const MAX_APPLY_LAG_RATIO = 8;

describe("a large tracking upload shares the event loop", () => {
  it("keeps other timers running while a 30,000-row file is previewed and applied", async () => {
    const { owner, input } = await seedLargeTrackingProject(BACKERS);

    let preview: Awaited<ReturnType<typeof previewTrackingUpload>> | null = null;
    const previewLag = await betterLagOfTwo(MAX_PREVIEW_LAG_RATIO, async () => (preview = await previewTrackingUpload(input)));
    console.log(`tracking preview lag: ${previewLag.summary}`);
    expect(preview!.summary).toMatchObject({ rows: BACKERS, newBackers: BACKERS, errorRows: 0 });
    expect(previewLag.ratio, previewLag.summary).toBeLessThan(MAX_PREVIEW_LAG_RATIO);

    // The apply reads and matches the file again inside its transaction, writes the shipments and
    // prepares 30,000 emails for the outbox: measured all the way through.
    let applied: Awaited<ReturnType<typeof applyTrackingUpload>> | null = null;
    const matched: number[] = [];
    const applyLag = await lagAgainstReference(async () => {
      applied = await applyTrackingUpload({
        ...input,
        actorId: owner.id,
        expectedFingerprint: preview!.fingerprint,
        onProgress: (progress) => {
          if (progress.step === "matching") matched.push(progress.done / progress.total);
        },
      });
    });
    expect(applied!).toMatchObject({ shipmentsAdded: BACKERS, emailsQueued: BACKERS });
    console.log(`tracking apply lag: ${applyLag.summary}`);
    expect(applyLag.ratio, applyLag.summary).toBeLessThan(MAX_APPLY_LAG_RATIO);
    // The progress bar moves while the file is read and matched, not only at the end.
    expect(matched.length).toBeGreaterThan(3);
    expect(matched).toEqual([...matched].sort((a, b) => a - b));
    expect(matched.at(-1)).toBe(1);
  });
});
