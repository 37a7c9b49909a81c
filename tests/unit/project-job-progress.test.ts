import { describe, expect, it } from "vitest";
import { describeProjectJobResult } from "@/lib/jobs/describe-project-job-result";
import { trackingApplyProgressStep } from "@/lib/tracking/tracking-apply-progress-step";

describe("a tracking job's progress as the creator sees it", () => {
  it("maps each step onto one rising percentage for the whole job", () => {
    const readings = [
      trackingApplyProgressStep({ type: "progress", step: "matching", done: 0, total: 10 }),
      trackingApplyProgressStep({ type: "progress", step: "matching", done: 10, total: 10 }),
      trackingApplyProgressStep({ type: "progress", step: "shipments", done: 5, total: 10 }),
      trackingApplyProgressStep({ type: "progress", step: "emails", done: 10, total: 10 }),
      trackingApplyProgressStep({ type: "progress", step: "saving", done: 1, total: 1 }),
    ];
    expect(readings.map((r) => r.percent)).toEqual([5, 35, 55, 95, 99]);
    expect(readings[2].step).toBe("Saving tracking numbers and queueing emails");
    // An empty total (nothing to count yet) is the step's start, not NaN.
    expect(trackingApplyProgressStep({ type: "progress", step: "emails", done: 0, total: 0 }).percent).toBe(75);
  });

  it("says what a finished tracking job did, with plurals", () => {
    const result = { summary: { newBackers: 1, replacedBackers: 2, addedBackers: 0 }, emailsQueued: 3, skippedProblemRows: 1 };
    expect(describeProjectJobResult("TRACKING_APPLY", result)).toBe(
      "1 backer got a tracking number, 2 backers had theirs replaced. 3 emails queued. 1 row with problems left out.",
    );
    expect(describeProjectJobResult("TRACKING_APPLY", { summary: { newBackers: 0 }, emailsQueued: 0 })).toBe(
      "Nothing new: every number was already saved. No email needed sending.",
    );
  });
});
