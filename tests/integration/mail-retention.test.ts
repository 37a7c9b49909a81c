import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createMailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { getCapturedEmail } from "@/lib/mail/get-captured-email";
import { purgeDeliveredEmailContent } from "@/lib/mail/purge-delivered-email-content";
import { queueEmail } from "@/lib/mail/queue-email";
import { queueEmails } from "@/lib/mail/queue-emails";

const pledgeUrl = "http://localhost:3000/pledges/1";

describe("retention of delivered messages", () => {
  it("removes the recipients' values and content after the period, in batches, and keeps the log row", async () => {
    await queueEmails(
      prisma,
      "incentive-granted",
      [1, 2, 3].map((n) => ({
        to: `backer${n}@example.com`,
        idempotencyKey: `incentive:${n}`,
        props: {
          projectName: "Ironvale",
          backerName: `Backer ${n}`,
          gift: "$5.00 of credit",
          incentiveName: "Thanks",
          pledgeUrl,
          unsubscribeUrl: "http://localhost:3000/unsubscribe/t",
        },
      })),
    );
    await queueEmail(prisma, {
      to: "single@example.com",
      kind: "sign-in",
      props: { url: "http://localhost:3000/api/auth/magic-link/verify?token=secret", email: "single@example.com" },
      idempotencyKey: "sign-in:single",
    });
    await queueEmail(prisma, {
      to: "queued@example.com",
      kind: "sign-in",
      props: { url: "http://localhost:3000/x", email: "queued@example.com" },
      idempotencyKey: "sign-in:queued",
    });
    await deliverQueuedEmails({ transport: createMailTransport(null), batchSize: 4 });
    // Three old enough, one sent recently; the fifth still queued.
    await prisma.$executeRaw`UPDATE email_message SET sent_at = now() - interval '91 days'
      WHERE to_email IN ('backer1@example.com', 'backer2@example.com', 'single@example.com')`;
    const before = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });

    expect(await purgeDeliveredEmailContent({ retentionDays: 90, batchSize: 2 })).toEqual({ purged: 3, batches: 2 });
    expect(await purgeDeliveredEmailContent({ retentionDays: 90, batchSize: 2 })).toEqual({ purged: 0, batches: 1 });

    const after = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });
    expect(after.map((row) => [row.toEmail, row.contentPurgedAt !== null])).toEqual([
      ["backer1@example.com", true],
      ["backer2@example.com", true],
      ["backer3@example.com", false],
      ["queued@example.com", false],
      ["single@example.com", true],
    ]);
    for (const row of after.filter((r) => r.contentPurgedAt)) {
      expect(row).toMatchObject({ templateValues: null, html: "", text: "", status: "SENT" });
      const original = before.find((r) => r.id === row.id)!;
      expect(row).toMatchObject({
        toEmail: original.toEmail,
        kind: original.kind,
        subject: original.subject,
        sentAt: original.sentAt,
        smtpMessageId: original.smtpMessageId,
      });
    }
    const kept = after.find((row) => row.toEmail === "backer3@example.com")!;
    expect(kept.templateValues).toEqual(before.find((row) => row.id === kept.id)!.templateValues);
    const single = await getCapturedEmail(after.find((row) => row.toEmail === "single@example.com")!.id);
    expect(single?.text).not.toContain("token=secret");
    expect(single?.text).toContain("content was removed after the retention period");
  });
});
