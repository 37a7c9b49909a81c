import { afterEach, describe, expect, it } from "vitest";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { loadEmailContent } from "@/lib/mail/load-email-content";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { TrackingPlanChangedError } from "@/lib/tracking/apply-tracking-upload";
import { completeTrackingChanges } from "@/lib/tracking/complete-tracking-changes";
import { loadTrackingBackers } from "@/lib/tracking/load-tracking-backers";
import type { PlannedBackerChange } from "@/lib/tracking/match-tracking-rows";
import { exportTrackingProblemRows } from "@/lib/tracking/export-tracking-problem-rows";
import { findTrackingNumbersSavedForOthers } from "@/lib/tracking/find-tracking-numbers-saved-for-others";
import { generateTrackingTemplateCsv } from "@/lib/tracking/generate-tracking-template-csv";
import { listPledgeShipments } from "@/lib/tracking/list-pledge-shipments";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { listProjectImports } from "@/lib/backers/import/list-project-imports";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { writeTrackingChanges } from "@/lib/tracking/write-tracking-changes";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { addTrackingNumber, applyTrackingUpload } from "../support/tracking-in-transaction";

const UPS = "1Z999AA10123456784";
const USPS = "9400111202555842332669";
const FEDEX = "986578788855";
const CANADA = "RA123456785CA";

async function setup(count = 3, ownerEmail = "creator@example.com") {
  const owner = await createUser(prisma, { email: ownerEmail });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const backers = [];
  for (let i = 1; i <= count; i++) {
    const { backer, pledge } = await createBacker(prisma, project.id, {
      backerNumber: i,
      email: `backer${i}@example.com`,
      name: `Backer ${i}`,
      shippingCountryName: "Canada",
      pledge: { pledgeLevelId: level.id },
    });
    backers.push({ ...backer, pledgeId: pledge!.id });
  }
  const selection: BackerSelection = { kind: "ids", ids: backers.map((b) => b.id) };
  return { owner, project, backers, selection };
}

function csv(rows: string[][]): Uint8Array {
  const header = "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)";
  return new TextEncoder().encode(`\uFEFF${[header, ...rows.map((r) => r.join(","))].join("\r\n")}\r\n`);
}

type Ctx = Awaited<ReturnType<typeof setup>>;
const upload = (ctx: Ctx, bytes: Uint8Array, choices: { skipExisting?: boolean; separatePackages?: boolean } = {}) => ({
  projectId: ctx.project.id,
  fileName: "tracking.csv",
  bytes,
  selection: ctx.selection,
  skipExisting: choices.skipExisting ?? false,
  separatePackages: choices.separatePackages ?? false,
});
const apply = (ctx: Ctx, bytes: Uint8Array, choices: { skipExisting?: boolean; separatePackages?: boolean; skipProblemRows?: boolean } = {}) =>
  applyTrackingUpload({ ...upload(ctx, bytes, choices), actorId: ctx.owner.id, skipProblemRows: choices.skipProblemRows });

async function activeNumbers(pledgeId: string) {
  return (await listPledgeShipments(pledgeId)).map((s) => s.trackingNumber);
}

let smtp: SmtpTestServer | null = null;
const transports: MailTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await smtp?.stop();
  smtp = null;
});

describe("tracking upload: preview and apply", () => {
  it("previews without changing anything, then applies: shipments, one email per backer, an import and an audit event", async () => {
    const ctx = await setup(3);
    const file = csv([
      ["1", "backer1@example.com", "Backer 1", "Deluxe", "Canada", UPS, "", ""],
      ["2", "backer2@example.com", "Backer 2", "Deluxe", "Canada", USPS, "", ""],
      ["3", "backer3@example.com", "Backer 3", "Deluxe", "Canada", "", "", ""],
    ]);
    const preview = await previewTrackingUpload(upload(ctx, file));
    expect(preview).toMatchObject({ readable: true, summary: { newBackers: 2, blankRows: 1, errorRows: 0 }, problems: [] });
    expect(await prisma.shipment.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);

    const result = await applyTrackingUpload({ ...upload(ctx, file), actorId: ctx.owner.id, expectedFingerprint: preview.fingerprint });
    expect(result).toMatchObject({ shipmentsAdded: 2, shipmentsSuperseded: 0, emailsQueued: 2 });

    const shipments = await prisma.shipment.findMany({ orderBy: { trackingNumber: "asc" } });
    expect(shipments.map((s) => [s.pledgeId, s.trackingNumber, s.carrier])).toEqual([
      [ctx.backers[0].pledgeId, UPS, "UPS"],
      [ctx.backers[1].pledgeId, USPS, "USPS"],
    ]);
    expect(shipments.every((s) => s.notifiedAt && s.createdById === ctx.owner.id && s.trackingUrl?.startsWith("https://"))).toBe(true);
    // A blank tracking cell never marks anyone as shipped.
    expect(await activeNumbers(ctx.backers[2].pledgeId)).toEqual([]);
    // The Imports page's Changes column has what the upload changed, not "—".
    expect(await listProjectImports(ctx.project.id)).toEqual([
      expect.objectContaining({ kind: "TRACKING", tracking: { newBackers: 2, replacedBackers: 0, addedBackers: 0, packages: 2 } }),
    ]);

    const emails = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });
    expect(emails.map((e) => [e.toEmail, e.kind, e.idempotencyKey])).toEqual([
      ["backer1@example.com", "tracking-shipped", `tracking:${shipments.find((s) => s.trackingNumber === UPS)!.id}`],
      ["backer2@example.com", "tracking-shipped", `tracking:${shipments.find((s) => s.trackingNumber === USPS)!.id}`],
    ]);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "tracking.upload" } });
    expect(audit).toMatchObject({ projectId: ctx.project.id, actorId: ctx.owner.id, targetCount: 2 });
    expect(audit.details).toMatchObject({ importId: result.importId, newBackers: 2, emailsQueued: 2 });
    expect(await prisma.import.findUniqueOrThrow({ where: { id: result.importId! } })).toMatchObject({ kind: "TRACKING", status: "APPLIED", rowCount: 3 });
  });

  it("changes nothing and sends nothing when the same file is uploaded again", async () => {
    const ctx = await setup(2);
    const file = csv([["1", "backer1@example.com", "", "", "", UPS, "", ""]]);
    await apply(ctx, file);
    const before = { shipments: await prisma.shipment.findMany(), emails: await prisma.emailMessage.count(), audit: await prisma.auditEvent.count() };

    const preview = await previewTrackingUpload(upload(ctx, file));
    expect(preview.summary).toMatchObject({ newBackers: 0, replacedBackers: 0, unchangedBackers: 1 });
    const again = await apply(ctx, file);
    expect(again).toMatchObject({ importId: null, shipmentsAdded: 0, emailsQueued: 0 });
    expect(await prisma.shipment.findMany()).toEqual(before.shipments);
    expect(await prisma.emailMessage.count()).toBe(before.emails);
    expect(await prisma.auditEvent.count()).toBe(before.audit);
  });

  it("replaces existing numbers by default (keeping the old one as history) and skips them when asked", async () => {
    const ctx = await setup(2);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    const second = csv([
      ["1", "", "", "", "", USPS, "", ""],
      ["2", "", "", "", "", FEDEX, "", ""],
    ]);

    const skipped = await apply(ctx, second, { skipExisting: true });
    expect(skipped.summary).toMatchObject({ newBackers: 1, skippedBackers: 1, replacedBackers: 0 });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([UPS]);
    expect(await activeNumbers(ctx.backers[1].pledgeId)).toEqual([FEDEX]);

    const replaced = await apply(ctx, second);
    expect(replaced).toMatchObject({ summary: { replacedBackers: 1, unchangedBackers: 1 }, shipmentsSuperseded: 1, emailsQueued: 1 });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([USPS]);
    const history = await listPledgeShipments(ctx.backers[0].pledgeId, { includeSuperseded: true });
    expect(history.map((s) => [s.trackingNumber, s.supersededAt !== null])).toEqual([
      [UPS, true],
      [USPS, false],
    ]);
    // One email per change: the first number, then the replacement.
    expect(await prisma.emailMessage.count({ where: { toEmail: "backer1@example.com" } })).toBe(2);
  });

  it("flags a number already saved for another backer, also with separate packages, and lists blank tracking cells by row", async () => {
    const ctx = await setup(3);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    const file = csv([
      ["1", "", "", "", "", "", "", ""],
      ["2", "", "", "", "", UPS, "", ""],
      ["3", "", "", "", "", "", "", ""],
    ]);
    const preview = await previewTrackingUpload(upload(ctx, file, { separatePackages: true }));
    expect(preview.summary).toMatchObject({ newBackers: 1, blankRows: 2, blankRowNumbers: [2, 4], warningRows: 1 });
    expect(preview.problems).toEqual([
      expect.objectContaining({
        row: 3,
        severity: "warning",
        message: `${UPS} is already saved as the tracking number of backer #1 (backer1@example.com); this row adds it to backer #2 (backer2@example.com) too.`,
      }),
    ]);
    // Re-uploading backer 1's own number is not flagged.
    const own = await previewTrackingUpload(upload(ctx, csv([["1", "", "", "", "", UPS.toLowerCase(), "", ""]])));
    expect(own.problems).toEqual([]);
  });

  it("looks the file's numbers up in rounds of bounded size, finding each number saved for another backer whatever its round", async () => {
    const ctx = await setup(3);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""], ["2", "", "", "", "", USPS, "", ""]]));
    const file = {
      numbers: [CANADA, UPS, FEDEX, USPS],
      emails: ["backer3@example.com", "backer3@example.com", "backer3@example.com", "backer2@example.com"],
    };
    // One number per statement: a quarter of a million numbers never go to Postgres as one parameter.
    const saved = await findTrackingNumbersSavedForOthers(prisma, ctx.project.id, file, { roundSize: 1 });
    expect([...saved]).toEqual([[UPS, { email: "backer1@example.com", backer: "backer #1 (backer1@example.com)" }]]);
    expect(await findTrackingNumbersSavedForOthers(prisma, ctx.project.id, file, { roundSize: 3 })).toEqual(saved);
  });

  it("warns when a tracking number goes to a pledge whose level ships nothing (digital only, no reward)", async () => {
    const ctx = await setup(3);
    const digital = await createPledgeLevel(prisma, ctx.project.id, { name: "Digital edition", kind: "DIGITAL" });
    const none = await createPledgeLevel(prisma, ctx.project.id, { name: "Just support", kind: "NO_REWARD" });
    await prisma.pledge.update({ where: { id: ctx.backers[1].pledgeId }, data: { pledgeLevelId: digital.id } });
    await prisma.pledge.update({ where: { id: ctx.backers[2].pledgeId }, data: { pledgeLevelId: none.id } });
    const preview = await previewTrackingUpload(
      upload(
        ctx,
        csv([
          ["1", "", "", "", "", UPS, "", ""],
          ["2", "", "", "", "", USPS, "", ""],
          ["3", "", "", "", "", FEDEX, "", ""],
        ]),
      ),
    );
    expect(preview.summary).toMatchObject({ newBackers: 3, warningRows: 2, errorRows: 0 });
    expect(preview.problems.map((p) => [p.row, p.severity, p.message])).toEqual([
      [3, "warning", "The pledge of backer #2 (backer2@example.com) is for “Digital edition”, a digital-only reward: there is nothing to ship."],
      [4, "warning", "The pledge of backer #3 (backer3@example.com) is for “Just support”, a no-reward pledge: there is nothing to ship."],
    ]);
  });

  it("adds separate packages in one email and keeps the existing package when the file lists it", async () => {
    const ctx = await setup(1);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    const file = csv([
      ["1", "", "", "", "", UPS, "", ""],
      ["1", "", "", "", "", USPS, "", ""],
      ["1", "", "", "", "", CANADA, "", ""],
    ]);
    await expect(apply(ctx, file)).rejects.toThrow(/3 rows have problems/);
    const result = await apply(ctx, file, { separatePackages: true });
    expect(result).toMatchObject({ summary: { addedBackers: 1 }, shipmentsAdded: 2, shipmentsSuperseded: 0, emailsQueued: 1 });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([UPS, USPS, CANADA]);
    const email = await prisma.emailMessage.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    const [content] = await loadEmailContent([email]);
    expect(content.ok).toBe(true);
    const text = content.ok ? content.text : "";
    expect(text).toContain(USPS);
    // The kept package counts: these are packages 2 and 3 of 3, not "2 packages".
    expect(text).toContain(
      `This is package 2 of 3 of your reward; also on its way: ${CANADA} (Canada Post). Package 1 was sent earlier; all of them are on your pledge summary.`,
    );
  });

  it("is all-or-nothing: a failure half-way (after the shipments are written) leaves nothing behind", async () => {
    const ctx = await setup(3);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    const snapshot = async () => ({
      shipments: await prisma.shipment.findMany({ orderBy: { id: "asc" } }),
      emails: await prisma.emailMessage.findMany({ orderBy: { id: "asc" } }),
      audits: await prisma.auditEvent.count(),
      imports: await prisma.import.count(),
    });
    const before = await snapshot();
    // The outbox insert fails for one recipient: the shipments before it were already written.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION tracking_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.to_email = 'backer3@example.com' THEN RAISE EXCEPTION 'simulated outbox failure'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER tracking_test_fail BEFORE INSERT ON email_message FOR EACH ROW EXECUTE FUNCTION tracking_test_fail()`);
    try {
      const file = csv([
        ["1", "", "", "", "", USPS, "", ""],
        ["2", "", "", "", "", FEDEX, "", ""],
        ["3", "", "", "", "", CANADA, "", ""],
      ]);
      await expect(apply(ctx, file)).rejects.toThrow(/simulated outbox failure/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER tracking_test_fail ON email_message`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION tracking_test_fail()`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("is all-or-nothing when the shipments fail while the emails are being queued, and reports the shipments' error", async () => {
    const ctx = await setup(3);
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    const snapshot = async () => ({
      shipments: await prisma.shipment.findMany({ orderBy: { id: "asc" } }),
      emails: await prisma.emailMessage.count(),
      audits: await prisma.auditEvent.count(),
    });
    const before = await snapshot();
    // The shipment insert runs while this process prepares the emails; its failure must still win.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION tracking_test_fail_shipment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.tracking_number = '${CANADA}' THEN RAISE EXCEPTION 'simulated shipment failure'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER tracking_test_fail_shipment BEFORE INSERT ON shipment FOR EACH ROW EXECUTE FUNCTION tracking_test_fail_shipment()`);
    try {
      const file = csv([
        ["1", "", "", "", "", USPS, "", ""],
        ["2", "", "", "", "", FEDEX, "", ""],
        ["3", "", "", "", "", CANADA, "", ""],
      ]);
      await expect(apply(ctx, file)).rejects.toThrow(/simulated shipment failure/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER tracking_test_fail_shipment ON shipment`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION tracking_test_fail_shipment()`);
    }
    expect(await snapshot()).toEqual(before);
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([UPS]);
  });

  it("writes a large file in rounds inside one transaction: all rounds or none", async () => {
    const ctx = await setup(5);
    const numbers = [UPS, USPS, FEDEX, CANADA, "EE123456785GB"];
    const file = csv(numbers.map((number, i) => [String(i + 1), "", "", "", "", number, "", ""]));
    const snapshot = async () => ({
      shipments: await prisma.shipment.count(),
      emails: await prisma.emailMessage.count(),
      audits: await prisma.auditEvent.count(),
      imports: await prisma.import.count(),
    });
    const before = await snapshot();
    // The last round (backer 5) fails: the two rounds before it must not stay.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION tracking_test_fail_last() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.to_email = 'backer5@example.com' THEN RAISE EXCEPTION 'simulated failure in the last round'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER tracking_test_fail_last BEFORE INSERT ON email_message FOR EACH ROW EXECUTE FUNCTION tracking_test_fail_last()`);
    try {
      await expect(
        applyTrackingUpload({ ...upload(ctx, file), actorId: ctx.owner.id, writeSliceSize: 2 }),
      ).rejects.toThrow(/simulated failure in the last round/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER tracking_test_fail_last ON email_message`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION tracking_test_fail_last()`);
    }
    expect(await snapshot()).toEqual(before);

    const result = await applyTrackingUpload({ ...upload(ctx, file), actorId: ctx.owner.id, writeSliceSize: 2 });
    expect(result).toMatchObject({ shipmentsAdded: 5, emailsQueued: 5 });
    for (const [i, backer] of ctx.backers.entries()) expect(await activeNumbers(backer.pledgeId)).toEqual([numbers[i]]);
    const emails = await prisma.emailMessage.findMany({ where: { kind: "tracking-shipped" }, select: { toEmail: true } });
    expect(emails.map((e) => e.toEmail).sort()).toEqual(ctx.backers.map((b) => b.email).sort());
  });

  it("writes exactly the rows of a single round when every backer is a round of its own, a backer's rows far apart in the file", async () => {
    const file = csv([
      ["2", "", "", "", "", USPS, "", ""],
      ["1", "", "", "", "", FEDEX, "", ""],
      ["3", "", "", "", "", CANADA, "", ""],
      ["4", "", "", "", "", "EE123456785GB", "", ""],
      ["2", "", "", "", "", "9400111202555842332676", "", ""],
      ["5", "", "", "", "", "", "", ""],
    ]);
    /** Shipments and emails of a project, with its own ids (pledges) written out. */
    const outcome = async (ctx: Ctx) => {
      const shipments = await prisma.$queryRaw<{ backer: number; number: string; carrier: string | null; url: string | null; superseded: boolean }[]>`
        SELECT b.backer_number AS backer, s.tracking_number AS number, s.carrier, s.tracking_url AS url, s.superseded_at IS NOT NULL AS superseded
        FROM shipment s JOIN pledge p ON p.id = s.pledge_id JOIN backer b ON b.id = p.backer_id
        WHERE s.project_id = ${ctx.project.id}::uuid ORDER BY b.backer_number, s.tracking_number`;
      const messages = await prisma.emailMessage.findMany({ where: { projectId: ctx.project.id, kind: "tracking-shipped" }, orderBy: { toEmail: "asc" } });
      const contents = await loadEmailContent(messages);
      const pledges = new Map(ctx.backers.map((backer) => [backer.pledgeId, `pledge-of-${backer.backerNumber}`]));
      const emails = messages.map((message, i) => {
        const content = contents[i];
        const text = content.ok ? content.text + content.html : content.reason;
        return { to: message.toEmail, subject: message.subject, body: text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, (id) => pledges.get(id) ?? "another id") };
      });
      return { shipments, emails };
    };
    const run = async (ctx: Ctx, writeSliceSize?: number) => {
      // Backer 1 has a number already, which the file replaces.
      await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
      return applyTrackingUpload({ ...upload(ctx, file, { separatePackages: true }), actorId: ctx.owner.id, writeSliceSize });
    };
    const single = await setup(5);
    const inRounds = await setup(5, "second-creator@example.com");
    const singleResult = await run(single);
    const roundsResult = await run(inRounds, 1);
    expect(roundsResult).toMatchObject({ shipmentsAdded: 5, shipmentsSuperseded: 1, emailsQueued: 4 });
    expect({ ...roundsResult, importId: null }).toEqual({ ...singleResult, importId: null });
    const expected = await outcome(single);
    expect(expected.emails.find((email) => email.to === "backer2@example.com")?.body).toContain("Your reward ships in 2 packages.");
    expect(await outcome(inRounds)).toEqual(expected);
  });

  it("reports a failure in an early round while the next round is already under way, and keeps nothing", async () => {
    const ctx = await setup(4);
    const numbers = [UPS, USPS, FEDEX, CANADA];
    const file = csv(numbers.map((number, i) => [String(i + 1), "", "", "", "", number, "", ""]));
    const before = { shipments: await prisma.shipment.count(), emails: await prisma.emailMessage.count() };
    // Round one of four fails at its shipments; rounds are prepared and handed over while it runs.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION tracking_test_fail_first() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.tracking_number = '${UPS}' THEN RAISE EXCEPTION 'simulated failure in the first round'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER tracking_test_fail_first BEFORE INSERT ON shipment FOR EACH ROW EXECUTE FUNCTION tracking_test_fail_first()`);
    try {
      const error = await applyTrackingUpload({ ...upload(ctx, file), actorId: ctx.owner.id, writeSliceSize: 1 }).then(
        () => null,
        (reason: unknown) => reason,
      );
      // The failing statement's own error, not a later round's "Not sent" or the aborted transaction's.
      expect(String(error)).toMatch(/simulated failure in the first round/);
      expect(String(error)).not.toMatch(/Not sent|current transaction is aborted/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER tracking_test_fail_first ON shipment`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION tracking_test_fail_first()`);
    }
    expect({ shipments: await prisma.shipment.count(), emails: await prisma.emailMessage.count() }).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { action: "tracking.upload" } })).toBe(0);

    const result = await applyTrackingUpload({ ...upload(ctx, file), actorId: ctx.owner.id, writeSliceSize: 1 });
    expect(result).toMatchObject({ shipmentsAdded: 4, emailsQueued: 4 });
    for (const [i, backer] of ctx.backers.entries()) expect(await activeNumbers(backer.pledgeId)).toEqual([numbers[i]]);
  });

  it("refuses a file with problems, changing nothing, unless the creator skips the problem rows", async () => {
    const ctx = await setup(2);
    const file = csv([
      ["1", "", "", "", "", "9.40011E+21", "", ""],
      ["2", "", "", "", "", FEDEX, "", ""],
    ]);
    await expect(apply(ctx, file)).rejects.toMatchObject({ code: "INVALID_INPUT", message: "1 row has a problem that must be fixed first (see the preview). Nothing was changed." });
    expect(await prisma.shipment.count()).toBe(0);
    const result = await apply(ctx, file, { skipProblemRows: true });
    expect(result).toMatchObject({ shipmentsAdded: 1, skippedProblemRows: 1 });

    const problems = await exportTrackingProblemRows(upload(ctx, file));
    expect(problems.rowCount).toBe(1);
    expect(problems.csv).toContain("9.40011E+21");
    expect(problems.csv).toContain("scientific notation");
  });

  it("refuses to apply when the plan changed since the preview, and returns the new preview", async () => {
    const ctx = await setup(1);
    const file = csv([["1", "", "", "", "", USPS, "", ""]]);
    const preview = await previewTrackingUpload(upload(ctx, file));
    await addTrackingNumber({ projectId: ctx.project.id, backerId: ctx.backers[0].id, trackingNumber: UPS, carrier: "", otherCarrier: "", trackingUrl: "", actorId: null });
    const error = await applyTrackingUpload({ ...upload(ctx, file), actorId: null, expectedFingerprint: preview.fingerprint }).catch((e) => e);
    expect(error).toBeInstanceOf(TrackingPlanChangedError);
    expect((error as TrackingPlanChangedError).preview.summary).toMatchObject({ replacedBackers: 1 });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([UPS]);
  });

  it("refuses a link that is not http or https when one number is added by hand, saving nothing", async () => {
    const ctx = await setup();
    const error = await addTrackingNumber({
      projectId: ctx.project.id,
      backerId: ctx.backers[0].id,
      trackingNumber: UPS,
      carrier: "",
      otherCarrier: "",
      trackingUrl: "javascript://example.com/%0Aalert(document.cookie)",
      actorId: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { trackingUrl: ["This is not a web address. Paste the full link, starting with https://, or leave it empty."] },
    });
    expect(await prisma.shipment.count()).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("refuses rows for backers outside the selection or the project", async () => {
    const ctx = await setup(2);
    const other = await createProject(prisma, {});
    await createBacker(prisma, other.id, { backerNumber: 9, email: "elsewhere@example.com" });
    const file = csv([
      ["2", "", "", "", "", FEDEX, "", ""],
      ["9", "elsewhere@example.com", "", "", "", UPS, "", ""],
    ]);
    const preview = await previewTrackingUpload({ ...upload(ctx, file), selection: { kind: "ids", ids: [ctx.backers[0].id] } });
    expect(preview.problems.map((p) => [p.row, p.message])).toEqual([
      [2, "backer #2 (backer2@example.com) was not in the selection this template was made for."],
      [3, "There is no backer #9 in this project."],
    ]);
  });

  it("delivers one email per changed backer with the carrier, number, Track shipment link and pledge page", async () => {
    smtp = await startSmtpTestServer();
    const transport = createMailTransport(smtp.url);
    transports.push(transport);
    const ctx = await setup(2);
    await apply(ctx, csv([
      ["1", "", "", "", "", UPS, "", ""],
      ["2", "", "", "", "", CANADA, "", ""],
    ]));
    await apply(ctx, csv([["1", "", "", "", "", UPS, "", ""]]));
    await deliverQueuedEmails({ transport });
    const messages = await smtp.waitForMessages(2);
    expect(messages).toHaveLength(2);
    const byRecipient = new Map(messages.map((m) => [m.envelope.to[0], m]));
    const ada = byRecipient.get("backer1@example.com")!;
    expect(ada.subject).toBe("Your reward from Tiny Forest has shipped");
    expect(ada.text).toContain("Your reward has been shipped");
    expect(ada.text).toContain("UPS");
    expect(ada.text).toContain(UPS);
    expect(ada.html).toContain(`href="https://www.ups.com/track?tracknum=${UPS}"`);
    expect(ada.html).toContain("Track shipment");
    expect(ada.text).toContain(`${env.APP_URL}/pledges/${ctx.backers[0].pledgeId}/backing-details`);
    const zoe = byRecipient.get("backer2@example.com")!;
    expect(zoe.text).toContain("Canada Post");
    expect(zoe.html).toContain("canadapost-postescanada.ca/track-reperage/en#/search?searchFor=RA123456785CA");
    // Nothing else is queued: the repeated upload changed nothing.
    expect(await deliverQueuedEmails({ transport })).toMatchObject({ claimed: 0 });
  });
});

describe("addTrackingNumberOrThrow (one backer)", () => {
  const add = (ctx: Ctx, overrides: Partial<Parameters<typeof addTrackingNumber>[0]> = {}) =>
    addTrackingNumber({
      projectId: ctx.project.id,
      backerId: ctx.backers[0].id,
      trackingNumber: UPS,
      carrier: "",
      otherCarrier: "",
      trackingUrl: "",
      actorId: ctx.owner.id,
      ...overrides,
    });

  it("detects the carrier, builds the link, queues the email and records an audit event", async () => {
    const ctx = await setup(1);
    const result = await add(ctx, { trackingNumber: "1z 999 aa1 01 2345 678 4" });
    expect(result).toMatchObject({ trackingNumber: UPS, carrier: "UPS", trackingUrl: `https://www.ups.com/track?tracknum=${UPS}`, replaced: 0, emailQueued: true });
    expect(await prisma.emailMessage.findFirstOrThrow()).toMatchObject({ idempotencyKey: `tracking:${result.shipmentId}`, toEmail: "backer1@example.com" });
    const event = await prisma.auditEvent.findFirstOrThrow();
    expect(event).toMatchObject({ action: "tracking.add", targetCount: 1 });
    // The activity timeline names the backer instead of "one backer".
    expect(describeAuditEvent({ ...event, details: event.details as Record<string, unknown> }, "/projects/p").sentence).toBe(
      `added tracking number ${UPS} (UPS) for backer #1, Backer 1`,
    );
  });

  it("keeps the carrier and link the creator chose", async () => {
    const ctx = await setup(1);
    const result = await add(ctx, { carrier: "Other", otherCarrier: "Evri", trackingUrl: "https://evri.com/track/1" });
    expect(result).toMatchObject({ carrier: "Evri", trackingUrl: "https://evri.com/track/1" });
    const fedex = await add(ctx, { backerId: ctx.backers[0].id, trackingNumber: FEDEX, carrier: "FedEx", mode: "add" });
    expect(fedex).toMatchObject({ packageNumber: 2, carrier: "FedEx", trackingUrl: `https://www.fedex.com/fedextrack/?trknbr=${FEDEX}` });
  });

  it("asks to replace or add when the backer already has a number, and does what was chosen", async () => {
    const ctx = await setup(1);
    await add(ctx);
    await expect(add(ctx, { trackingNumber: USPS })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { mode: [expect.stringMatching(/replaces it or is another package/)] } });
    await add(ctx, { trackingNumber: USPS, mode: "add" });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([UPS, USPS]);
    // The second package's email says it is the second, rather than repeating the first's.
    const [second] = await loadEmailContent([await prisma.emailMessage.findFirstOrThrow({ orderBy: { createdAt: "desc" } })]);
    expect(second.ok && second.text).toContain("This is package 2 of 2 of your reward. Package 1 was sent earlier; all of them are on your pledge summary.");
    await add(ctx, { trackingNumber: FEDEX, mode: "replace" });
    expect(await activeNumbers(ctx.backers[0].pledgeId)).toEqual([FEDEX]);
    expect((await listPledgeShipments(ctx.backers[0].pledgeId, { includeSuperseded: true })).length).toBe(3);
    expect(await prisma.emailMessage.count()).toBe(3);
  });

  it("refuses bad input with a specific message and changes nothing", async () => {
    const ctx = await setup(1);
    await expect(add(ctx, { trackingNumber: "9.40011E+21" })).rejects.toMatchObject({ fieldErrors: { trackingNumber: [expect.stringMatching(/scientific notation/)] } });
    await expect(add(ctx, { trackingUrl: "not a link" })).rejects.toMatchObject({ fieldErrors: { trackingUrl: [expect.any(String)] } });
    await expect(add(ctx, { carrier: "Other" })).rejects.toMatchObject({ fieldErrors: { otherCarrier: ["Enter the carrier's name."] } });
    await add(ctx);
    await expect(add(ctx, { mode: "add" })).rejects.toMatchObject({ fieldErrors: { trackingNumber: [`${UPS} is already this backer's tracking number; nothing was changed.`] } });
    const other = await createProject(prisma, {});
    const { backer } = await createBacker(prisma, other.id, {});
    await expect(add(ctx, { backerId: backer.id })).rejects.toBeInstanceOf(DomainError);
    expect(await prisma.shipment.count()).toBe(1);
  });
});

describe("generateTrackingTemplateCsv", () => {
  it("writes one row per selected backer with empty tracking columns, BOM and CRLF", async () => {
    const ctx = await setup(3);
    let text = "";
    for await (const chunk of generateTrackingTemplateCsv(ctx.project.id, { kind: "ids", ids: [ctx.backers[2].id, ctx.backers[0].id] })) text += chunk;
    expect(text).toBe(
      "\uFEFFBacker Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)\r\n" +
        "1,backer1@example.com,Backer 1,Deluxe,Canada,,,\r\n" +
        "3,backer3@example.com,Backer 3,Deluxe,Canada,,,\r\n",
    );
  });

  it("pages through large selections in backer-number order", async () => {
    const ctx = await setup(1);
    // 12,000 more backers via one statement, so the 5,000-row batches are exercised.
    await prisma.$executeRaw`
      INSERT INTO backer (project_id, email, backer_number, name)
      SELECT ${ctx.project.id}::uuid, 'bulk' || n || '@example.com', n, 'Bulk ' || n FROM generate_series(2, 12001) n`;
    const all = await prisma.backer.findMany({ where: { projectId: ctx.project.id }, select: { id: true } });
    let lines = 0;
    let last = 0;
    let ordered = true;
    for await (const chunk of generateTrackingTemplateCsv(ctx.project.id, { kind: "ids", ids: all.slice(0, 5000).map((b) => b.id) }))
      for (const line of chunk.split("\r\n")) {
        const n = Number(line.split(",")[0]);
        if (!Number.isInteger(n) || line === "") continue;
        if (n <= last) ordered = false;
        last = n;
        lines++;
      }
    expect(lines).toBe(5000);
    expect(ordered).toBe(true);
  });
});

describe("the shipping email's date", () => {
  it("is the day on the project's calendar, with the month by name", async () => {
    const project = await createProject(prisma, { name: "Kiwi Games", timeZone: "Pacific/Auckland" });
    const { backer, pledge } = await createBacker(prisma, project.id, { email: "nz@example.com", name: "Aroha" });
    // 20:00 UTC on 14 March is 09:00 on 15 March in Auckland (NZDT, UTC+13).
    await prisma.$transaction((tx) =>
      writeTrackingChanges(tx, {
        projectId: project.id,
        projectName: project.name,
        projectTimeZone: project.timeZone,
        actorId: null,
        now: new Date("2026-03-14T20:00:00Z"),
        changes: [
          {
            pledgeId: pledge!.id,
            backerNumber: backer.backerNumber,
            email: backer.email,
            name: backer.name,
            outcome: "new",
            add: [{ row: 2, trackingNumber: UPS, carrier: "UPS", trackingUrl: null }],
            supersede: [],
          },
        ],
      }),
    );
    const [content] = await loadEmailContent([await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: "nz@example.com" } })]);
    expect(content.ok && content.text).toContain("Mar 15, 2026");
  });
});

describe("completeTrackingChanges (a round of the apply's changes)", () => {
  it("fills in the round's pledge ids, names and superseded shipment ids, and refuses when a backer's shipments are not the ones planned", async () => {
    const ctx = await setup(2);
    await addTrackingNumber({ projectId: ctx.project.id, backerId: ctx.backers[0].id, trackingNumber: UPS, carrier: "", otherCarrier: "", trackingUrl: "", actorId: null });
    const [current] = await prisma.shipment.findMany({ where: { pledgeId: ctx.backers[0].pledgeId }, select: { id: true } });
    // The apply's index: no pledge ids, shipment ids or names.
    const index = await loadTrackingBackers(prisma, ctx.project.id, ctx.selection, null);
    const first = index.findByNumber(1);
    expect(index.pledgeId(first)).toBeNull();
    const planned = (backer: 1 | 2, shipmentVersion: number, shipmentCount: number, supersedeAt: number[]): PlannedBackerChange => ({
      pledgeId: "",
      backerNumber: backer,
      email: `backer${backer}@example.com`,
      name: "",
      outcome: shipmentCount === 0 ? "new" : "replaced",
      add: [{ row: backer + 1, trackingNumber: FEDEX, carrier: "FedEx", trackingUrl: null }],
      supersede: [],
      keptPackages: 0,
      pending: { shipmentVersion, shipmentCount, supersedeAt },
    });

    const round = [planned(1, index.shipmentVersion(first), 1, [0]), planned(2, index.shipmentVersion(index.findByNumber(2)), 0, [])];
    await runInTransaction((tx) => completeTrackingChanges(tx, ctx.project.id, round));
    expect(round).toEqual([
      expect.objectContaining({ pledgeId: ctx.backers[0].pledgeId, name: "Backer 1", supersede: [current.id] }),
      expect.objectContaining({ pledgeId: ctx.backers[1].pledgeId, name: "Backer 2", supersede: [] }),
    ]);
    expect(round.every((change) => change.pending === undefined)).toBe(true);

    // Planned before backer 1's number changed: the version the plan stands on is not the database's.
    const stale = [planned(1, 0, 0, [])];
    const error = await runInTransaction((tx) => completeTrackingChanges(tx, ctx.project.id, stale)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("backer1@example.com") });
  });
});
