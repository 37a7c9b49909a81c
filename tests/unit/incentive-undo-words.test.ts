import { describe, expect, it } from "vitest";
import { describeIncentiveUndo } from "@/lib/incentives/describe-incentive-undo";
import { describeCreditEntry, describeWithdrawnItem } from "@/lib/pledges/describe-credit-entry";

describe("undoing an incentive, in words", () => {
  it("asks with what is taken back and what happens to the emails already sent", () => {
    expect(describeIncentiveUndo({ name: "Early bird pin", kind: "ITEM", grantedCount: 1 })).toBe(
      "Take “Early bird pin” back from 1 pledge? On each, the free item is removed, and their pledge summary says the creator took it back. " +
        "Emails already sent about it stay in backers' inboxes, and no email is sent about the undo: tell backers yourself if they should know. " +
        "Emails about it that have not gone out yet are cancelled.",
    );
    expect(describeIncentiveUndo({ name: "Thanks", kind: "CREDIT", grantedCount: 1204 })).toMatch(
      /^Take “Thanks” back from 1,204 pledges\? On each, the credit is cancelled/,
    );
  });

  it("explains an undone credit on the pledge summary instead of a bare 'Undone' line", () => {
    const undoneAt = new Date("2026-03-01T00:00:00Z");
    const gift = { amount: 500, reason: "Thanks", incentiveName: "Thanks", undoneAt };
    const cancel = { amount: -500, reason: "Undone: Thanks", incentiveName: "Thanks", undoneAt };
    expect(describeCreditEntry(cancel, "backer")).toEqual({
      title: "The creator took back “Thanks”",
      note: "The creator withdrew this credit, so it no longer counts towards your balance.",
    });
    expect(describeCreditEntry(cancel, "member").title).toBe("“Thanks” was undone");
    expect(describeCreditEntry(gift, "backer")).toEqual({ title: "Thanks", note: "Later taken back by the creator (see below)." });
    // Credit that was never undone, or entered by hand, reads as it was written.
    expect(describeCreditEntry({ ...gift, undoneAt: null }, "backer")).toEqual({ title: "Thanks", note: null });
    expect(describeCreditEntry({ amount: -250, reason: "Correction", incentiveName: null, undoneAt: null }, "backer")).toEqual({
      title: "Correction",
      note: null,
    });
    expect(describeWithdrawnItem("Early bird pin", "backer")).toBe(
      "The creator took back the gift “Early bird pin”: it is no longer part of your reward.",
    );
  });
});
