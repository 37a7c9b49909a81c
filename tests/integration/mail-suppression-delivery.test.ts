import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createProject } from "@/lib/demo/factories";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmail } from "@/lib/mail/queue-email";
import { queueEmails } from "@/lib/mail/queue-emails";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
let transport: MailTransport;

beforeEach(async () => {
  smtp = await startSmtpTestServer();
  transport = createMailTransport(smtp.url);
});

afterEach(async () => {
  transport.close();
  await smtp.stop();
});

const pledgeUrl = "http://localhost:3000/pledges/1";

/** One message of every kind to `to`, as the features queue them (bulk kinds through queueEmails). */
async function queueEveryKind(to: string, projectId: string, tag: string) {
  await queueEmail(prisma, {
    to,
    kind: "sign-in",
    props: { url: "http://localhost:3000/api/auth/magic-link/verify?token=t", email: to },
    idempotencyKey: `sign-in:${tag}`,
  });
  await queueEmails(prisma, "tracking-shipped", [
    {
      to,
      projectId,
      idempotencyKey: `shipment:${tag}`,
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
  await queueEmails(prisma, "incentive-granted", [
    {
      to,
      projectId,
      idempotencyKey: `incentive:${tag}`,
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
  await queueEmails(prisma, "digital-reward", [
    {
      to,
      projectId,
      idempotencyKey: `reward:${tag}`,
      props: {
        projectName: "Ironvale",
        rewardName: "Soundtrack",
        backerName: "Ada",
        value: "ABCD-1234",
        valueIsUrl: false,
        instructions: [],
        detailsUrl: pledgeUrl,
      },
    },
  ]);
}

async function statuses() {
  const rows = await prisma.emailMessage.findMany({
    select: { toEmail: true, kind: true, status: true, lastError: true },
  });
  return rows.sort((a, b) => `${a.toEmail}${a.kind}`.localeCompare(`${b.toEmail}${b.kind}`));
}

describe("suppressed and unsubscribed addresses", () => {
  it("a suppressed address receives nothing of any kind, and the mail log says why; others still get theirs", async () => {
    const project = await createProject(prisma);
    await queueEveryKind("gone@example.com", project.id, "gone");
    await queueEveryKind("ok@example.com", project.id, "ok");
    await prisma.emailSuppression.create({
      data: {
        email: "gone@example.com",
        reason: "HARD_BOUNCE",
        provider: "ses",
        detail: "smtp; 550 5.1.1 user unknown",
      },
    });

    await deliverQueuedEmails({ transport });
    await smtp.waitForMessages(4);
    expect(smtp.messages.flatMap((message) => message.envelope.to).sort()).toEqual(Array(4).fill("ok@example.com"));
    const gone = (await statuses()).filter((row) => row.toEmail === "gone@example.com");
    expect(gone.map((row) => row.status)).toEqual(["SKIPPED", "SKIPPED", "SKIPPED", "SKIPPED"]);
    expect(gone[0].lastError).toMatch(
      /^Not sent: this address bounced permanently \(reported by ses on \d{4}-\d\d-\d\d: smtp; 550 5\.1\.1 user unknown\)\./,
    );
    // Skipped is final: later passes do not pick them up again.
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ claimed: 0 });
  });

  it("a lifted suppression sends again", async () => {
    const project = await createProject(prisma);
    await prisma.emailSuppression.create({
      data: { email: "back@example.com", reason: "COMPLAINT", provider: "postmark", liftedAt: new Date() },
    });
    await queueEveryKind("back@example.com", project.id, "back");
    await deliverQueuedEmails({ transport });
    await smtp.waitForMessages(4);
    expect((await statuses()).map((row) => row.status)).toEqual(["SENT", "SENT", "SENT", "SENT"]);
  });

  it("a backer unsubscribed from a project's announcements gets no incentive notice but still their tracking email", async () => {
    const project = await createProject(prisma);
    const other = await createProject(prisma);
    await prisma.announcementUnsubscribe.create({ data: { projectId: project.id, email: "quiet@example.com" } });
    await queueEveryKind("quiet@example.com", project.id, "quiet");
    await queueEmails(prisma, "incentive-granted", [
      {
        to: "quiet@example.com",
        projectId: other.id,
        idempotencyKey: "incentive:other-project",
        props: {
          projectName: "Other",
          backerName: "Ada",
          gift: "$1.00 of credit",
          incentiveName: "Hi",
          pledgeUrl,
          unsubscribeUrl: "http://localhost:3000/unsubscribe/t",
        },
      },
    ]);

    await deliverQueuedEmails({ transport });
    await smtp.waitForMessages(4);
    const rows = await prisma.emailMessage.findMany({
      select: { kind: true, status: true, projectId: true, lastError: true },
    });
    const skipped = rows.filter((row) => row.status === "SKIPPED");
    expect(skipped).toMatchObject([{ kind: "incentive-granted", projectId: project.id }]);
    expect(skipped[0].lastError).toMatch(/^Not sent: the backer unsubscribed from this project's announcements on /);
    expect(smtp.messages.map((message) => message.subject).sort()).toEqual([
      "A gift from Other: Hi",
      "Sign in to Pledgehouse",
      "Your digital reward from Ironvale: Soundtrack",
      "Your reward from Ironvale has shipped",
    ]);
    // Transactional mail offers no unsubscribe (a backer cannot opt out of their tracking number);
    // the other project's announcement does.
    const offersUnsubscribe = Object.fromEntries(
      smtp.messages.map((message) => [message.subject, "list-unsubscribe" in message.headers]),
    );
    expect(offersUnsubscribe).toEqual({
      "A gift from Other: Hi": true,
      "Sign in to Pledgehouse": false,
      "Your digital reward from Ironvale: Soundtrack": false,
      "Your reward from Ironvale has shipped": false,
    });
  });
});
