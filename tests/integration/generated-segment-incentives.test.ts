import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { applyIncentive } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { countPledgesPerHour } from "@/lib/segments/count-pledges-per-hour";
import { createFailedBackersSegment, generateIncentiveSegments } from "@/lib/segments/generate-incentive-segments";
import { resolveSegmentBackerIds } from "@/lib/segments/segment-membership-sql";
import { saveSegment } from "@/lib/segments/save-segment";
import { skuPerColumnExport } from "../support/sku-per-column-export";

const tx = <T>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn);
const HOUR = 60 * 60 * 1000;

async function setup() {
  const owner = await createUser(prisma);
  const launchedAt = new Date("2026-03-01T17:00:00Z");
  const earlierProject = await createProject(prisma, {
    ownerId: owner.id,
    launchedAt: new Date("2025-03-01T17:00:00Z"),
    endedAt: new Date("2025-04-01T17:00:00Z"),
  });
  const project = await createProject(prisma, {
    ownerId: owner.id,
    launchedAt,
    endedAt: new Date("2026-04-01T17:00:00Z"),
  });
  const at = (hours: number) => new Date(launchedAt.getTime() + hours * HOUR);
  const pledge = (email: string, hours: number, extra: Record<string, unknown> = {}) =>
    createBacker(prisma, project.id, { email, pledge: { pledgedAt: at(hours), ...extra } }).then((b) => b);
  const first = await pledge("first@example.com", 0.5);
  const beforeLaunch = await pledge("early@example.com", -0.2);
  const edge = await pledge("edge@example.com", 47.9);
  const late = await pledge("late@example.com", 48);
  const failed = await pledge("failed@example.com", 2, { status: "FAILED" });
  const errored = await pledge("errored@example.com", 60, { status: "ERRORED" });
  await createBacker(prisma, earlierProject.id, { email: "late@example.com" });
  const marked = await createBacker(prisma, project.id, {
    email: "marked@example.com",
    markedReturning: true,
    pledge: { pledgedAt: at(200) },
  });
  return { owner, project, first, beforeLaunch, edge, late, failed, errored, marked, at };
}

const ids = (...backers: { backer: { id: string } }[]) => backers.map((b) => b.backer.id).sort();

describe("generateIncentiveSegments", () => {
  test("creates Early Bird Incentive backers and Returning backers, then refreshes them", async () => {
    const s = await setup();
    const created = await tx((t) =>
      generateIncentiveSegments(t, s.project.id, { earlyBirdHours: 48, createdById: s.owner.id }),
    );
    expect(created.earlyBird).toMatchObject({ name: "Early Bird Incentive backers", created: true });
    expect(created.returning).toMatchObject({ name: "Returning backers", created: true });
    expect((await resolveSegmentBackerIds(prisma, s.project.id, created.earlyBird.id)).sort()).toEqual(
      ids(s.first, s.beforeLaunch, s.edge, s.failed),
    );
    expect((await resolveSegmentBackerIds(prisma, s.project.id, created.returning.id)).sort()).toEqual(
      ids(s.late, s.marked),
    );

    // The creator renames it; refreshing with a wider window keeps the name and the id.
    await prisma.segment.update({ where: { id: created.earlyBird.id }, data: { name: "First 72 hours" } });
    const refreshed = await tx((t) => generateIncentiveSegments(t, s.project.id, { earlyBirdHours: 72 }));
    expect(refreshed.earlyBird).toEqual({ id: created.earlyBird.id, name: "First 72 hours", created: false });
    expect((await resolveSegmentBackerIds(prisma, s.project.id, created.earlyBird.id)).sort()).toEqual(
      ids(s.first, s.beforeLaunch, s.edge, s.late, s.failed, s.errored),
    );
    expect((await prisma.project.findUniqueOrThrow({ where: { id: s.project.id } })).earlyBirdHours).toBe(72);
    expect(await prisma.segment.count({ where: { projectId: s.project.id } })).toBe(2);
  });

  test("refuses a project without a launch time, bad hours, and a hand-made segment of the same name", async () => {
    const s = await setup();
    const message = (e: unknown) => (e instanceof DomainError ? e.message : String(e));
    await expect(tx((t) => generateIncentiveSegments(t, s.project.id, { earlyBirdHours: 0 }))).rejects.toSatisfy((e) =>
      /whole number of hours from 1/.test(message(e)),
    );
    await tx((t) => saveSegment(t, s.project.id, { name: "Returning backers", kind: "STATIC" }));
    await expect(tx((t) => generateIncentiveSegments(t, s.project.id, { earlyBirdHours: 48 }))).rejects.toSatisfy((e) =>
      /“Returning backers” already exists and was made by hand/.test(message(e)),
    );
    expect(await prisma.segment.count({ where: { systemKey: { not: null } } })).toBe(0);
    const unlaunched = await createProject(prisma, { launchedAt: null });
    await expect(tx((t) => generateIncentiveSegments(t, unlaunched.id, { earlyBirdHours: 48 }))).rejects.toSatisfy(
      (e) => /has no launch time/.test(message(e)),
    );
  });

  test("the early-bird segment without failed backers receives a free item (the reference's flow)", async () => {
    const s = await setup();
    const generated = await tx((t) => generateIncentiveSegments(t, s.project.id, { earlyBirdHours: 48 }));
    const failedBackers = await tx((t) => createFailedBackersSegment(t, s.project.id));
    expect((await resolveSegmentBackerIds(prisma, s.project.id, failedBackers.id)).sort()).toEqual(
      ids(s.failed, s.errored),
    );
    const qualifying = await tx((t) =>
      saveSegment(t, s.project.id, {
        name: "Early birds, paid",
        filter: {
          type: "and",
          conditions: [
            { type: "inAnyOfTheseSegments", segmentIds: [generated.earlyBird.id] },
            { type: "notInAnyOfTheseSegments", segmentIds: [failedBackers.id] },
          ],
        },
      }),
    );
    const pin = await createItem(prisma, s.project.id, { name: "Pin" });
    const result = await tx((t) =>
      applyIncentive(t, {
        projectId: s.project.id,
        actorId: s.owner.id,
        segmentId: qualifying.id,
        incentive: {
          name: "Early bird pin",
          definition: { kind: "ITEM", itemId: pin.id, itemOptionId: null, quantity: 1 },
        },
        // Nothing to exclude by default here: the segment already leaves out the failed backers.
        exclusions: { failedPayments: false, droppedPledges: false, digitalOnly: false, noReward: false },
        notifyBackers: false,
      }),
    );
    expect(result.granted).toBe(3);
    const lines = await prisma.cartLine.findMany({
      where: { itemId: pin.id },
      select: { pledge: { select: { backerId: true } } },
    });
    expect(lines.map((l) => l.pledge.backerId).sort()).toEqual(ids(s.first, s.beforeLaunch, s.edge));
  });
});

describe("countPledgesPerHour", () => {
  test("buckets pledges by hour since launch", async () => {
    const s = await setup();
    const chart = await countPledgesPerHour(prisma, s.project.id);
    expect(chart.total).toBe(7);
    expect(chart.beforeLaunch).toBe(1);
    expect(chart.hours[0]).toBe(1);
    expect(chart.hours[2]).toBe(1);
    expect(chart.hours[47]).toBe(1);
    expect(chart.hours[48]).toBe(1);
    expect(chart.hours[60]).toBe(1);
    expect(chart.hours[200]).toBe(1);
    expect(chart.later).toBe(0);
  });
});

describe("SKU per Column export (CSV)", () => {
  test("one row per backer with Pledged At and a quantity column per item, free items included, formula-safe", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id, currency: "EUR", timeZone: "Europe/Berlin" });
    const game = await createItem(prisma, project.id, { name: "Core game", sku: "GAME-1" });
    const pin = await createItem(prisma, project.id, { name: "Pin", sku: "PIN" });
    const tray = await createItem(prisma, project.id, { name: "Tray", sku: null, isAddOn: true });
    const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
    await prisma.pledgeLevelItem.create({ data: { pledgeLevelId: level.id, itemId: game.id, quantity: 1 } });
    const a = await createBacker(prisma, project.id, {
      email: "a@example.com",
      name: '=HYPERLINK("http://evil")',
      pledge: { pledgeLevelId: level.id, amount: 6550, pledgedAt: new Date("2026-03-01T18:00:00Z") },
    });
    const b = await createBacker(prisma, project.id, {
      email: "b@example.com",
      name: "Bea",
      pledge: { pledgeLevelId: level.id, amount: 5000, pledgedAt: new Date("2026-03-02T18:00:00Z") },
    });
    // b's import wrote the tier contents out as cart lines, plus two trays.
    await prisma.cartLine.createMany({
      data: [
        { pledgeId: b.pledge!.id, itemId: game.id, quantity: 1, source: "PLEDGE_LEVEL" },
        { pledgeId: b.pledge!.id, itemId: tray.id, quantity: 2, unitPrice: 1000, source: "ADD_ON" },
      ],
    });
    const everyone = await tx((t) =>
      saveSegment(t, project.id, { name: "All: backers!", filter: { type: "and", conditions: [] } }),
    );
    await tx((t) =>
      applyIncentive(t, {
        projectId: project.id,
        actorId: owner.id,
        segmentId: everyone.id,
        incentive: { name: "Pin", definition: { kind: "ITEM", itemId: pin.id, itemOptionId: null, quantity: 2 } },
        exclusions: defaultIncentiveExclusions({ kind: "ITEM", physical: true }),
        notifyBackers: false,
      }),
    );
    await tx((t) =>
      applyIncentive(t, {
        projectId: project.id,
        actorId: owner.id,
        segmentId: everyone.id,
        incentive: { name: "Credit", definition: { kind: "CREDIT", creditAmount: 250 } },
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: false,
      }),
    );
    const { bytes, fileName, rows } = await skuPerColumnExport(project.id, everyone.id, "csv");
    const csv = bytes.toString("utf8");
    expect(rows).toBe(2);
    expect(fileName).toMatch(/^all-backers-sku-per-column-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Backer Number,Backer UID,Backer Name,Email,Country,Pledge Level,Pledge Amount,Pledge Status,Pledged At (Europe/Berlin),Complimentary Credit,Core game (GAME-1),Pin (PIN),Tray",
    );
    expect(lines[1]).toBe(
      `${a.backer.backerNumber},${a.backer.platformUid},"'=HYPERLINK(""http://evil"")",a@example.com,US,Deluxe,65.50,collected,2026-03-01 19:00,2.50,1,2,0`,
    );
    expect(lines[2]).toBe(
      `${b.backer.backerNumber},${b.backer.platformUid},Bea,b@example.com,US,Deluxe,50.00,collected,2026-03-02 19:00,2.50,1,2,2`,
    );
  });
});
