import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AccessValue } from "@/components/digital-rewards/access-value";
import { SendPreview } from "@/components/digital-rewards/send-preview";
import { PledgeItemsList } from "@/components/pledge-summary/pledge-items-list";
import type { DigitalRewardSendPreview } from "@/lib/digital-rewards/preview-digital-reward-send";

const LONG_CODE = "STEAM-8F3K2-PQ7LM-ZX93N-4TTB1-HH02Q-ABCDE-FGHIJ";

describe("access values", () => {
  it("label the copy button by what it copies, the same for backers and creators", () => {
    expect(renderToStaticMarkup(createElement(AccessValue, { value: "ABCD-1234" }))).toContain(">Copy code<");
    expect(renderToStaticMarkup(createElement(AccessValue, { value: "https://example.com/r/1" }))).toContain(
      ">Copy link<",
    );
  });

  it("never break a code inside: it stays on one line and scrolls in its box", () => {
    const html = renderToStaticMarkup(createElement(AccessValue, { value: LONG_CODE }));
    const code = /<code class="([^"]*)">/.exec(html)![1].split(" ");
    expect(code).toContain("whitespace-nowrap");
    expect(code).toContain("overflow-x-auto");
    expect(code).not.toContain("break-all");
  });
});

describe("the send preview", () => {
  const preview: DigitalRewardSendPreview = {
    rewardName: "Game key",
    kind: "UNIQUE",
    selectedCount: 3,
    recipientCount: 1,
    skippedCount: 0,
    skippedNames: [],
    withoutPledgeCount: 0,
    exclusions: [
      { key: "failedPayments", label: "Failed and errored payments", count: 1, enabled: true },
      { key: "droppedPledges", label: "Dropped and refunded pledges", count: 1, enabled: true },
    ],
    excludedCount: 2,
    codesGiven: 1,
    bankLeft: null,
    sample: [{ name: "Ada", email: "ada@example.com", value: LONG_CODE }],
    problems: [],
  };
  const html = renderToStaticMarkup(createElement(SendPreview, { preview, onToggleExclusion: () => {} }));

  it("shows each exclusion with its count and a toggle, and says a code given away is spent", () => {
    expect(html).toContain("Exclude failed and errored payments <span");
    expect(html).toContain("(1 backer in the selection)");
    expect(html.match(/type="checkbox"/g)).toHaveLength(2);
    expect(html).toContain("A code given away is spent");
  });

  it("keeps a long code whole rather than wrapping it in the middle", () => {
    const code = new RegExp(`<code class="([^"]*)">${LONG_CODE}</code>`).exec(html)![1].split(" ");
    expect(code).toContain("whitespace-nowrap");
    expect(code).not.toContain("[overflow-wrap:anywhere]");
  });
});

describe("a pledge's item list without items", () => {
  const render = (
    level: { name: string; kind: "PHYSICAL" | "DIGITAL" | "NO_REWARD" } | null,
    viewer: "backer" | "member" = "backer",
  ) => renderToStaticMarkup(createElement(PledgeItemsList, { items: [], currency: "USD", level, viewer }));

  it("says there is nothing to deliver only for a pledge without a reward", () => {
    expect(render(null)).toContain("No reward: this pledge has nothing to deliver.");
    expect(render({ name: "Thanks", kind: "NO_REWARD" })).toContain("nothing to deliver");
    expect(render({ name: "Deluxe box", kind: "PHYSICAL" })).not.toContain("nothing to deliver");
    expect(render({ name: "Deluxe box", kind: "PHYSICAL" })).toContain(
      "The contents of “Deluxe box” are not listed here yet",
    );
    expect(render({ name: "Deluxe box", kind: "PHYSICAL" }, "member")).toContain("add them on the Pledge levels page");
    expect(render({ name: "Soundtrack", kind: "DIGITAL" })).toContain("is a digital reward");
  });
});
