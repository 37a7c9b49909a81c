import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { applyIncentive, type ApplyIncentiveInput } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { addStaticSegmentMembers } from "@/lib/segments/add-static-segment-members";
import { saveSegment } from "@/lib/segments/save-segment";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { connectSecondSession, waitForBlockedBackends } from "../support/fault-mail";
import { createDigitalReward, sendDigitalReward } from "../support/digital-reward-use-cases";
import { applyTrackingUpload } from "../support/tracking-in-transaction";

/**
 * Double submits (the same request twice at once) and two members of one project acting on
 * overlapping backers at the same moment. Every case runs real lib calls concurrently on Postgres
 * and checks the rows and the outbox afterwards: applied once, one email per change, and a loser
 * that either gets its own consistent result or a DomainError with a message, never a crash.
 */

const UPS = "1Z999AA10123456784";
const FEDEX = ["986578788855", "986578788800", "986578788877", "986578788947"];

const tx = <T,>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn, { timeout: 60_000 });

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T,>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

function expectDomainFailure(result: Settled<unknown>, code: DomainError["code"], message: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(DomainError);
  expect((result.error as DomainError).code).toBe(code);
  expect((result.error as DomainError).message).toMatch(message);
}

/** A project with an owner and a collaborator, and `count` backers with collected physical pledges. */
async function team(count: number) {
  const owner = await createUser(prisma, { email: "owner@example.com" });
  const collaborator = await createUser(prisma, { email: "collaborator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  await prisma.membership.create({ data: { projectId: project.id, userId: collaborator.id, role: "COLLABORATOR" } });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe", kind: "PHYSICAL" });
  const backers = [];
  for (let i = 1; i <= count; i++) {
    const { backer, pledge } = await createBacker(prisma, project.id, {
      backerNumber: i,
      email: `backer${i}@example.com`,
      name: `Backer ${i}`,
      shippingCountryName: "Canada",
      pledge: { pledgeLevelId: level.id },
    });
    backers.push({ id: backer.id, email: backer.email, pledgeId: pledge!.id, number: i });
  }
  return { owner, collaborator, project, backers };
}
type Team = Awaited<ReturnType<typeof team>>;

/**
 * Starts the calls while a second session holds back writes to `table`, waits (pg_stat_activity)
 * until every call is blocked in the statement matching `statement`, then lets them all go: the
 * calls have certainly overlapped, however fast or slow the machine.
 */
async function bothAtOnce<T>(table: string, statement: string, start: () => Promise<T>[]): Promise<T[]> {
  const gate = await connectSecondSession();
  try {
    await gate.query("BEGIN");
    await gate.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    const calls = start();
    await waitForBlockedBackends(gate, statement, calls.length);
    await gate.query("COMMIT");
    return await Promise.all(calls);
  } finally {
    await gate.end();
  }
}

async function emailsByRecipient(kind: string): Promise<Record<string, number>> {
  const rows = await prisma.emailMessage.groupBy({ by: ["toEmail"], where: { kind }, _count: true });
  return Object.fromEntries(rows.map((row) => [row.toEmail, row._count]));
}

describe("tracking uploads at the same time", () => {
  function trackingCsv(rows: [number, string][]): Uint8Array {
    const header = "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)";
    const lines = rows.map(([n, number]) => `${n},backer${n}@example.com,Backer ${n},Deluxe,Canada,${number},,`);
    return new TextEncoder().encode(`${[header, ...lines].join("\r\n")}\r\n`);
  }
  const upload = (t: Team, actorId: string, rows: [number, string][]) => ({
    projectId: t.project.id,
    fileName: "tracking.csv",
    bytes: trackingCsv(rows),
    selection: { kind: "ids" as const, ids: rows.map(([n]) => t.backers[n - 1].id) },
    skipExisting: false,
    separatePackages: false,
    actorId,
  });

  async function activeShipments() {
    return prisma.shipment.findMany({
      where: { supersededAt: null },
      select: { pledgeId: true, trackingNumber: true },
      orderBy: { trackingNumber: "asc" },
    });
  }

  it("a double submit of the same file applies it once: one shipment and one email per backer", async () => {
    const t = await team(3);
    const input = upload(t, t.owner.id, [
      [1, UPS],
      [2, FEDEX[0]],
      [3, FEDEX[1]],
    ]);
    const results = await Promise.all([applyTrackingUpload(input), applyTrackingUpload(input)]);
    // The second waits for the first (per-project lock), re-plans and finds nothing to change.
    expect(results.map((r) => r.shipmentsAdded).sort()).toEqual([0, 3]);
    expect(results.map((r) => r.importId === null).sort()).toEqual([false, true]);
    expect(await prisma.shipment.count()).toBe(3);
    expect(await emailsByRecipient("tracking-shipped")).toEqual({
      "backer1@example.com": 1,
      "backer2@example.com": 1,
      "backer3@example.com": 1,
    });
    expect(await prisma.import.count({ where: { kind: "TRACKING", status: "APPLIED" } })).toBe(1);
  });

  it("two creators' files over overlapping backers: one active number each, one email per change", async () => {
    const t = await team(4);
    // Backer 2 has the same number in both files; backer 3 a different one in each.
    const ownerRows: [number, string][] = [
      [1, UPS],
      [2, FEDEX[0]],
      [3, FEDEX[1]],
    ];
    const collaboratorRows: [number, string][] = [
      [2, FEDEX[0]],
      [3, FEDEX[2]],
      [4, FEDEX[3]],
    ];
    const [a, b] = await Promise.all([
      settle(applyTrackingUpload(upload(t, t.owner.id, ownerRows))),
      settle(applyTrackingUpload(upload(t, t.collaborator.id, collaboratorRows))),
    ]);
    expect(a.ok && b.ok).toBe(true);

    const active = await activeShipments();
    // Exactly one active number per backer, whoever applied last for backer 3.
    expect(active.map((s) => s.pledgeId).sort()).toEqual(t.backers.map((x) => x.pledgeId).sort());
    const byPledge = new Map(active.map((s) => [s.pledgeId, s.trackingNumber]));
    expect(byPledge.get(t.backers[1].pledgeId)).toBe(FEDEX[0]);
    expect([FEDEX[1], FEDEX[2]]).toContain(byPledge.get(t.backers[2].pledgeId));
    // Backer 2's number was saved once; backer 3 got a number and then its replacement.
    expect(await prisma.shipment.count({ where: { pledgeId: t.backers[1].pledgeId } })).toBe(1);
    expect(await prisma.shipment.count({ where: { pledgeId: t.backers[2].pledgeId } })).toBe(2);
    // One email per saved shipment, never two for the same one.
    expect(await emailsByRecipient("tracking-shipped")).toEqual({
      "backer1@example.com": 1,
      "backer2@example.com": 1,
      "backer3@example.com": 2,
      "backer4@example.com": 1,
    });
    // Whoever went first added three; the other re-planned after it and added two (backer 2 unchanged).
    expect([a, b].map((r) => (r.ok ? r.value.shipmentsAdded : -1)).sort()).toEqual([2, 3]);
  });

  it("two creators confirming previews of overlapping files at once: the later is refused with the new preview", async () => {
    const t = await team(3);
    const ownerInput = upload(t, t.owner.id, [
      [1, UPS],
      [2, FEDEX[0]],
    ]);
    const collaboratorInput = upload(t, t.collaborator.id, [
      [2, FEDEX[1]],
      [3, FEDEX[2]],
    ]);
    const [ownerPreview, collaboratorPreview] = await Promise.all([
      previewTrackingUpload(ownerInput),
      previewTrackingUpload(collaboratorInput),
    ]);
    const results = await Promise.all([
      settle(applyTrackingUpload({ ...ownerInput, expectedFingerprint: ownerPreview.fingerprint })),
      settle(applyTrackingUpload({ ...collaboratorInput, expectedFingerprint: collaboratorPreview.fingerprint })),
    ]);
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expectDomainFailure(losers[0], "CONFLICT", /changed since this preview \(another upload may have run meanwhile\)\. Nothing was changed/);
    // Only the winner's two shipments and emails exist.
    expect(await prisma.shipment.count()).toBe(2);
    expect(await prisma.emailMessage.count({ where: { kind: "tracking-shipped" } })).toBe(2);
    expect(await prisma.import.count({ where: { kind: "TRACKING", status: "APPLIED" } })).toBe(1);
  });
});

describe("digital rewards sent by two creators at once", () => {
  it("a shared reward sent to overlapping selections reaches each backer once", async () => {
    const t = await team(5);
    const reward = await createDigitalReward(
      t.project.id,
      { name: "Wallpapers", kind: "SHARED", instructions: null, sharedValue: null },
      t.owner.id,
    );
    const send = (actorId: string, from: number, to: number) =>
      settle(
        sendDigitalReward({
          projectId: t.project.id,
          rewardId: reward.id,
          selection: { kind: "ids", ids: t.backers.slice(from, to).map((b) => b.id) },
          codes: { source: "shared", value: "https://example.com/wallpapers" },
          token: randomUUID(),
          actorId,
        }),
      );
    const results = await Promise.all([send(t.owner.id, 0, 3), send(t.collaborator.id, 1, 5)]);
    for (const result of results) {
      if (!result.ok) expectDomainFailure(result, "CONFLICT", /nothing was sent/);
    }
    expect(results.some((r) => r.ok)).toBe(true);

    const deliveries = await prisma.digitalRewardDelivery.findMany({ where: { digitalRewardId: reward.id } });
    const delivered = new Set(deliveries.map((d) => d.pledgeId));
    expect(delivered.size).toBe(deliveries.length);
    const emails = await emailsByRecipient("digital-reward");
    expect(Object.values(emails).every((n) => n === 1)).toBe(true);
    expect(Object.keys(emails).length).toBe(deliveries.length);

    // After a conflict, sending again completes the loser's selection without repeating anyone.
    await send(t.collaborator.id, 1, 5);
    await send(t.owner.id, 0, 3);
    expect(await prisma.digitalRewardDelivery.count({ where: { digitalRewardId: reward.id } })).toBe(5);
    expect(await emailsByRecipient("digital-reward")).toEqual(
      Object.fromEntries(t.backers.map((b) => [b.email, 1])),
    );
  });

  it("a unique reward from pasted lists to overlapping selections: no backer gets two codes, no code two backers", async () => {
    const t = await team(4);
    const reward = await createDigitalReward(
      t.project.id,
      { name: "Soundtrack", kind: "UNIQUE", instructions: null, sharedValue: null },
      t.owner.id,
    );
    const { parseCodeList } = await import("@/lib/digital-rewards/parse-code-list");
    const send = (actorId: string, from: number, to: number, codes: string) =>
      settle(
        sendDigitalReward({
          projectId: t.project.id,
          rewardId: reward.id,
          selection: { kind: "ids", ids: t.backers.slice(from, to).map((b) => b.id) },
          codes: { source: "list", list: parseCodeList(codes) },
          token: randomUUID(),
          actorId,
        }),
      );
    // Both sends plan first and only then write: held at the delivery insert until both are there.
    const results = await bothAtOnce("digital_reward_delivery", "%INSERT INTO digital_reward_delivery%", () => [
      send(t.owner.id, 0, 3, "A1,A2,A3"),
      send(t.collaborator.id, 1, 4, "B2,B3,B4"),
    ]);
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expectDomainFailure(results.find((r) => !r.ok)!, "CONFLICT", /nothing was sent/);
    // Exactly the winner's list, each code to the backer it was pasted for.
    const ownerWon = results[0].ok;
    const expected = ownerWon
      ? { A1: "backer1@example.com", A2: "backer2@example.com", A3: "backer3@example.com" }
      : { B2: "backer2@example.com", B3: "backer3@example.com", B4: "backer4@example.com" };
    const codes = await prisma.digitalCode.findMany({
      where: { digitalRewardId: reward.id, pledgeId: { not: null } },
      select: { value: true, pledge: { select: { backer: { select: { email: true } } } } },
    });
    expect(Object.fromEntries(codes.map((c) => [c.value, c.pledge!.backer.email]))).toEqual(expected);
    expect(await emailsByRecipient("digital-reward")).toEqual(Object.fromEntries(Object.values(expected).map((email) => [email, 1])));
  });
});

describe("incentives applied by two creators at once", () => {
  it("one incentive to overlapping segments: each pledge granted once, emailed once", async () => {
    const t = await team(5);
    const staticSegment = async (name: string, members: number[]) => {
      const segment = await tx((t2) => saveSegment(t2, t.project.id, { name, kind: "STATIC" }));
      await tx((t2) => addStaticSegmentMembers(t2, t.project.id, segment.id, members.map((n) => t.backers[n - 1].id)));
      return segment.id;
    };
    const first = await staticSegment("First three", [1, 2, 3]);
    const last = await staticSegment("Last three", [3, 4, 5]);
    const input = (actorId: string, segmentId: string): ApplyIncentiveInput => ({
      projectId: t.project.id,
      actorId,
      segmentId,
      incentive: { name: "Thank-you credit", definition: { kind: "CREDIT", creditAmount: 500 } },
      exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      notifyBackers: true,
    });
    const results = await Promise.all([
      tx((t2) => applyIncentive(t2, input(t.owner.id, first))),
      tx((t2) => applyIncentive(t2, input(t.collaborator.id, last))),
    ]);
    // Both name the same new incentive: one is created, the later apply skips the shared backer.
    expect(new Set(results.map((r) => r.incentiveId)).size).toBe(1);
    expect(results.map((r) => r.granted).sort()).toEqual([2, 3]);
    expect(results.map((r) => r.skipped).sort()).toEqual([0, 1]);
    expect(await prisma.incentiveGrant.count()).toBe(5);
    expect(await prisma.creditEntry.count()).toBe(5);
    expect(await emailsByRecipient("incentive-granted")).toEqual(
      Object.fromEntries(t.backers.map((b) => [b.email, 1])),
    );
  });

  it("a double submit of the same apply, by id, grants and emails once", async () => {
    const t = await team(3);
    const everyone = await tx((t2) =>
      saveSegment(t2, t.project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
    );
    // The incentive exists already (made by an apply to an empty list); the button is then clicked twice.
    const nobody = await tx((t2) => saveSegment(t2, t.project.id, { name: "Nobody yet", kind: "STATIC" }));
    const base: ApplyIncentiveInput = {
      projectId: t.project.id,
      actorId: t.owner.id,
      segmentId: nobody.id,
      incentive: { name: "Launch credit", definition: { kind: "CREDIT", creditAmount: 100 } },
      exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      notifyBackers: false,
    };
    const created = await tx((t2) => applyIncentive(t2, base));
    expect(created.granted).toBe(0);
    const again = { ...base, segmentId: everyone.id, incentive: { incentiveId: created.incentiveId }, notifyBackers: true };
    const results = await Promise.all([tx((t2) => applyIncentive(t2, again)), tx((t2) => applyIncentive(t2, again))]);
    expect(results.map((r) => r.granted).sort()).toEqual([0, 3]);
    expect(results.map((r) => r.emailsQueued).sort()).toEqual([0, 3]);
    expect(await prisma.incentiveGrant.count()).toBe(3);
    expect(await emailsByRecipient("incentive-granted")).toEqual(
      Object.fromEntries(t.backers.map((b) => [b.email, 1])),
    );
  });
});

describe("segments created twice at once", () => {
  it("a double submit of the same new segment makes one; the other answers that the name is taken", async () => {
    const t = await team(2);
    const create = () =>
      settle(
        prisma.$transaction((tx) =>
          saveSegment(tx, t.project.id, { name: "Early birds", filter: { type: "and", conditions: [] } }),
        ),
      );
    const results = await Promise.all([create(), create()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expectDomainFailure(results.find((r) => !r.ok)!, "CONFLICT", /A segment named “Early birds” already exists/);
    expect(await prisma.segment.count({ where: { projectId: t.project.id, name: "Early birds" } })).toBe(1);
  });
});

describe("backer imports confirmed twice at once", () => {
  it("a double confirm imports the backers once; the other is refused with a message", async () => {
    const project = await prisma.project.create({ data: { name: "Moonlight Board Game", currency: "USD" } });
    const file = {
      name: "current-generation.csv",
      bytes: new Uint8Array(readFileSync("tests/fixtures/kickstarter/current-generation.csv")),
    };
    const preview = await previewImportInTransaction(project.id, [file], {}, null);
    expect(preview.plan.ok).toBe(true);
    const confirm = () => settle(applyImportInTransaction(project.id, { importId: preview.importId, files: [file] }, null));
    const results = await Promise.all([confirm(), confirm()]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expectDomainFailure(
      results.find((r) => !r.ok)!,
      "CONFLICT",
      /already applied|changed since the preview|changed while the import was running/,
    );
    expect(await prisma.backer.count({ where: { projectId: project.id } })).toBe(5);
    expect(await prisma.pledge.count({ where: { projectId: project.id } })).toBe(5);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id, action: "backers.import" } })).toBe(1);
    expect(await prisma.import.findUniqueOrThrow({ where: { id: preview.importId } })).toMatchObject({ status: "APPLIED" });
  });
});
