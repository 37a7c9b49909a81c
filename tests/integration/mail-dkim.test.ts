import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createProject } from "@/lib/demo/factories";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmails } from "@/lib/mail/queue-emails";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { verifyDkimSignature } from "../support/verify-dkim-signature";

let keys: { publicKey: string; privateKey: string };
let smtp: SmtpTestServer;
let transport: MailTransport;

beforeAll(() => {
  keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
});

beforeEach(async () => {
  smtp = await startSmtpTestServer();
  transport = createMailTransport(
    smtp.url,
    {},
    { dkim: { domainName: "pledgehouse.localhost", keySelector: "ph2026", privateKey: keys.privateKey } },
  );
});

afterEach(async () => {
  transport.close();
  await smtp.stop();
});

const pledgeUrl = "http://localhost:3000/pledges/1";

async function deliverIncentiveAndTracking() {
  const project = await createProject(prisma);
  await queueEmails(prisma, "incentive-granted", [
    {
      to: "ada@example.com",
      projectId: project.id,
      idempotencyKey: "dkim:incentive",
      props: {
        projectName: "Ironvale",
        backerName: "Ada",
        gift: "$5.00 of credit",
        incentiveName: "Thanks",
        pledgeUrl,
        unsubscribeUrl: "http://localhost:3000/unsubscribe/t",
      },
    },
  ]);
  await queueEmails(prisma, "tracking-shipped", [
    {
      to: "ada@example.com",
      projectId: project.id,
      idempotencyKey: "dkim:tracking",
      props: {
        projectName: "Ironvale",
        backerName: "Ada",
        trackingNumber: "1Z999AA10123456784",
        carrier: "UPS",
        trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
        pledgeUrl,
        shippedOn: "Dec 7, 2026",
        otherPackages: "",
      },
    },
  ]);
  await deliverQueuedEmails({ transport });
  const messages = await smtp.waitForMessages(2);
  return {
    incentive: messages.find((message) => message.subject.startsWith("A gift"))!,
    tracking: messages.find((message) => message.subject.includes("shipped"))!,
  };
}

/** The raw message with one header's value replaced, as a forwarder or an attacker might. */
function withHeader(raw: string, name: string, value: string): string {
  const pattern = new RegExp(`^${name}:.*(\\r\\n[ \\t].*)*$`, "im");
  expect(raw).toMatch(pattern);
  return raw.replace(pattern, `${name}: ${value}`);
}

describe("DKIM signing when the instance sends directly", () => {
  it("signs every email so a receiver verifies it, the announcement's one-click unsubscribe headers included", async () => {
    const { incentive, tracking } = await deliverIncentiveAndTracking();

    const verified = verifyDkimSignature(incentive.raw, keys.publicKey);
    expect(verified).toMatchObject({ ok: true, domain: "pledgehouse.localhost", selector: "ph2026" });
    // RFC 8058 section 4: the signature must cover both headers, or receivers ignore one-click.
    expect(verified.ok && verified.signedHeaders).toEqual(
      expect.arrayContaining(["from", "subject", "list-unsubscribe", "list-unsubscribe-post"]),
    );
    expect(verifyDkimSignature(tracking.raw, keys.publicKey)).toMatchObject({ ok: true });

    // Changing either unsubscribe header, the subject or the body breaks the signature.
    for (const tampered of [
      withHeader(incentive.raw, "List-Unsubscribe", "<https://attacker.example/unsubscribe>"),
      withHeader(incentive.raw, "List-Unsubscribe-Post", "List-Unsubscribe=Two-Clicks"),
      withHeader(incentive.raw, "Subject", "A gift from someone else"),
      incentive.raw.replace("Ada", "Eve"),
    ]) {
      expect(verifyDkimSignature(tampered, keys.publicKey)).toMatchObject({ ok: false });
    }
    // Another key (a wrong DNS record) does not verify it.
    const other = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(verifyDkimSignature(incentive.raw, other.publicKey)).toEqual({
      ok: false,
      reason: "signature does not match",
    });
  });
});
