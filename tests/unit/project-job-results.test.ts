import { describe, expect, it } from "vitest";
import { describeProjectJobResult } from "@/lib/jobs/describe-project-job-result";

describe("what a finished job did, as the Activity page says it", () => {
  it("a digital reward send: who got it, who was skipped or left out; a repeated send says so", () => {
    expect(
      describeProjectJobResult("DIGITAL_REWARD_SEND", {
        rewardName: "Soundtrack",
        sent: 3,
        skipped: 1,
        withoutPledge: 0,
        excluded: 2,
        repeated: false,
      }),
    ).toBe(
      "“Soundtrack” was sent to 3 backers. 1 backer already had it. 2 backers whose payment was not collected left out.",
    );
    expect(describeProjectJobResult("DIGITAL_REWARD_SEND", { rewardName: "Soundtrack", sent: 3, repeated: true })).toBe(
      "This send of “Soundtrack” had already gone out; nothing new was sent.",
    );
  });

  it("an incentive apply and its undo", () => {
    expect(describeProjectJobResult("INCENTIVE_APPLY", { name: "Pin", granted: 1, skipped: 2, emailsQueued: 1 })).toBe(
      "Gave “Pin” to 1 backer. 2 backers already had it. 1 email queued.",
    );
    expect(describeProjectJobResult("INCENTIVE_UNDO", { name: "Pin", pledges: 1_250 })).toBe(
      "Took “Pin” back from 1,250 pledges.",
    );
  });

  it("a backer import's counts", () => {
    expect(
      describeProjectJobResult("BACKER_IMPORT", {
        added: 1,
        updated: 2,
        unchanged: 0,
        pledgeLevelsCreated: 1,
        itemsCreated: 3,
      }),
    ).toBe("1 backer added, 2 updated, 0 unchanged. 1 new pledge level. 3 new items.");
  });

  it("a backer report export's rows, file and size", () => {
    const file = { name: "tidewater-backers-2026-12-07.csv", mediaType: "text/csv; charset=utf-8", attempt: 2 };
    expect(describeProjectJobResult("BACKER_REPORT_EXPORT", { rows: 250_000, format: "csv", file: { ...file, bytes: 33_566_271 } })).toBe(
      "250,000 backers exported to tidewater-backers-2026-12-07.csv (32.0 MB).",
    );
    expect(describeProjectJobResult("BACKER_REPORT_EXPORT", { rows: 1, format: "csv", file: { ...file, bytes: 300 } })).toBe(
      "1 backer exported to tidewater-backers-2026-12-07.csv (1 KB).",
    );
  });

  it("a SKU per Column export's segment, rows, file and size", () => {
    const file = { name: "early-birds-sku-per-column-2026-12-07.xlsx", mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attempt: 1 };
    expect(
      describeProjectJobResult("SEGMENT_SKU_EXPORT", { rows: 250_000, segmentName: "Early Birds", format: "xlsx", file: { ...file, bytes: 12_582_912 } }),
    ).toBe("SKU per Column of “Early Birds”: 250,000 backers exported to early-birds-sku-per-column-2026-12-07.xlsx (12.0 MB).");
  });
});
