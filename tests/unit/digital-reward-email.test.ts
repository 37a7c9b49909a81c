import { describe, expect, it } from "vitest";
import { createBulkEmailRenderer } from "@/lib/mail/create-bulk-email-renderer";
import { emailKinds } from "@/lib/mail/email-kinds";
import { renderEmail } from "@/lib/mail/render-email";
import { digitalRewardEmailProps } from "@/lib/digital-rewards/digital-reward-email-props";
import { linkInstructions } from "@/lib/digital-rewards/link-instructions";

const base = {
  projectName: "Tidewater",
  rewardName: "Soundtrack",
  backerName: "Ada",
  instructions: linkInstructions("Redeem at https://example.com/redeem\n\n<b>not bold</b>"),
  appUrl: "http://localhost:3000/",
  pledgeId: "11111111-1111-4111-8111-111111111111",
};

describe("digital reward email", () => {
  it("shows a code, the instructions with safe links, and the Backing details link", async () => {
    const email = await renderEmail("digital-reward", digitalRewardEmailProps({ ...base, value: "CODE-<1>" }));
    expect(email.subject).toBe("Your digital reward from Tidewater: Soundtrack");
    expect(email.html).toContain("CODE-&lt;1&gt;");
    expect(email.html).toContain('href="https://example.com/redeem"');
    expect(email.html).toContain("&lt;b&gt;not bold&lt;/b&gt;");
    expect(email.text).toContain("CODE-<1>");
    expect(email.text).toContain("http://localhost:3000/pledges/11111111-1111-4111-8111-111111111111/backing-details");
  });

  it("links a URL reward and renders both shapes from a template, identical to a full render", async () => {
    const bulk = createBulkEmailRenderer(emailKinds["digital-reward"]);
    const rows = [
      digitalRewardEmailProps({ ...base, value: "https://example.com/get?a=1&b=2" }),
      digitalRewardEmailProps({ ...base, backerName: 'Zoë & "Co"', value: "https://example.com/other" }),
      digitalRewardEmailProps({ ...base, value: "K-1" }),
      digitalRewardEmailProps({ ...base, backerName: "", value: "K-2" }),
    ];
    for (const row of rows) expect(await bulk.render(row)).toEqual(await renderEmail("digital-reward", row));
    expect(bulk.shapes().every((shape) => shape.verbatim)).toBe(true);
    const url = await bulk.render(rows[0]);
    expect(url.html).toContain('href="https://example.com/get?a=1&amp;b=2"');
  });
});
