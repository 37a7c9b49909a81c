import { describe, expect, it } from "vitest";
import { countProjectEmails } from "@/lib/activity/count-project-emails";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { decodeKeysetCursor, readKeysetPage, type KeysetPage } from "@/lib/activity/keyset-cursor";
import { listAuditEvents } from "@/lib/activity/list-audit-events";
import { listProjectEmails } from "@/lib/activity/list-project-emails";
import { readMailLogQuery } from "@/lib/activity/mail-log-query";
import { prisma } from "@/lib/db/client";
import type { EmailStatus } from "@/lib/db/generated/enums";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { createDigitalReward } from "../support/digital-reward-use-cases";
import { addTrackingNumber } from "../support/tracking-in-transaction";

async function twoProjects() {
  const creator = await createUser(prisma, { email: "creator@example.com", name: "Ada Creator" });
  const other = await createUser(prisma, { email: "other@example.com" });
  const project = await createProject(prisma, { ownerId: creator.id, name: "Tiny Forest" });
  const otherProject = await createProject(prisma, { ownerId: other.id, name: "Someone Else's" });
  return { creator, other, project, otherProject };
}

/** Reads every page going to older rows, then walks back to newer ones; returns both walks. */
async function walk<T extends { id: string }>(
  read: (page: KeysetPage | null) => Promise<{ rows: T[]; olderCursor: string | null; newerCursor: string | null }>,
) {
  const older: string[][] = [];
  let page: KeysetPage | null = null;
  let result = await read(page);
  older.push(result.rows.map((row) => row.id));
  expect(result.newerCursor).toBeNull();
  while (result.olderCursor) {
    page = readKeysetPage({ older: result.olderCursor });
    result = await read(page);
    older.push(result.rows.map((row) => row.id));
  }
  const newer: string[][] = [older[older.length - 1]];
  while (result.newerCursor) {
    result = await read(readKeysetPage({ newer: result.newerCursor }));
    newer.unshift(result.rows.map((row) => row.id));
  }
  return { older, newer };
}

describe("listAuditEvents", () => {
  it("lists only this project's events, newest first, with who did them", async () => {
    const { creator, other, project, otherProject } = await twoProjects();
    await prisma.auditEvent.create({
      data: {
        projectId: project.id,
        actorId: creator.id,
        action: "backers.import",
        targetCount: 12,
        createdAt: new Date("2026-11-20T10:00:00Z"),
        details: { fileName: "backers.csv", add: 10, update: 2 },
      },
    });
    await prisma.auditEvent.create({
      data: {
        projectId: project.id,
        actorId: creator.id,
        action: "incentive.undo",
        targetCount: 3,
        createdAt: new Date("2026-11-21T10:00:00Z"),
        details: { incentiveName: "Pin" },
      },
    });
    await prisma.auditEvent.create({
      data: {
        projectId: otherProject.id,
        actorId: other.id,
        action: "backers.import",
        targetCount: 99,
        details: { fileName: "theirs.csv" },
      },
    });
    await prisma.auditEvent.create({
      data: { projectId: null, actorId: null, action: "system.cleanup", targetCount: 1 },
    });

    const page = await listAuditEvents({ projectId: project.id });
    expect(page.events.map((e) => [e.action, e.targetCount, e.actor?.email, e.actor?.name])).toEqual([
      ["incentive.undo", 3, "creator@example.com", "Ada Creator"],
      ["backers.import", 12, "creator@example.com", "Ada Creator"],
    ]);
    expect(page.events[1].details).toEqual({ fileName: "backers.csv", add: 10, update: 2 });
    expect(page.events[1].createdAt).toEqual(new Date("2026-11-20T10:00:00Z"));
    expect(page).toMatchObject({ olderCursor: null, newerCursor: null });

    const theirs = await listAuditEvents({ projectId: otherProject.id });
    expect(theirs.events.map((e) => e.details)).toEqual([{ fileName: "theirs.csv" }]);
  });

  it("keeps the actor's id when their account is gone, and has no actor for system work", async () => {
    const { creator, project } = await twoProjects();
    const leaver = await createUser(prisma, { email: "leaver@example.com" });
    await prisma.auditEvent.create({
      data: { projectId: project.id, actorId: leaver.id, action: "incentive.undo", targetCount: 1 },
    });
    await prisma.auditEvent.create({
      data: { projectId: project.id, actorId: null, action: "mail.retry", targetCount: 1 },
    });
    await prisma.user.delete({ where: { id: leaver.id } });
    const { events } = await listAuditEvents({ projectId: project.id });
    expect(events.map((e) => [e.actorId, e.actor]).sort()).toEqual(
      [
        [leaver.id, null],
        [null, null],
      ].sort(),
    );
    expect(creator.id).not.toBe(leaver.id);
  });

  it("pages through events that share one timestamp (a bulk write) without skipping or repeating any", async () => {
    const { creator, project } = await twoProjects();
    // One statement: every row gets the same created_at, so only the id orders them.
    await prisma.auditEvent.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        projectId: project.id,
        actorId: creator.id,
        action: "tracking.add",
        targetCount: i,
      })),
    });
    await prisma.auditEvent.create({
      data: {
        projectId: project.id,
        actorId: creator.id,
        action: "incentive.undo",
        targetCount: 1,
        createdAt: new Date(Date.now() + 60_000),
      },
    });
    const all = (await listAuditEvents({ projectId: project.id, limit: 100 })).events.map((e) => e.id);
    expect(all).toHaveLength(8);

    const { older, newer } = await walk(async (page) => {
      const result = await listAuditEvents({ projectId: project.id, page, limit: 3 });
      return { rows: result.events, olderCursor: result.olderCursor, newerCursor: result.newerCursor };
    });
    expect(older.map((ids) => ids.length)).toEqual([3, 3, 2]);
    expect(older.flat()).toEqual(all);
    expect(newer).toEqual(older);
  });

  it("describes what other parts of the app really record", async () => {
    const { creator, project } = await twoProjects();
    const { backer } = await createBacker(prisma, project.id, { name: "Grace", email: "grace@example.com" });
    await addTrackingNumber({
      projectId: project.id,
      backerId: backer.id,
      trackingNumber: "1Z999AA10123456784",
      carrier: "",
      otherCarrier: "",
      trackingUrl: "",
      actorId: creator.id,
    });
    const reward = await createDigitalReward(
      project.id,
      { name: "Soundtrack", kind: "SHARED", instructions: "", sharedValue: "https://example.com/ost" },
      creator.id,
    );

    const projectPath = `/projects/${project.id}`;
    const described = (await listAuditEvents({ projectId: project.id })).events.map((e) =>
      describeAuditEvent(e, projectPath),
    );
    expect(described.map((d) => d.sentence)).toEqual([
      "created the digital reward “Soundtrack” (one value shared by every backer)",
      "added tracking number 1Z999AA10123456784 (UPS) for backer #1, Grace",
    ]);
    expect(described[0].link).toEqual({
      href: `${projectPath}/digital-rewards/${reward.id}`,
      label: "Open the reward",
    });
    expect(described[1].link?.href).toBe(`${projectPath}/backers/${backer.id}/tracking`);
  });
});

async function insertEmail(
  projectId: string | null,
  to: string,
  status: EmailStatus,
  extra: { createdAt?: Date; lastError?: string; attempts?: number } = {},
) {
  return prisma.emailMessage.create({
    data: {
      projectId,
      toEmail: to,
      kind: "tracking-shipped",
      subject: `Your reward has shipped, ${to}`,
      idempotencyKey: `test:${to}:${status}:${Math.random()}`,
      status,
      attempts: extra.attempts ?? (status === "QUEUED" ? 0 : 1),
      lastError: extra.lastError ?? null,
      sentAt: status === "SENT" ? new Date() : null,
      ...(extra.createdAt ? { createdAt: extra.createdAt } : {}),
    },
  });
}

describe("listProjectEmails and countProjectEmails", () => {
  it("shows only this project's messages (never another project's, never sign-in links) with their delivery facts", async () => {
    const { project, otherProject } = await twoProjects();
    const failed = await insertEmail(project.id, "ada@example.com", "FAILED", {
      lastError: "550 5.1.1 <ada@example.com>: User unknown",
      createdAt: new Date("2026-11-22T09:00:00Z"),
    });
    await insertEmail(project.id, "bob@example.com", "SENT", { createdAt: new Date("2026-11-22T10:00:00Z") });
    await insertEmail(otherProject.id, "ada@example.com", "FAILED");
    await insertEmail(null, "creator@example.com", "SENT");

    const { emails } = await listProjectEmails({ projectId: project.id });
    expect(emails.map((e) => [e.toEmail, e.status])).toEqual([
      ["bob@example.com", "SENT"],
      ["ada@example.com", "FAILED"],
    ]);
    expect(emails[1]).toMatchObject({
      id: failed.id,
      kind: "tracking-shipped",
      subject: "Your reward has shipped, ada@example.com",
      attempts: 1,
      lastError: "550 5.1.1 <ada@example.com>: User unknown",
      sentAt: null,
      createdAt: new Date("2026-11-22T09:00:00Z"),
    });
    expect(emails[0].sentAt).toBeInstanceOf(Date);
    expect(await countProjectEmails({ projectId: project.id })).toEqual({
      QUEUED: 0,
      SENDING: 0,
      SENT: 1,
      FAILED: 1,
      SKIPPED: 0,
      total: 2,
    });
    expect(await countProjectEmails({ projectId: otherProject.id })).toEqual({
      QUEUED: 0,
      SENDING: 0,
      SENT: 0,
      FAILED: 1,
      SKIPPED: 0,
      total: 1,
    });
  });

  it("filters by status and by part of the recipient's address, in any case, taking % and _ literally", async () => {
    const { project } = await twoProjects();
    await insertEmail(project.id, "ada@example.com", "FAILED");
    await insertEmail(project.id, "ada.lovelace@example.org", "SENT");
    await insertEmail(project.id, "bob@example.com", "QUEUED");
    await insertEmail(project.id, "b_b@example.com", "SENT");
    await insertEmail(project.id, "carol@example.com", "SENDING");

    const list = async (query: Record<string, string>) =>
      (await listProjectEmails({ projectId: project.id, filter: readMailLogQuery(query).filter })).emails
        .map((e) => e.toEmail)
        .sort();

    expect(await list({ status: "failed" })).toEqual(["ada@example.com"]);
    expect(await list({ status: "SENT" })).toEqual(["ada.lovelace@example.org", "b_b@example.com"]);
    expect(await list({ to: "  ADA " })).toEqual(["ada.lovelace@example.org", "ada@example.com"]);
    expect(await list({ to: "ada", status: "sent" })).toEqual(["ada.lovelace@example.org"]);
    expect(await list({ to: "b_b" })).toEqual(["b_b@example.com"]);
    expect(await list({ to: "%" })).toEqual([]);
    // A stale link with an unknown status shows everything rather than an error.
    expect(await list({ status: "bounced" })).toHaveLength(5);

    expect(await countProjectEmails({ projectId: project.id, recipient: "ada" })).toEqual({
      QUEUED: 0,
      SENDING: 0,
      SENT: 1,
      FAILED: 1,
      SKIPPED: 0,
      total: 2,
    });
    expect(await countProjectEmails({ projectId: project.id })).toEqual({
      QUEUED: 1,
      SENDING: 1,
      SENT: 2,
      FAILED: 1,
      SKIPPED: 0,
      total: 5,
    });
  });

  it("pages through a bulk send (one timestamp) forwards and back, within the filter", async () => {
    const { project, otherProject } = await twoProjects();
    const createdAt = new Date("2026-11-22T12:00:00Z");
    await prisma.emailMessage.createMany({
      data: Array.from({ length: 11 }, (_, i) => ({
        projectId: i % 2 === 0 ? project.id : otherProject.id,
        toEmail: `backer${i}@example.com`,
        kind: "tracking-shipped",
        subject: "Shipped",
        idempotencyKey: `bulk:${i}`,
        status: i === 4 ? ("FAILED" as const) : ("SENT" as const),
        createdAt,
      })),
    });
    const all = (await listProjectEmails({ projectId: project.id, limit: 100 })).emails;
    expect(all.map((e) => e.toEmail).sort()).toEqual(
      ["backer0", "backer10", "backer2", "backer4", "backer6", "backer8"].map((b) => `${b}@example.com`),
    );

    const { older, newer } = await walk(async (page) => {
      const result = await listProjectEmails({ projectId: project.id, page, limit: 4 });
      return { rows: result.emails, olderCursor: result.olderCursor, newerCursor: result.newerCursor };
    });
    expect(older.map((ids) => ids.length)).toEqual([4, 2]);
    expect(older.flat()).toEqual(all.map((e) => e.id));
    expect(newer).toEqual(older);

    const sent = await listProjectEmails({ projectId: project.id, filter: { status: "SENT" }, limit: 3 });
    const rest = await listProjectEmails({
      projectId: project.id,
      filter: { status: "SENT" },
      page: readKeysetPage({ older: sent.olderCursor }),
      limit: 3,
    });
    expect([...sent.emails, ...rest.emails].map((e) => e.toEmail).sort()).toEqual(
      ["backer0", "backer10", "backer2", "backer6", "backer8"].map((b) => `${b}@example.com`),
    );
    expect(rest.olderCursor).toBeNull();
  });

  it("treats an edited or foreign cursor as the first page", async () => {
    expect(decodeKeysetCursor("not-a-cursor")).toBeNull();
    expect(decodeKeysetCursor(Buffer.from(JSON.stringify([1, "x"])).toString("base64url"))).toBeNull();
    expect(readKeysetPage({ older: "garbage", newer: undefined })).toBeNull();
    const { project } = await twoProjects();
    await insertEmail(project.id, "ada@example.com", "SENT");
    const result = await listProjectEmails({ projectId: project.id, page: readKeysetPage({ older: "%%%" }) });
    expect(result.emails).toHaveLength(1);
  });
});
