import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SmtpTestServer } from "../support/smtp-test-server";

// The action reads the session from Next's request headers and revalidates pages; tests supply the
// headers and skip the page cache. Everything else (Better Auth, Postgres, SMTP) is real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => {
    throw new Error("`cookies` was called outside a request scope.");
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await import("@/lib/db/client");
const { createBacker, createProject, createUser } = await import("@/lib/demo/factories");
const { DomainError } = await import("@/lib/errors");
const { createMailTransport } = await import("@/lib/mail/create-mail-transport");
const { deliverQueuedEmails } = await import("@/lib/mail/deliver-queued-emails");
const { queueEmail } = await import("@/lib/mail/queue-email");
const { retryFailedEmailOrThrow } = await import("@/lib/activity/retry-failed-email");
const { retryFailedEmailAction } = await import("@/app/projects/[projectId]/mail/actions");
const { startSmtpTestServer } = await import("../support/smtp-test-server");
const { signInThroughMagicLink } = await import("../support/sign-in-through-magic-link");

let smtp: SmtpTestServer;
const transports: ReturnType<typeof createMailTransport>[] = [];
const transport = () => {
  const t = createMailTransport(smtp.url);
  transports.push(t);
  return t;
};

beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await smtp.stop();
});

/** Signs `email` in through the real magic link, so the next action calls carry its session. */
async function signInAs(email: string): Promise<void> {
  request.headers = new Headers({ cookie: await signInThroughMagicLink(email) });
}

async function queueShippingNotice(projectId: string, to: string) {
  const { backer } = await createBacker(prisma, projectId, { email: to, name: to.split("@")[0] });
  return queueEmail(prisma, {
    to,
    kind: "tracking-shipped",
    projectId,
    idempotencyKey: `tracking:test-${backer.id}`,
    props: {
      projectName: "Tiny Forest",
      backerName: backer.name,
      trackingNumber: "1Z999AA10123456784",
      carrier: "UPS",
      trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
      pledgeUrl: "http://localhost:3000/pledges/x/backing-details",
      shippedOn: "Nov 23, 2026",
      otherPackages: "",
    },
  });
}

/**
 * Two projects whose notices the receiving server refuses (550): ada and bob in Tiny Forest, eve
 * in another creator's project; plus one delivered notice to carol in Tiny Forest.
 */
async function setup() {
  const creator = await createUser(prisma, { email: "creator@example.com" });
  const other = await createUser(prisma, { email: "other@example.com" });
  const project = await createProject(prisma, { ownerId: creator.id, name: "Tiny Forest" });
  const otherProject = await createProject(prisma, { ownerId: other.id, name: "Harbour Lights" });
  const carol = await queueShippingNotice(project.id, "carol@example.com");
  expect(await deliverQueuedEmails({ transport: transport() })).toMatchObject({ sent: 1 });
  const ada = await queueShippingNotice(project.id, "ada@example.com");
  const bob = await queueShippingNotice(project.id, "bob@example.com");
  const eve = await queueShippingNotice(otherProject.id, "eve@example.com");
  smtp.rejectWith({ code: 550, message: "5.1.1 Recipient address rejected: User unknown", times: 3 });
  expect(await deliverQueuedEmails({ transport: transport() })).toMatchObject({ failed: 3 });
  return { creator, other, project, otherProject, ids: { carol: carol.id, ada: ada.id, bob: bob.id, eve: eve.id } };
}

async function statuses() {
  const rows = await prisma.emailMessage.findMany({ where: { kind: "tracking-shipped" }, orderBy: { toEmail: "asc" } });
  return Object.fromEntries(rows.map((row) => [row.toEmail.split("@")[0], row.status]));
}

describe("retryFailedEmailOrThrow", () => {
  it("re-queues one failed email of this project, due now with fresh attempts, records who did it, and the worker delivers it", async () => {
    const ctx = await setup();
    const before = await prisma.emailMessage.findUniqueOrThrow({ where: { id: ctx.ids.ada } });
    expect(before).toMatchObject({
      status: "FAILED",
      attempts: 1,
      lastError: "550 5.1.1 Recipient address rejected: User unknown",
    });

    const result = await prisma.$transaction((tx) =>
      retryFailedEmailOrThrow(tx, {
        projectId: ctx.project.id,
        actorId: ctx.creator.id,
        target: { emailId: ctx.ids.ada },
      }),
    );
    expect(result).toEqual({ retried: 1 });
    expect(await statuses()).toEqual({ ada: "QUEUED", bob: "FAILED", carol: "SENT", eve: "FAILED" });
    const queued = await prisma.emailMessage.findUniqueOrThrow({ where: { id: ctx.ids.ada } });
    expect(queued.attempts).toBe(0);
    expect(queued.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    // The reason stays visible until a delivery succeeds.
    expect(queued.lastError).toBe("550 5.1.1 Recipient address rejected: User unknown");

    const events = await prisma.auditEvent.findMany({ where: { action: "mail.retry" } });
    expect(events).toEqual([
      expect.objectContaining({
        projectId: ctx.project.id,
        actorId: ctx.creator.id,
        targetCount: 1,
        details: { emailId: ctx.ids.ada, toEmail: "ada@example.com" },
      }),
    ]);

    expect(await deliverQueuedEmails({ transport: transport() })).toEqual({
      claimed: 1,
      sent: 1,
      retried: 0,
      failed: 0,
    });
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([["carol@example.com"], ["ada@example.com"]]);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: ctx.ids.ada } })).toMatchObject({
      status: "SENT",
      lastError: null,
    });
  });

  it("never touches another project's email, nor one that is not FAILED, and says why", async () => {
    const ctx = await setup();
    const retry = (emailId: string) =>
      prisma.$transaction((tx) =>
        retryFailedEmailOrThrow(tx, { projectId: ctx.project.id, actorId: ctx.creator.id, target: { emailId } }),
      );

    await expect(retry(ctx.ids.eve)).rejects.toEqual(
      new DomainError("NOT_FOUND", "This email does not exist in this project."),
    );
    await expect(retry(ctx.ids.carol)).rejects.toEqual(
      new DomainError("CONFLICT", "This email has been delivered since: there is nothing to retry."),
    );
    await retry(ctx.ids.ada);
    await expect(retry(ctx.ids.ada)).rejects.toEqual(
      new DomainError("CONFLICT", "This email is already waiting for the mail worker: there is nothing to retry."),
    );
    expect(await statuses()).toEqual({ ada: "QUEUED", bob: "FAILED", carol: "SENT", eve: "FAILED" });
    expect(await prisma.auditEvent.count({ where: { action: "mail.retry" } })).toBe(1);
  });

  it("retries every failed email of this project at once, and only those", async () => {
    const ctx = await setup();
    const all = () =>
      prisma.$transaction((tx) =>
        retryFailedEmailOrThrow(tx, {
          projectId: ctx.project.id,
          actorId: ctx.creator.id,
          target: { allFailed: true },
        }),
      );
    expect(await all()).toEqual({ retried: 2 });
    expect(await statuses()).toEqual({ ada: "QUEUED", bob: "QUEUED", carol: "SENT", eve: "FAILED" });
    expect(await prisma.auditEvent.findFirstOrThrow({ where: { action: "mail.retry" } })).toMatchObject({
      projectId: ctx.project.id,
      targetCount: 2,
      details: { scope: "all-failed" },
    });
    await expect(all()).rejects.toEqual(
      new DomainError("CONFLICT", "No email of this project has failed: there is nothing to retry."),
    );
    expect(await prisma.auditEvent.count({ where: { action: "mail.retry" } })).toBe(1);
  });
});

describe("retryFailedEmailAction", () => {
  it("lets a member retry their project's failed email, and answers 404 for another creator's", async () => {
    const ctx = await setup();
    await signInAs("creator@example.com");

    expect(await retryFailedEmailAction({ projectId: ctx.project.id, target: { emailId: ctx.ids.bob } })).toEqual({
      ok: true,
      data: { retried: 1 },
    });
    expect(
      await retryFailedEmailAction({ projectId: ctx.otherProject.id, target: { emailId: ctx.ids.eve } }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    // Naming another project's email under one's own project finds nothing either.
    expect(await retryFailedEmailAction({ projectId: ctx.project.id, target: { emailId: ctx.ids.eve } })).toEqual({
      ok: false,
      code: "NOT_FOUND",
      message: "This email does not exist in this project.",
    });
    expect(await retryFailedEmailAction({ projectId: ctx.project.id, target: { emailId: "nope" } })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
    });
    expect(await statuses()).toEqual({ ada: "FAILED", bob: "QUEUED", carol: "SENT", eve: "FAILED" });
    expect(
      await prisma.auditEvent.findMany({ where: { action: "mail.retry" }, select: { actorId: true, projectId: true } }),
    ).toEqual([{ actorId: ctx.creator.id, projectId: ctx.project.id }]);
  });
});
