import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { parseCodeList } from "@/lib/digital-rewards/parse-code-list";
import { DomainError } from "@/lib/errors";
import { applyIncentive } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { saveSegment } from "@/lib/segments/save-segment";
import { connectSecondSession, countByRecipient, deliverUntilSettled, once, waitForBlockedBackends } from "../support/fault-mail";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { addCodesToBank, createDigitalReward, sendDigitalReward } from "../support/digital-reward-use-cases";
import { applyTrackingUpload } from "../support/tracking-in-transaction";

// Every bulk action writes its audit event last, in the same transaction as everything else. A
// second session holding a SHARE lock on audit_event stops the apply right there, with all its
// other writes done but uncommitted; terminating that backend is the connection lost at the worst
// moment. The same apply is then run again, as a creator would after the error, and once more.

let session: pg.Client | undefined;
let smtp: SmtpTestServer;
let transport: MailTransport;
beforeEach(async () => {
  smtp = await startSmtpTestServer();
  transport = createMailTransport(smtp.url);
});
afterEach(async () => {
  await session?.query("ROLLBACK").catch(() => {});
  await session?.end();
  session = undefined;
  transport.close();
  await smtp.stop();
});

/**
 * Runs `apply` until it blocks writing its audit event, checks that it had written to `tables`,
 * kills its database connection and returns the error the apply failed with.
 */
async function loseConnectionBeforeCommit(apply: () => Promise<unknown>, tables: string[]): Promise<unknown> {
  session = await connectSecondSession();
  await session.query("BEGIN");
  await session.query("LOCK TABLE audit_event IN SHARE MODE");
  const outcome = apply().then(
    () => null,
    (error: unknown) => error,
  );
  const [pid] = await waitForBlockedBackends(session, "%INSERT INTO%audit_event%");
  const { rows } = await session.query<{ relation: string }>(
    `SELECT DISTINCT relation::regclass::text AS relation FROM pg_locks WHERE pid = $1 AND mode = 'RowExclusiveLock'`,
    [pid],
  );
  // The transaction got as far as writing everything else: what follows proves it was undone.
  expect(rows.map((row) => row.relation)).toEqual(expect.arrayContaining(tables));
  await session.query("SELECT pg_terminate_backend($1)", [pid]);
  await session.query("ROLLBACK");
  const error = await outcome;
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(DomainError);
  return error;
}

async function emailsByRecipient(kind: string): Promise<Record<string, number>> {
  const rows = await prisma.emailMessage.groupBy({ by: ["toEmail"], where: { kind }, _count: true });
  return Object.fromEntries(rows.map((row) => [row.toEmail, row._count]));
}

async function campaign(backers = 3) {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const people = [];
  for (let n = 1; n <= backers; n++) {
    const { backer, pledge } = await createBacker(prisma, project.id, {
      backerNumber: n,
      email: `backer${n}@example.com`,
      name: `Backer ${n}`,
      pledge: { pledgeLevelId: level.id },
    });
    people.push({ ...backer, pledgeId: pledge!.id });
  }
  return { owner, project, backers: people, emails: people.map((person) => person.email) };
}

describe("database connection lost in the middle of a bulk apply", () => {
  it("tracking upload: nothing written, then applied once with one email per backer, then nothing", async () => {
    const c = await campaign(3);
    const header = "Backer Number,Email,Tracking Number";
    const numbers = ["1Z999AA10123456784", "9400111202555842332669", "986578788855"];
    const bytes = new TextEncoder().encode(
      [header, ...c.backers.map((b, i) => `${b.backerNumber},${b.email},${numbers[i]}`)].join("\n"),
    );
    const apply = () =>
      applyTrackingUpload({
        projectId: c.project.id,
        fileName: "tracking.csv",
        bytes,
        selection: { kind: "ids", ids: c.backers.map((b) => b.id) },
        skipExisting: false,
        separatePackages: false,
        actorId: c.owner.id,
      });

    await loseConnectionBeforeCommit(apply, ["shipment", "email_message", "import"]);
    expect(await prisma.shipment.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await prisma.import.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);

    expect(await apply()).toMatchObject({ shipmentsAdded: 3, emailsQueued: 3 });
    expect(await apply()).toMatchObject({ importId: null, shipmentsAdded: 0, emailsQueued: 0 });
    expect(await prisma.shipment.count()).toBe(3);
    expect(await emailsByRecipient("tracking-shipped")).toEqual(once(c.emails));
    expect(await prisma.auditEvent.count({ where: { action: "tracking.upload" } })).toBe(1);
    await deliverUntilSettled({ transport });
    expect(countByRecipient(smtp.messages)).toEqual(once(c.emails));
  });

  it("digital reward send: no code assigned, then sent once per backer, and the same send again sends nothing", async () => {
    const c = await campaign(3);
    const reward = await createDigitalReward(
      c.project.id,
      { name: "Soundtrack", kind: "UNIQUE", instructions: null, sharedValue: null },
      c.owner.id,
    );
    await addCodesToBank({
      projectId: c.project.id,
      rewardId: reward.id,
      list: parseCodeList("K1,K2,K3,K4"),
      actorId: c.owner.id,
    });
    const token = randomUUID();
    const send = () =>
      sendDigitalReward({
        projectId: c.project.id,
        rewardId: reward.id,
        selection: { kind: "ids", ids: c.backers.map((b) => b.id) },
        codes: { source: "bank" },
        token,
        actorId: c.owner.id,
      });

    await loseConnectionBeforeCommit(send, ["digital_code", "digital_reward_delivery", "email_message"]);
    expect(await prisma.digitalCode.count({ where: { pledgeId: { not: null } } })).toBe(0);
    expect(await prisma.digitalRewardDelivery.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "digital-reward.send" } })).toBe(0);

    expect(await send()).toMatchObject({ sent: 3, repeated: false });
    expect(await send()).toMatchObject({ sent: 3, repeated: true });
    const assigned = await prisma.digitalCode.findMany({ where: { pledgeId: { not: null } } });
    expect(new Set(assigned.map((code) => code.pledgeId))).toEqual(new Set(c.backers.map((b) => b.pledgeId)));
    expect(new Set(assigned.map((code) => code.value)).size).toBe(3);
    expect(await emailsByRecipient("digital-reward")).toEqual(once(c.emails));
    expect(await prisma.auditEvent.count({ where: { action: "digital-reward.send" } })).toBe(1);
    await deliverUntilSettled({ transport });
    expect(countByRecipient(smtp.messages)).toEqual(once(c.emails));
  });

  it("incentive apply: no grant, then granted once with one email per backer, and applying again grants nothing", async () => {
    const c = await campaign(3);
    const segment = await prisma.$transaction((tx) =>
      saveSegment(tx, c.project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
    );
    const apply = () =>
      prisma.$transaction(
        (tx) =>
          applyIncentive(tx, {
            projectId: c.project.id,
            actorId: c.owner.id,
            segmentId: segment.id,
            incentive: { name: "Thank-you credit", definition: { kind: "CREDIT", creditAmount: 500 } },
            exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
            notifyBackers: true,
          }),
        { timeout: 60_000 },
      );

    await loseConnectionBeforeCommit(apply, ["incentive", "incentive_grant", "credit_entry", "email_message"]);
    expect(await prisma.incentive.count()).toBe(0);
    expect(await prisma.incentiveGrant.count()).toBe(0);
    expect(await prisma.creditEntry.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);

    expect(await apply()).toMatchObject({ recipients: 3, granted: 3, emailsQueued: 3 });
    expect(await apply()).toMatchObject({ recipients: 3, granted: 0, skipped: 3, emailsQueued: 0 });
    expect(await prisma.incentiveGrant.count()).toBe(3);
    expect(await prisma.creditEntry.aggregate({ _sum: { amount: true } })).toEqual({ _sum: { amount: 1500 } });
    expect(await emailsByRecipient("incentive-granted")).toEqual(once(c.emails));
    await deliverUntilSettled({ transport });
    expect(countByRecipient(smtp.messages)).toEqual(once(c.emails));
  });

  it("backer import confirm: no backer written, the preview still confirmable, then imported once", async () => {
    const project = await prisma.project.create({ data: { name: "Moonlight Board Game", currency: "USD" } });
    const files = [
      {
        name: "current-generation.csv",
        bytes: new Uint8Array(readFileSync("tests/fixtures/kickstarter/current-generation.csv")),
      },
    ];
    const preview = await previewImportInTransaction(project.id, files, {}, null);
    expect(preview.plan.counts).toMatchObject({ add: 5 });
    const confirm = () => applyImportInTransaction(project.id, { importId: preview.importId, files }, null);

    await loseConnectionBeforeCommit(confirm, ["backer", "pledge", "pledge_level", "item", "import"]);
    expect(await prisma.backer.count()).toBe(0);
    expect(await prisma.pledge.count()).toBe(0);
    expect(await prisma.pledgeLevel.count()).toBe(0);
    expect(await prisma.item.count()).toBe(0);
    expect(await prisma.cartLine.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);
    expect(await prisma.import.findUniqueOrThrow({ where: { id: preview.importId } })).toMatchObject({
      status: "PREVIEWED",
    });

    expect(await confirm()).toMatchObject({ added: 5, updated: 0 });
    await expect(confirm()).rejects.toThrow(/already applied/);
    expect(await prisma.backer.count()).toBe(5);
    expect(await prisma.auditEvent.count()).toBe(1);
    // Importing backers sends no mail.
    expect(await prisma.emailMessage.count()).toBe(0);
  });
});
