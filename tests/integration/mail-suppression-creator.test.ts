import { describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY, parseBackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";
import { listBackerReport } from "@/lib/backers/report/list-backer-report";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { liftEmailSuppressionOrThrow } from "@/lib/mail/suppression/lift-email-suppression";
import { listProjectSuppressions } from "@/lib/mail/suppression/list-project-suppressions";
import { recordMailProviderEvents } from "@/lib/mail/suppression/record-mail-provider-events";
import { listAnnouncementUnsubscribes } from "@/lib/mail/unsubscribe/list-announcement-unsubscribes";
import { unsubscribeFromAnnouncements } from "@/lib/mail/unsubscribe/unsubscribe-from-announcements";

async function seed() {
  const project = await createProject(prisma);
  const other = await createProject(prisma);
  await createBacker(prisma, project.id, { name: "Ada", email: "ada@example.com", backerNumber: 1 });
  await createBacker(prisma, project.id, { name: "Grace", email: "grace@example.com", backerNumber: 2 });
  await createBacker(prisma, other.id, { name: "Alan", email: "alan@example.com", backerNumber: 1 });
  await recordMailProviderEvents(prisma, "ses", [
    { eventId: "e1", email: "grace@example.com", kind: "HARD_BOUNCE", detail: "smtp; 550 5.1.1 user unknown" },
    { eventId: "e2", email: "alan@example.com", kind: "COMPLAINT" },
  ]);
  return { project, other };
}

const names = async (projectId: string, search: string) => {
  const { query } = parseBackerReportQuery(new URLSearchParams(search));
  const page = await listBackerReport(projectId, { ...DEFAULT_BACKER_REPORT_QUERY, ...query });
  return page.rows.map((row) => row.name);
};

describe("a creator and the suppression list", () => {
  it("the backer report filters by email suppressed, from the link the Mail page gives", async () => {
    const { project } = await seed();
    expect(await names(project.id, "mail=suppressed")).toEqual(["Grace"]);
    expect(await names(project.id, "mail=ok")).toEqual(["Ada"]);
    expect(await names(project.id, "")).toEqual(["Ada", "Grace"]);
    expect(parseBackerReportQuery(new URLSearchParams("mail=maybe")).issues).toEqual([
      'Ignored the email filter "maybe": use suppressed or ok.',
    ]);
  });

  it("sees why only for the project's own backers, and lifts a suppression; another project's backer cannot be lifted", async () => {
    const { project } = await seed();
    const creator = await createUser(prisma);
    const listed = await listProjectSuppressions(project.id);
    expect(listed.total).toBe(1);
    expect(listed.rows).toMatchObject([
      {
        email: "grace@example.com",
        backerName: "Grace",
        reason: "HARD_BOUNCE",
        provider: "ses",
        detail: "smtp; 550 5.1.1 user unknown",
      },
    ]);

    await expect(
      prisma.$transaction((tx) =>
        liftEmailSuppressionOrThrow(tx, { projectId: project.id, email: "alan@example.com", actorId: creator.id }),
      ),
    ).rejects.toThrow(DomainError);
    await prisma.$transaction((tx) =>
      liftEmailSuppressionOrThrow(tx, { projectId: project.id, email: " Grace@Example.com", actorId: creator.id }),
    );
    expect((await listProjectSuppressions(project.id)).total).toBe(0);
    expect(await names(project.id, "mail=suppressed")).toEqual([]);
    expect(await prisma.emailSuppression.findUnique({ where: { email: "grace@example.com" } })).toMatchObject({
      liftedByUserId: creator.id,
    });
    // Activity says who lifted it and from what; the refused attempt above left nothing.
    expect(
      await prisma.auditEvent.findMany({
        where: { action: "mail.suppression-lifted" },
        select: { projectId: true, actorId: true, targetCount: true, details: true },
      }),
    ).toEqual([
      {
        projectId: project.id,
        actorId: creator.id,
        targetCount: 1,
        details: { email: "grace@example.com", backerName: "Grace", reason: "HARD_BOUNCE", provider: "ses" },
      },
    ]);
    // Lifting it again is refused and records nothing more.
    await expect(
      prisma.$transaction((tx) =>
        liftEmailSuppressionOrThrow(tx, { projectId: project.id, email: "grace@example.com", actorId: creator.id }),
      ),
    ).rejects.toThrow(/is not suppressed/);
    expect(await prisma.auditEvent.count({ where: { action: "mail.suppression-lifted" } })).toBe(1);

    // A redelivered old event does not bring it back; a new bounce does.
    await recordMailProviderEvents(prisma, "ses", [{ eventId: "e1", email: "grace@example.com", kind: "HARD_BOUNCE" }]);
    expect((await listProjectSuppressions(project.id)).total).toBe(0);
    await recordMailProviderEvents(prisma, "ses", [{ eventId: "e3", email: "grace@example.com", kind: "HARD_BOUNCE" }]);
    expect((await listProjectSuppressions(project.id)).total).toBe(1);
  });

  it("sees who unsubscribed from the project's announcements, newest first, and not other projects' unsubscribes", async () => {
    const { project, other } = await seed();
    expect(await listAnnouncementUnsubscribes(project.id)).toEqual({ total: 0, rows: [] });
    await prisma.$transaction((tx) => unsubscribeFromAnnouncements(tx, { projectId: project.id, email: "ada@example.com" }));
    await prisma.$transaction((tx) => unsubscribeFromAnnouncements(tx, { projectId: other.id, email: "alan@example.com" }));
    // An address that is no longer a backer's (re-imported under another email) is still listed.
    await prisma.$transaction((tx) => unsubscribeFromAnnouncements(tx, { projectId: project.id, email: "Old@Example.com " }));
    await prisma.announcementUnsubscribe.update({
      where: { projectId_email: { projectId: project.id, email: "ada@example.com" } },
      data: { unsubscribedAt: new Date("2026-11-01T10:00:00Z") },
    });
    const listed = await listAnnouncementUnsubscribes(project.id);
    expect(listed.total).toBe(2);
    expect(listed.rows.map(({ email, backerName }) => ({ email, backerName }))).toEqual([
      { email: "old@example.com", backerName: null },
      { email: "ada@example.com", backerName: "Ada" },
    ]);
  });
});
