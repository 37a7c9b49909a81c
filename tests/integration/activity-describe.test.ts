import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { listAuditDetailRows } from "@/lib/activity/list-audit-detail-rows";

// Pure functions (no database), kept with the other activity tests. The details below have the
// shapes the recording code writes (lib/**: auditEvent.create calls).
const P = "/projects/p1";
const say = (action: string, targetCount: number, details: Record<string, unknown> | null) =>
  describeAuditEvent({ action, targetCount, details }, P);

describe("describeAuditEvent", () => {
  it("says what each known bulk action did, with its counts and where to look", () => {
    const imported = say("backers.import", 1204, {
      importId: "i1",
      fileName: "kickstarter.csv",
      fileHash: "abc",
      rows: 1210,
      add: 1200,
      update: 4,
      unchanged: 6,
      invalid: 0,
      newPledgeLevels: 3,
      newItems: 0,
      errors: 0,
      warnings: 2,
    });
    expect(imported.sentence).toBe("imported 1,204 backers from kickstarter.csv");
    expect(imported.facts).toEqual([
      { label: "Added", value: "1,200" },
      { label: "Updated", value: "4" },
      { label: "Unchanged", value: "6" },
      { label: "New pledge levels", value: "3" },
      { label: "Rows read", value: "1,210" },
    ]);
    expect(imported.link).toEqual({ href: `${P}/imports`, label: "Import history" });
    expect(say("backers.import", 0, { fileName: "same.csv", add: 0, update: 0 }).sentence).toBe(
      "imported from same.csv: every backer was already up to date",
    );

    const tracking = say("tracking.upload", 2, {
      fileName: "tracking.csv",
      newBackers: 1,
      replacedBackers: 1,
      addedBackers: 0,
      unchangedBackers: 0,
      skippedBackers: 0,
      emailsQueued: 2,
      skippedProblemRows: 0,
    });
    expect(tracking.sentence).toBe("added tracking numbers for 2 backers from tracking.csv");
    expect(tracking.facts.map((f) => `${f.label}: ${f.value}`)).toEqual([
      "First tracking number: 1",
      "Number replaced: 1",
      "Emails queued: 2",
    ]);
    expect(tracking.link?.href).toBe(`${P}/mail`);

    expect(
      say("tracking.add", 1, { backerId: "b1", trackingNumber: "RA123456785CA", carrier: "Canada Post", replaced: 1 })
        .sentence,
    ).toBe("added tracking number RA123456785CA (Canada Post) for one backer, replacing the previous number");
    expect(
      say("digital-reward.send", 40, {
        rewardId: "r1",
        rewardName: "Soundtrack",
        source: "bank",
        sent: 40,
        skipped: 2,
        withoutPledge: 0,
      }),
    ).toMatchObject({
      sentence: "sent the digital reward “Soundtrack” to 40 backers with codes from the code bank",
      facts: [
        { label: "Sent", value: "40" },
        { label: "Already had it", value: "2" },
      ],
      link: { href: `${P}/digital-rewards/r1` },
    });
    expect(say("digital-reward.resend", 1, { rewardId: "r1", rewardName: "Soundtrack", sendCount: 2 }).sentence).toBe(
      "re-sent the digital reward “Soundtrack” to one backer",
    );
    // Named, as a single tracking number is, when the event records the backer.
    expect(
      say("digital-reward.resend", 1, {
        rewardId: "r1",
        rewardName: "Soundtrack",
        sendCount: 2,
        backerName: "",
        backerEmail: "ada@example.com",
        backerNumber: 12,
      }).sentence,
    ).toBe("re-sent the digital reward “Soundtrack” to backer #12, ada@example.com");
    expect(
      say("digital-reward.bank-upload", 500, { rewardId: "r1", rewardName: "Key", added: 500, bankLeft: 740 }),
    ).toMatchObject({
      sentence: "added 500 codes to the code bank of the digital reward “Key”",
      facts: [{ label: "Codes left in the bank", value: "740" }],
    });
    expect(
      say("segment.add-backers", 3, { segmentId: "s1", segmentName: "VIPs", createdSegment: true, selected: 5 }),
    ).toMatchObject({
      sentence: "added 3 backers to the new segment “VIPs”",
      facts: [
        { label: "Selected", value: "5" },
        { label: "Already in it", value: "2" },
      ],
      link: { href: `${P}/segments/s1` },
    });
    expect(
      say("incentive.apply", 120, {
        incentiveName: "Early bird pin",
        gift: "Enamel pin",
        segmentName: "Early birds",
        recipients: 125,
        skipped: 5,
        emailsQueued: 120,
      }).sentence,
    ).toBe("gave the incentive “Early bird pin” (Enamel pin) to 120 backers in the segment “Early birds”");
    expect(say("incentive.undo", 1, { incentiveName: "Early bird pin" }).sentence).toBe(
      "undid the incentive “Early bird pin” for 1 backer",
    );
    expect(say("mail.retry", 1, { toEmail: "ada@example.com" }).sentence).toBe(
      "queued the failed email to ada@example.com to be sent again",
    );
    expect(say("mail.retry", 12, { scope: "all-failed" }).sentence).toBe("queued 12 failed emails to be sent again");
    const lifted = say("mail.suppression-lifted", 1, {
      email: "grace@example.com",
      backerName: "Grace Hopper",
      reason: "COMPLAINT",
      provider: "postmark",
    });
    expect(lifted.sentence).toBe("lifted the email suppression of Grace Hopper, grace@example.com: it receives email again");
    expect(lifted.facts).toEqual([
      { label: "Was suppressed for", value: "a spam complaint" },
      { label: "Reported by", value: "postmark" },
    ]);
    expect(lifted.link).toEqual({ href: `${P}/mail`, label: "Mail log" });
    expect(lifted.category).toBe("mail");
  });

  it("degrades instead of breaking when details are missing or odd, and names unknown actions", () => {
    expect(say("incentive.undo", 2, null).sentence).toBe("undid an incentive for 2 backers");
    expect(say("digital-reward.send", 3, { rewardName: 42, sent: "many" }).sentence).toBe(
      "sent a digital reward to 3 backers",
    );
    expect(say("tracking.add", 1, {}).sentence).toBe("added a tracking number for one backer");
    expect(say("segment.delete", 0, { segmentName: "Old" })).toEqual({
      sentence: "ran “segment.delete”",
      facts: [],
      link: null,
      category: "other",
    });
    expect(say("contacts.import", 2500, null).sentence).toBe("ran “contacts.import” on 2,500 records");
  });
});

describe("listAuditDetailRows", () => {
  it("turns recorded details into readable rows, nested values included", () => {
    expect(
      listAuditDetailRows({
        fileName: "a.csv",
        emailsQueued: 1200,
        skip_existing: false,
        exclusions: { failedPayments: true, noReward: false },
        codes: ["A", "B"],
        missing: null,
      }),
    ).toEqual([
      { label: "File name", value: "a.csv" },
      { label: "Emails queued", value: "1,200" },
      { label: "Skip existing", value: "No" },
      { label: "Exclusions", value: "Failed payments: Yes; No reward: No" },
      { label: "Codes", value: "A, B" },
      { label: "Missing", value: "—" },
    ]);
    expect(listAuditDetailRows(null)).toEqual([]);
  });
});
