import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/unsubscribe/[token]/route";
import { prisma } from "@/lib/db/client";
import { createProject } from "@/lib/demo/factories";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmails } from "@/lib/mail/queue-emails";
import { createAnnouncementUnsubscribeToken } from "@/lib/mail/unsubscribe/announcement-unsubscribe-token";
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

async function queueIncentiveAndTracking(projectId: string, to: string) {
  await queueEmails(prisma, "incentive-granted", [
    {
      to,
      projectId,
      idempotencyKey: `incentive:${projectId}:${to}`,
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
      to,
      projectId,
      idempotencyKey: `shipment:${projectId}:${to}`,
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
}

const oneClick = (token: string, body = "List-Unsubscribe=One-Click") =>
  POST(
    new Request(`http://localhost:3000/api/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
    { params: Promise.resolve({ token }) },
  );

describe("announcements carry one-click unsubscribe; transactional mail does not", () => {
  it("the incentive notice has List-Unsubscribe (RFC 8058) naming that backer and project; the tracking email has none", async () => {
    const project = await createProject(prisma);
    await queueIncentiveAndTracking(project.id, "ada@example.com");
    await deliverQueuedEmails({ transport });
    const messages = await smtp.waitForMessages(2);
    const incentive = messages.find((message) => message.subject.startsWith("A gift"))!;
    const tracking = messages.find((message) => message.subject.includes("shipped"))!;

    const token = createAnnouncementUnsubscribeToken(project.id, "ada@example.com");
    expect(incentive.headers["list-unsubscribe"]).toBe(`<http://localhost:3000/api/unsubscribe/${token}>`);
    expect(incentive.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(tracking.headers["list-unsubscribe"]).toBeUndefined();
    expect(tracking.headers["list-unsubscribe-post"]).toBeUndefined();
  });

  it("a one-click POST unsubscribes that backer from that project only; a tampered token changes nothing", async () => {
    const project = await createProject(prisma);
    const other = await createProject(prisma);
    const token = createAnnouncementUnsubscribeToken(project.id, "ada@example.com");

    const tampered = token.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await oneClick(tampered)).status).toBe(404);
    expect(await prisma.announcementUnsubscribe.count()).toBe(0);

    const response = await oneClick(token);
    expect(response.status).toBe(200);
    expect((await oneClick(token)).status).toBe(200);
    expect(await prisma.announcementUnsubscribe.findMany({ select: { projectId: true, email: true } })).toEqual([
      { projectId: project.id, email: "ada@example.com" },
    ]);

    // The page's form posts without the one-click body and is sent back to the page.
    const fromPage = await oneClick(createAnnouncementUnsubscribeToken(other.id, "bob@example.com"), "");
    expect(fromPage.status).toBe(303);
    expect(fromPage.headers.get("location")).toMatch(/^\/unsubscribe\//);

    await queueIncentiveAndTracking(project.id, "ada@example.com");
    await queueIncentiveAndTracking(other.id, "ada@example.com");
    await deliverQueuedEmails({ transport });
    const received = await smtp.waitForMessages(3);
    // Still the tracking email from the project, and everything from the other project.
    expect(received.map((message) => message.subject).sort()).toEqual([
      "A gift from Ironvale: Thanks",
      "Your reward from Ironvale has shipped",
      "Your reward from Ironvale has shipped",
    ]);
    const skipped = await prisma.emailMessage.findMany({
      where: { status: "SKIPPED" },
      select: { projectId: true, kind: true },
    });
    expect(skipped).toEqual([{ projectId: project.id, kind: "incentive-granted" }]);
  });
});

describe("changing one's mind", () => {
  it("the unsubscribe page's 'receive them again' button sends that project's announcements again, from then on", async () => {
    const project = await createProject(prisma);
    const token = createAnnouncementUnsubscribeToken(project.id, "ada@example.com");
    expect((await oneClick(token)).status).toBe(200);
    await queueIncentiveAndTracking(project.id, "ada@example.com");
    await deliverQueuedEmails({ transport });
    expect((await smtp.waitForMessages(1)).map((message) => message.subject)).toEqual([
      "Your reward from Ironvale has shipped",
    ]);

    // A tampered token changes nothing; the page's button does, and leads back to the page.
    const tampered = token.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await oneClick(tampered, "resubscribe=1")).status).toBe(404);
    expect(await prisma.announcementUnsubscribe.count()).toBe(1);
    const back = await oneClick(token, "resubscribe=1");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`/unsubscribe/${token}?resubscribed=1`);
    expect(await prisma.announcementUnsubscribe.count()).toBe(0);

    // The notice skipped meanwhile stays unsent; the next one arrives.
    await queueEmails(prisma, "incentive-granted", [
      {
        to: "ada@example.com",
        projectId: project.id,
        idempotencyKey: `incentive:${project.id}:again`,
        props: {
          projectName: "Ironvale",
          backerName: "Ada",
          gift: "$2.00 of credit",
          incentiveName: "Welcome back",
          pledgeUrl,
          unsubscribeUrl: "http://localhost:3000/unsubscribe/t",
        },
      },
    ]);
    await deliverQueuedEmails({ transport });
    expect((await smtp.waitForMessages(2)).map((message) => message.subject)).toEqual([
      "Your reward from Ironvale has shipped",
      "A gift from Ironvale: Welcome back",
    ]);
    expect(await prisma.emailMessage.count({ where: { status: "SKIPPED" } })).toBe(1);
  });
});

describe("sender identity", () => {
  it("every backer email shows the project's display name on the instance's address, and replies go to the creator", async () => {
    const project = await createProject(prisma, {
      mailSenderName: "Ironvale via Pledgehouse",
      mailReplyTo: "support@ironvale.example",
    });
    const plain = await createProject(prisma);
    await queueIncentiveAndTracking(project.id, "ada@example.com");
    await queueIncentiveAndTracking(plain.id, "bob@example.com");
    await deliverQueuedEmails({ transport });
    const messages = await smtp.waitForMessages(4);
    for (const message of messages.filter((m) => m.envelope.to[0] === "ada@example.com")) {
      expect(message.headers.from).toBe("Ironvale via Pledgehouse <no-reply@pledgehouse.localhost>");
      expect(message.headers["reply-to"]).toBe("support@ironvale.example");
      expect(message.envelope.from).toBe("no-reply@pledgehouse.localhost");
    }
    for (const message of messages.filter((m) => m.envelope.to[0] === "bob@example.com")) {
      expect(message.headers.from).toBe("Pledgehouse <no-reply@pledgehouse.localhost>");
      expect(message.headers["reply-to"]).toBeUndefined();
    }
  });
});
