import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import type { PledgeLevelKind, PledgeStatus } from "@/lib/db/generated/enums";
import { createRandom, type Random } from "@/lib/demo/create-random";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { listSegmentBackers } from "@/lib/segments/list-segment-backers";
import { parseSegmentFilterOrThrow } from "@/lib/segments/parse-segment-filter";
import { saveSegment } from "@/lib/segments/save-segment";
import { segmentFilterMembershipSql } from "@/lib/segments/segment-membership-sql";
import type { SegmentFilter } from "@/lib/segments/segment-filter-schema";

// Every compiled condition is compared with a plain TypeScript evaluation of the same rows. The data
// is random (seeded) but deliberately full of edge cases: pledges without a level, lower-case country
// codes, missing countries, pledges before the launch, superseded shipments, undone incentive items,
// backers without a pledge, other projects sharing emails.

const HOUR = 3_600_000;
const STATUSES: PledgeStatus[] = ["COLLECTED", "COLLECTED", "COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"];

async function generate(seed: string) {
  const rnd: Random = createRandom(seed);
  const owner = await createUser(prisma);
  const collaborator = await createUser(prisma);
  const stranger = await createUser(prisma);
  const launchedAt = new Date("2026-02-10T17:00:00.000Z");
  const project = await createProject(prisma, {
    ownerId: owner.id,
    launchedAt,
    endedAt: new Date(launchedAt.getTime() + 30 * 24 * HOUR),
  });
  await prisma.membership.create({ data: { projectId: project.id, userId: collaborator.id, role: "COLLABORATOR" } });

  const earlier = (ms: number) => new Date(launchedAt.getTime() - ms);
  // Only the first counts for "returning": an earlier project owned by an owner of this one.
  const ownEarlier = await createProject(prisma, { ownerId: owner.id, launchedAt: earlier(400 * 24 * HOUR) });
  const strangersEarlier = await createProject(prisma, { ownerId: stranger.id, launchedAt: earlier(300 * 24 * HOUR) });
  const ownLater = await createProject(prisma, {
    ownerId: owner.id,
    launchedAt: new Date(launchedAt.getTime() + 90 * 24 * HOUR),
  });
  const collaboratedEarlier = await createProject(prisma, {
    ownerId: stranger.id,
    launchedAt: earlier(200 * 24 * HOUR),
  });
  await prisma.membership.create({
    data: { projectId: collaboratedEarlier.id, userId: owner.id, role: "COLLABORATOR" },
  });
  const ownUnlaunched = await createProject(prisma, { ownerId: owner.id, launchedAt: null });

  const levels = [
    await createPledgeLevel(prisma, project.id, { kind: "PHYSICAL", price: 5000 }),
    await createPledgeLevel(prisma, project.id, { kind: "PHYSICAL", price: 9000 }),
    await createPledgeLevel(prisma, project.id, { kind: "DIGITAL", price: 2000 }),
    await createPledgeLevel(prisma, project.id, { kind: "NO_REWARD", price: 100 }),
  ];
  const items = [
    await createItem(prisma, project.id, { name: "Core box" }),
    await createItem(prisma, project.id, { name: "T-shirt", isAddOn: true, options: ["S", "M", "L"] }),
    await createItem(prisma, project.id, { name: "Pin", isAddOn: true }),
    await createItem(prisma, project.id, { name: "PDF", physical: false }),
  ];
  await prisma.pledgeLevelItem.createMany({
    data: [
      { pledgeLevelId: levels[0].id, itemId: items[0].id },
      { pledgeLevelId: levels[1].id, itemId: items[0].id },
      { pledgeLevelId: levels[1].id, itemId: items[3].id },
      { pledgeLevelId: levels[2].id, itemId: items[3].id },
    ],
  });
  const rewards = [
    await prisma.digitalReward.create({
      data: { projectId: project.id, name: "Soundtrack", kind: "SHARED", sharedValue: "https://x" },
    }),
    await prisma.digitalReward.create({ data: { projectId: project.id, name: "Steam key", kind: "UNIQUE" } }),
  ];
  const incentive = await prisma.incentive.create({
    data: { projectId: project.id, name: "Free pin", kind: "ITEM", itemId: items[2].id },
  });

  const people = Array.from({ length: 330 }, (_, i) => `person-${i}-${seed}@example.com`);
  const countries = ["US", "US", "DE", "GB", "ca", "FR", null];
  const backers: string[] = [];
  for (let i = 0; i < 300; i++) {
    const withoutPledge = i % 37 === 0;
    const { backer, pledge } = await createBacker(prisma, project.id, {
      email: rnd.chance(0.1) ? people[i].toUpperCase() : people[i],
      country: rnd.pick(countries),
      markedReturning: rnd.chance(0.08),
      pledge: withoutPledge
        ? null
        : {
            pledgeLevelId: rnd.chance(0.1) ? null : rnd.pick(levels).id,
            amount: rnd.int(100, 20_000),
            pledgedAt: new Date(launchedAt.getTime() + rnd.int(-3 * HOUR, 700 * HOUR)),
            status: rnd.pick(STATUSES),
          },
    });
    backers.push(backer.id);
    if (!pledge) continue;
    if (rnd.chance(0.3)) {
      await prisma.cartLine.create({
        data: {
          pledgeId: pledge.id,
          itemId: items[1].id,
          itemOptionId: rnd.pick(items[1].options).id,
          source: "ADD_ON",
          unitPrice: 2500,
        },
      });
    }
    if (rnd.chance(0.2))
      await prisma.cartLine.create({ data: { pledgeId: pledge.id, itemId: items[0].id, source: "ADD_ON" } });
    if (rnd.chance(0.25)) {
      const grant = await prisma.incentiveGrant.create({
        data: { incentiveId: incentive.id, pledgeId: pledge.id, undoneAt: rnd.chance(0.4) ? new Date() : null },
      });
      await prisma.cartLine.create({
        data: { pledgeId: pledge.id, itemId: items[2].id, source: "INCENTIVE", incentiveGrantId: grant.id },
      });
    }
    const shipments = rnd.int(0, 2);
    for (let s = 0; s < shipments; s++) {
      await prisma.shipment.create({
        data: {
          projectId: project.id,
          pledgeId: pledge.id,
          trackingNumber: `1Z${i}${s}`,
          supersededAt: s === 0 && rnd.chance(0.5) ? new Date() : null,
        },
      });
    }
    for (const reward of rewards) {
      if (rnd.chance(0.3))
        await prisma.digitalRewardDelivery.create({
          data: { digitalRewardId: reward.id, pledgeId: pledge.id, value: "v" },
        });
    }
  }

  // Other projects' backers share emails with this one.
  const others = [ownEarlier, strangersEarlier, ownLater, collaboratedEarlier, ownUnlaunched];
  for (const other of others) {
    for (const email of rnd.shuffle([...people]).slice(0, 70)) await createBacker(prisma, other.id, { email });
  }
  // A segment-worthy copy of this project's data in an unrelated project, to prove nothing leaks.
  const otherLevel = await createPledgeLevel(prisma, strangersEarlier.id, { kind: "DIGITAL" });
  for (let i = 0; i < 20; i++)
    await createBacker(prisma, strangersEarlier.id, { pledge: { pledgeLevelId: otherLevel.id } });

  const contactLists = [
    await prisma.contactList.create({ data: { projectId: project.id, name: "Leads", kind: "LANDING_PAGE_LEADS" } }),
    await prisma.contactList.create({ data: { projectId: project.id, name: "Partner", kind: "PARTNER_PROJECT" } }),
  ];
  for (const list of contactLists) {
    const emails = rnd.shuffle([...people]).slice(0, 90);
    await prisma.contactListEntry.createMany({ data: emails.map((email) => ({ contactListId: list.id, email })) });
  }

  const staticA = await saveSegment(prisma, project.id, { name: "Kickstarter add-on list", kind: "STATIC" });
  const staticB = await saveSegment(prisma, project.id, { name: "VIPs", kind: "STATIC" });
  await prisma.segmentMember.createMany({
    data: [
      ...rnd
        .shuffle([...backers])
        .slice(0, 100)
        .map((backerId) => ({ segmentId: staticA.id, backerId })),
      ...rnd
        .shuffle([...backers])
        .slice(0, 60)
        .map((backerId) => ({ segmentId: staticB.id, backerId })),
    ],
  });
  const failed = await saveSegment(prisma, project.id, {
    name: "Failed Backers",
    filter: { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] },
  });
  const vipsNotFailed = await saveSegment(prisma, project.id, {
    name: "VIPs who paid",
    filter: {
      type: "and",
      conditions: [
        { type: "inAnyOfTheseSegments", segmentIds: [staticB.id] },
        { type: "notInAnyOfTheseSegments", segmentIds: [failed.id] },
      ],
    },
  });

  return { project, levels, items, rewards, contactLists, staticA, staticB, failed, vipsNotFailed, people, otherLevel };
}

type World = Awaited<ReturnType<typeof loadWorld>>;

/** Everything the brute-force evaluation needs, read back with plain Prisma queries. */
async function loadWorld(projectId: string) {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId } });
  const backers = await prisma.backer.findMany({
    where: { projectId },
    include: {
      pledge: {
        include: {
          pledgeLevel: { include: { items: true } },
          cartLines: { include: { incentiveGrant: true } },
          shipments: true,
          digitalDeliveries: true,
        },
      },
      segmentMembers: true,
    },
  });
  const segments = await prisma.segment.findMany({ where: { projectId } });
  const contactEntries = await prisma.contactListEntry.findMany({ where: { contactList: { projectId } } });
  const memberships = await prisma.membership.findMany({ include: { project: true } });
  const ownerIds = new Set(
    memberships.filter((m) => m.projectId === projectId && m.role === "OWNER").map((m) => m.userId),
  );
  const earlierProjectIds = new Set(
    memberships
      .filter(
        (m) =>
          m.role === "OWNER" &&
          ownerIds.has(m.userId) &&
          m.projectId !== projectId &&
          m.project.launchedAt !== null &&
          project.launchedAt !== null &&
          m.project.launchedAt < project.launchedAt,
      )
      .map((m) => m.projectId),
  );
  const earlierEmails = new Set(
    (
      await prisma.backer.findMany({ where: { projectId: { in: [...earlierProjectIds] } }, select: { email: true } })
    ).map((b) => b.email),
  );
  return { project, backers, segments, contactEntries, earlierEmails };
}

type Row = World["backers"][number];

function matches(filter: SegmentFilter, row: Row, world: World): boolean {
  const pledge = row.pledge!;
  const inSegment = (segmentId: string): boolean => {
    const segment = world.segments.find((s) => s.id === segmentId)!;
    if (segment.kind === "STATIC") return row.segmentMembers.some((m) => m.segmentId === segmentId);
    return matches(parseSegmentFilterOrThrow(segment.filter), row, world);
  };
  switch (filter.type) {
    case "and":
      return filter.conditions.every((c) => matches(c, row, world));
    case "or":
      return filter.conditions.some((c) => matches(c, row, world));
    case "not":
      return !matches(filter.condition, row, world);
    case "inPledgeLevels":
      return pledge.pledgeLevelId !== null && filter.pledgeLevelIds.includes(pledge.pledgeLevelId);
    case "pledgedMoreThan":
      return pledge.amount > filter.amount;
    case "pledgedLessThan":
      return pledge.amount < filter.amount;
    case "pledgedWithinFirstHours":
      return (
        world.project.launchedAt !== null &&
        pledge.pledgedAt.getTime() < world.project.launchedAt.getTime() + filter.hours * HOUR
      );
    case "pledgedBetween":
      return (
        pledge.pledgedAt.getTime() >= Date.parse(filter.from) && pledge.pledgedAt.getTime() < Date.parse(filter.to)
      );
    case "paymentStatus":
      return filter.statuses.includes(pledge.status);
    case "backersWithEmails":
      return filter.emails.includes(row.email);
    case "inAnyOfTheseSegments":
      return filter.segmentIds.some(inSegment);
    case "notInAnyOfTheseSegments":
      return !filter.segmentIds.some(inSegment);
    case "inContactList":
      return world.contactEntries.some((e) => filter.contactListIds.includes(e.contactListId) && e.email === row.email);
    case "returningBacker":
      return row.markedReturning || world.earlierEmails.has(row.email);
    case "country":
      // Codes stored upper-case, or (by a sloppy import) lower-case.
      return row.country !== null && filter.countries.some((c) => c === row.country || c.toLowerCase() === row.country);
    case "hasItem": {
      const inCart = pledge.cartLines.some(
        (l) =>
          filter.itemIds.includes(l.itemId) &&
          (filter.itemOptionId === undefined || l.itemOptionId === filter.itemOptionId) &&
          (l.incentiveGrant === null || l.incentiveGrant.undoneAt === null),
      );
      const inLevel =
        filter.itemOptionId === undefined &&
        (pledge.pledgeLevel?.items.some((i) => filter.itemIds.includes(i.itemId)) ?? false);
      return inCart || inLevel;
    }
    case "pledgeLevelKind": {
      const kind: PledgeLevelKind = pledge.pledgeLevel?.kind ?? "NO_REWARD";
      return filter.kinds.includes(kind);
    }
    case "hasTrackingNumber":
      return pledge.shipments.some((s) => s.supersededAt === null);
    case "receivedDigitalReward":
      return pledge.digitalDeliveries.some((d) => filter.digitalRewardIds.includes(d.digitalRewardId));
  }
}

/** Compares SQL with brute force for each filter; returns the differences (empty when all agree). */
async function compare(
  projectId: string,
  filters: { name: string; filter: unknown }[],
  options: { nonTrivial: boolean },
) {
  const world = await loadWorld(projectId);
  const pledged = world.backers.filter((b) => b.pledge !== null);
  const problems: string[] = [];
  for (const { name, filter } of filters) {
    const parsed = parseSegmentFilterOrThrow(filter);
    const expected = pledged
      .filter((row) => matches(parsed, row, world))
      .map((b) => b.id)
      .sort();
    const sql = await segmentFilterMembershipSql(prisma, projectId, filter);
    const actual = (await prisma.$queryRaw<{ id: string }[]>(sql)).map((r) => r.id).sort();
    const count = await countSegmentBackers(prisma, projectId, filter);
    if (JSON.stringify(actual) !== JSON.stringify(expected) || count !== expected.length) {
      const missing = expected.filter((id) => !actual.includes(id)).length;
      const extra = actual.filter((id) => !expected.includes(id)).length;
      problems.push(
        `${name}: expected ${expected.length}, SQL gave ${actual.length} (count ${count}; ${missing} missing, ${extra} extra)`,
      );
    }
    if (options.nonTrivial && (expected.length === 0 || expected.length === pledged.length)) {
      problems.push(`${name}: matches ${expected.length} of ${pledged.length}; the test data does not exercise it`);
    }
  }
  return problems;
}

function singleConditions(d: Awaited<ReturnType<typeof generate>>) {
  const launch = d.project.launchedAt!.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    { name: "in pledge levels", filter: { type: "inPledgeLevels", pledgeLevelIds: [d.levels[0].id, d.levels[2].id] } },
    { name: "pledged more than", filter: { type: "pledgedMoreThan", amount: 12_000 } },
    { name: "pledged less than", filter: { type: "pledgedLessThan", amount: 3_000 } },
    { name: "first 48 hours", filter: { type: "pledgedWithinFirstHours", hours: 48 } },
    { name: "first 200 hours", filter: { type: "pledgedWithinFirstHours", hours: 200 } },
    {
      name: "pledged between",
      filter: { type: "pledgedBetween", from: iso(launch + 100 * HOUR), to: iso(launch + 300 * HOUR) },
    },
    { name: "payment status failed/errored", filter: { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] } },
    { name: "payment status collected", filter: { type: "paymentStatus", statuses: ["COLLECTED"] } },
    {
      name: "backers with emails (mixed case, some unknown)",
      filter: {
        type: "backersWithEmails",
        emails: [...d.people.slice(0, 40).map((e, i) => (i % 2 ? e.toUpperCase() : e)), "nobody@example.com"],
      },
    },
    { name: "in a static segment", filter: { type: "inAnyOfTheseSegments", segmentIds: [d.staticA.id] } },
    {
      name: "in a static or a filter segment",
      filter: { type: "inAnyOfTheseSegments", segmentIds: [d.staticA.id, d.failed.id] },
    },
    { name: "not in a static segment", filter: { type: "notInAnyOfTheseSegments", segmentIds: [d.staticB.id] } },
    { name: "not in a filter segment", filter: { type: "notInAnyOfTheseSegments", segmentIds: [d.failed.id] } },
    {
      name: "in a segment that refers to segments",
      filter: { type: "inAnyOfTheseSegments", segmentIds: [d.vipsNotFailed.id] },
    },
    {
      name: "not in a segment that refers to segments",
      filter: { type: "notInAnyOfTheseSegments", segmentIds: [d.vipsNotFailed.id, d.staticA.id] },
    },
    { name: "in a contact list", filter: { type: "inContactList", contactListIds: [d.contactLists[0].id] } },
    {
      name: "in either contact list",
      filter: { type: "inContactList", contactListIds: d.contactLists.map((l) => l.id) },
    },
    { name: "returning backer", filter: { type: "returningBacker" } },
    { name: "country (stored lower-case too)", filter: { type: "country", countries: ["us", "CA"] } },
    {
      name: "has an item with an option",
      filter: { type: "hasItem", itemIds: [d.items[1].id], itemOptionId: d.items[1].options[1].id },
    },
    { name: "has an item (cart or pledge level)", filter: { type: "hasItem", itemIds: [d.items[0].id] } },
    { name: "has an incentive item (undone ones excluded)", filter: { type: "hasItem", itemIds: [d.items[2].id] } },
    { name: "has one of two items", filter: { type: "hasItem", itemIds: [d.items[2].id, d.items[3].id] } },
    { name: "pledge level kind digital", filter: { type: "pledgeLevelKind", kinds: ["DIGITAL"] } },
    { name: "pledge level kind no reward (incl. no level)", filter: { type: "pledgeLevelKind", kinds: ["NO_REWARD"] } },
    {
      name: "pledge level kind physical or no reward",
      filter: { type: "pledgeLevelKind", kinds: ["PHYSICAL", "NO_REWARD"] },
    },
    { name: "has a tracking number", filter: { type: "hasTrackingNumber" } },
    {
      name: "received a digital reward",
      filter: { type: "receivedDigitalReward", digitalRewardIds: [d.rewards[1].id] },
    },
  ];
}

describe("compiled segments agree with a brute-force evaluation", () => {
  test("every condition, and its negation", async () => {
    const d = await generate("singles");
    const singles = singleConditions(d);
    const negated = singles.map(({ name, filter }) => ({
      name: `NOT ${name}`,
      filter: { type: "not", condition: filter },
    }));
    expect(await compare(d.project.id, singles, { nonTrivial: true })).toEqual([]);
    expect(await compare(d.project.id, negated, { nonTrivial: true })).toEqual([]);
  });

  test("nested AND / OR / NOT combinations", async () => {
    const d = await generate("combos");
    const c = Object.fromEntries(singleConditions(d).map(({ name, filter }) => [name, filter]));
    const combos = [
      {
        // The example: early birds, except failed payments and digital-only tiers.
        name: "early birds without failed backers in physical tiers",
        filter: {
          type: "and",
          conditions: [
            c["first 200 hours"],
            { type: "notInAnyOfTheseSegments", segmentIds: [d.failed.id] },
            { type: "pledgeLevelKind", kinds: ["PHYSICAL"] },
          ],
        },
      },
      {
        name: "five conditions including a NOT-in-segment (the benchmark's shape)",
        filter: {
          type: "and",
          conditions: [
            c["in pledge levels"],
            c["payment status collected"],
            c["first 200 hours"],
            c["country (stored lower-case too)"],
            { type: "notInAnyOfTheseSegments", segmentIds: [d.staticB.id] },
          ],
        },
      },
      {
        name: "cross-collab backers in physical tiers",
        filter: {
          type: "and",
          conditions: [
            c["in a contact list"],
            { type: "inPledgeLevels", pledgeLevelIds: [d.levels[0].id, d.levels[1].id] },
          ],
        },
      },
      {
        name: "OR of ANDs and a NOT",
        filter: {
          type: "or",
          conditions: [
            { type: "and", conditions: [c["country (stored lower-case too)"], c["pledged more than"]] },
            { type: "not", condition: c["has a tracking number"] },
          ],
        },
      },
      {
        name: "NOT of an OR holding an empty AND (nobody)",
        filter: {
          type: "not",
          condition: {
            type: "or",
            conditions: [c["in a static segment"], c["returning backer"], { type: "and", conditions: [] }],
          },
        },
      },
      { name: "empty AND (everyone with a pledge)", filter: { type: "and", conditions: [] } },
      {
        name: "deeply nested",
        filter: {
          type: "and",
          conditions: [
            {
              type: "or",
              conditions: [
                { type: "not", condition: c["payment status collected"] },
                c["in either contact list"],
                c["returning backer"],
              ],
            },
            {
              type: "not",
              condition: {
                type: "and",
                conditions: [c["has an item (cart or pledge level)"], c["received a digital reward"]],
              },
            },
            {
              type: "or",
              conditions: [
                { type: "not", condition: { type: "not", condition: c["pledged between"] } },
                c["in a segment that refers to segments"],
              ],
            },
          ],
        },
      },
    ];
    expect(await compare(d.project.id, combos, { nonTrivial: false })).toEqual([]);
    const wide = await compare(d.project.id, combos.slice(0, 4), { nonTrivial: true });
    expect(wide).toEqual([]);
  });

  test("a project without a launch time has no early birds and no earlier projects", async () => {
    const d = await generate("unlaunched");
    await prisma.project.update({ where: { id: d.project.id }, data: { launchedAt: null } });
    const filters = [
      { name: "first 48 hours", filter: { type: "pledgedWithinFirstHours", hours: 48 } },
      {
        name: "NOT first 48 hours",
        filter: { type: "not", condition: { type: "pledgedWithinFirstHours", hours: 48 } },
      },
      { name: "returning", filter: { type: "returningBacker" } },
      { name: "NOT returning", filter: { type: "not", condition: { type: "returningBacker" } } },
    ];
    expect(await compare(d.project.id, filters, { nonTrivial: false })).toEqual([]);
    expect(await countSegmentBackers(prisma, d.project.id, filters[0].filter)).toBe(0);
  });

  test("the preview list pages through exactly the matching backers, in pledge order", async () => {
    const d = await generate("preview");
    const filter = {
      type: "or",
      conditions: [{ type: "paymentStatus", statuses: ["COLLECTED"] }, { type: "returningBacker" }],
    };
    const total = await countSegmentBackers(prisma, d.project.id, filter);
    const seen: { backerId: string; pledgedAt: Date }[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listSegmentBackers>> = await listSegmentBackers(
        prisma,
        d.project.id,
        filter,
        { limit: 37, cursor },
      );
      expect(page.backers.length).toBeLessThanOrEqual(37);
      seen.push(...page.backers);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((b) => b.backerId)).size).toBe(total);
    const times = seen.map((b) => b.pledgedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const first = (await listSegmentBackers(prisma, d.project.id, filter, { limit: 1 })).backers[0];
    const row = await prisma.backer.findUniqueOrThrow({
      where: { id: first.backerId },
      include: { pledge: { include: { pledgeLevel: true } } },
    });
    expect(first).toMatchObject({
      email: row.email,
      name: row.name,
      amount: row.pledge!.amount,
      status: row.pledge!.status,
      pledgeLevelName: row.pledge!.pledgeLevel?.name ?? null,
    });
  });
});
