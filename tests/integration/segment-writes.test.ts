import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { addStaticSegmentMembers, removeStaticSegmentMembers } from "@/lib/segments/add-static-segment-members";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { deleteSegmentOrThrow } from "@/lib/segments/delete-segment";
import { duplicateSegment } from "@/lib/segments/duplicate-segment";
import { findEmailsWithoutBacker } from "@/lib/segments/find-emails-without-backer";
import { listSegmentDependents } from "@/lib/segments/list-segment-dependents";
import { listSegmentsWithCounts } from "@/lib/segments/list-segments-with-counts";
import { saveSegment } from "@/lib/segments/save-segment";
import { resolveSegmentBackerIds, segmentMembershipSql } from "@/lib/segments/segment-membership-sql";
import { updateSegment } from "@/lib/segments/update-segment";

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"], message: string | RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (typeof message === "string") expect((error as DomainError).message).toBe(message);
  else expect((error as DomainError).message).toMatch(message);
}

const tx = <T>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn);

async function twoProjects() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id });
  const other = await createProject(prisma, { ownerId: (await createUser(prisma)).id });
  return { project, other };
}

/** Sequential: the factory numbers backers from the project's current maximum. */
async function createBackers(count: number, projectId: string, overrides: Parameters<typeof createBacker>[2] = {}) {
  const created = [];
  for (let i = 0; i < count; i++) created.push(await createBacker(prisma, projectId, overrides));
  return created;
}

async function dependencies(segmentId: string) {
  const rows = await prisma.segmentDependency.findMany({ where: { segmentId }, select: { dependsOnId: true } });
  return rows.map((r) => r.dependsOnId).sort();
}

describe("saveSegment", () => {
  test("stores the normalised filter and records the segments it refers to", async () => {
    const { project } = await twoProjects();
    const vips = await tx((t) => saveSegment(t, project.id, { name: "VIPs", kind: "STATIC" }));
    const failed = await tx((t) =>
      saveSegment(t, project.id, {
        name: "Failed Backers",
        filter: { type: "paymentStatus", statuses: ["FAILED", "ERRORED"] },
      }),
    );
    const saved = await tx((t) =>
      saveSegment(t, project.id, {
        name: "  Paying VIPs  ",
        description: "",
        filter: {
          type: "and",
          conditions: [
            { type: "inAnyOfTheseSegments", segmentIds: [vips.id.toUpperCase()] },
            { type: "notInAnyOfTheseSegments", segmentIds: [failed.id] },
            { type: "backersWithEmails", emails: [" VIP@Example.com "] },
          ],
        },
      }),
    );
    const row = await prisma.segment.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row).toMatchObject({ name: "Paying VIPs", description: null, kind: "FILTER" });
    expect(row.filter).toEqual({
      type: "and",
      conditions: [
        { type: "inAnyOfTheseSegments", segmentIds: [vips.id] },
        { type: "notInAnyOfTheseSegments", segmentIds: [failed.id] },
        { type: "backersWithEmails", emails: ["vip@example.com"] },
      ],
    });
    expect(await dependencies(saved.id)).toEqual([vips.id, failed.id].sort());
    expect(await listSegmentDependents(prisma, project.id, vips.id)).toEqual([{ id: saved.id, name: "Paying VIPs" }]);
  });

  test("refuses bad input with a specific message and stores nothing", async () => {
    const { project } = await twoProjects();
    await tx((t) =>
      saveSegment(t, project.id, { name: "Early birds", filter: { type: "pledgedWithinFirstHours", hours: 48 } }),
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "Early birds", filter: { type: "returningBacker" } })),
      "CONFLICT",
      "A segment named “Early birds” already exists in this project; choose another name",
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "  ", filter: { type: "returningBacker" } })),
      "INVALID_INPUT",
      "Give the segment a name",
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "No filter" })),
      "INVALID_INPUT",
      "Add at least one condition to the segment's filter",
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "Static", kind: "STATIC", filter: { type: "returningBacker" } })),
      "INVALID_INPUT",
      "A static segment is a list of backers and has no filter",
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "Bad", filter: { type: "pledgedMoreThan", amount: 9.99 } })),
      "INVALID_INPUT",
      "Pledged more than: the amount must be a whole number of minor units (cents), not a fraction",
    );
    expect(await prisma.segment.count()).toBe(1);
  });

  test("a generated segment's key is unique per project", async () => {
    const { project, other } = await twoProjects();
    const filter = { type: "pledgedWithinFirstHours", hours: 48 };
    await tx((t) =>
      saveSegment(t, project.id, { name: "Early Bird Incentive backers", systemKey: "early-bird", filter }),
    );
    await expectDomainError(
      tx((t) => saveSegment(t, project.id, { name: "Early birds again", systemKey: "early-bird", filter })),
      "CONFLICT",
      "The generated segment “early-bird” already exists; refresh it instead",
    );
    await tx((t) =>
      saveSegment(t, other.id, { name: "Early Bird Incentive backers", systemKey: "early-bird", filter }),
    );
    expect(await prisma.segment.count({ where: { systemKey: "early-bird" } })).toBe(2);
  });

  test("every referenced id must belong to the same project, or it is NOT_FOUND (nothing leaks)", async () => {
    const { project, other } = await twoProjects();
    const foreignLevel = await createPledgeLevel(prisma, other.id);
    const foreignItem = await createItem(prisma, other.id, { options: ["S"] });
    const foreignList = await prisma.contactList.create({ data: { projectId: other.id, name: "L", kind: "OTHER" } });
    const foreignReward = await prisma.digitalReward.create({
      data: { projectId: other.id, name: "R", kind: "SHARED" },
    });
    const foreignSegment = await tx((t) => saveSegment(t, other.id, { name: "Theirs", kind: "STATIC" }));
    const ownItem = await createItem(prisma, project.id, { options: ["S", "M"] });
    const otherOwnItem = await createItem(prisma, project.id);

    const cases: [unknown, RegExp][] = [
      [
        { type: "inPledgeLevels", pledgeLevelIds: [foreignLevel.id] },
        /refers to a pledge level that does not exist in this project/,
      ],
      [{ type: "hasItem", itemIds: [foreignItem.id] }, /refers to an item that does not exist in this project/],
      [
        { type: "hasItem", itemIds: [ownItem.id], itemOptionId: foreignItem.options[0].id },
        /refers to an item option that does not exist in this project/,
      ],
      [{ type: "inContactList", contactListIds: [foreignList.id] }, /contact list that does not exist in this project/],
      [
        { type: "receivedDigitalReward", digitalRewardIds: [foreignReward.id] },
        /digital reward that does not exist in this project/,
      ],
      [
        { type: "notInAnyOfTheseSegments", segmentIds: [foreignSegment.id] },
        /refers to a segment that does not exist in this project/,
      ],
    ];
    for (const [filter, message] of cases) {
      await expectDomainError(
        tx((t) => saveSegment(t, project.id, { name: "Sneaky", filter })),
        "NOT_FOUND",
        message,
      );
      // A live count refuses the same way, so it cannot be used to probe another project.
      await expectDomainError(countSegmentBackers(prisma, project.id, filter), "NOT_FOUND", message);
    }
    await expectDomainError(
      tx((t) =>
        saveSegment(t, project.id, {
          name: "Wrong option",
          filter: { type: "hasItem", itemIds: [otherOwnItem.id], itemOptionId: ownItem.options[0].id },
        }),
      ),
      "INVALID_INPUT",
      "Has an item or add-on: the chosen option is not an option of the chosen item",
    );
    expect(await prisma.segment.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("updateSegment and cycles", () => {
  test("segments that refer to segments can never form a cycle; the message names them", async () => {
    const { project } = await twoProjects();
    const a = await tx((t) => saveSegment(t, project.id, { name: "A", filter: { type: "hasTrackingNumber" } }));
    const b = await tx((t) =>
      saveSegment(t, project.id, { name: "B", filter: { type: "inAnyOfTheseSegments", segmentIds: [a.id] } }),
    );
    const c = await tx((t) =>
      saveSegment(t, project.id, { name: "C", filter: { type: "notInAnyOfTheseSegments", segmentIds: [b.id] } }),
    );

    await expectDomainError(
      tx((t) =>
        updateSegment(t, project.id, a.id, {
          filter: {
            type: "or",
            conditions: [{ type: "returningBacker" }, { type: "inAnyOfTheseSegments", segmentIds: [c.id] }],
          },
        }),
      ),
      "INVALID_INPUT",
      "Segments cannot refer to each other in a cycle: “A” → “C” → “B” → “A”. A segment cannot include itself, directly or through other segments.",
    );
    await expectDomainError(
      tx((t) =>
        updateSegment(t, project.id, a.id, { filter: { type: "notInAnyOfTheseSegments", segmentIds: [a.id] } }),
      ),
      "INVALID_INPUT",
      "A segment cannot include itself: “A” refers to “A”",
    );
    // Nothing changed.
    expect((await prisma.segment.findUniqueOrThrow({ where: { id: a.id } })).filter).toEqual({
      type: "hasTrackingNumber",
    });
    expect(await dependencies(a.id)).toEqual([]);

    // A change that does not close a cycle is stored, with its dependencies replaced.
    const updated = await tx((t) =>
      updateSegment(t, project.id, c.id, { name: "C2", filter: { type: "inAnyOfTheseSegments", segmentIds: [a.id] } }),
    );
    expect(updated).toMatchObject({ name: "C2", filter: { type: "inAnyOfTheseSegments", segmentIds: [a.id] } });
    expect(await dependencies(c.id)).toEqual([a.id]);
    expect(await listSegmentDependents(prisma, project.id, b.id)).toEqual([]);
  });

  test("two concurrent edits cannot together form a cycle", async () => {
    const { project } = await twoProjects();
    const a = await tx((t) => saveSegment(t, project.id, { name: "A", filter: { type: "hasTrackingNumber" } }));
    const b = await tx((t) => saveSegment(t, project.id, { name: "B", filter: { type: "returningBacker" } }));
    const results = await Promise.allSettled([
      tx((t) => updateSegment(t, project.id, a.id, { filter: { type: "inAnyOfTheseSegments", segmentIds: [b.id] } })),
      tx((t) => updateSegment(t, project.id, b.id, { filter: { type: "inAnyOfTheseSegments", segmentIds: [a.id] } })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as DomainError).message).toMatch(/cycle: “[AB]” → “[AB]” → “[AB]”/);
    expect(await prisma.segmentDependency.count()).toBe(1);
  });

  test("rename conflicts, static filters and other projects' segments are refused", async () => {
    const { project, other } = await twoProjects();
    const a = await tx((t) => saveSegment(t, project.id, { name: "A", filter: { type: "hasTrackingNumber" } }));
    await tx((t) => saveSegment(t, project.id, { name: "B", filter: { type: "hasTrackingNumber" } }));
    const s = await tx((t) => saveSegment(t, project.id, { name: "S", kind: "STATIC" }));
    await expectDomainError(
      tx((t) => updateSegment(t, project.id, a.id, { name: "B" })),
      "CONFLICT",
      /A segment named “B” already exists/,
    );
    await expectDomainError(
      tx((t) => updateSegment(t, project.id, s.id, { filter: { type: "returningBacker" } })),
      "INVALID_INPUT",
      /static segment/,
    );
    await expectDomainError(
      tx((t) => updateSegment(t, other.id, a.id, { name: "Mine now" })),
      "NOT_FOUND",
      "Segment not found",
    );
  });
});

describe("deleteSegmentOrThrow and duplicateSegment", () => {
  test("a segment used by another says so instead of breaking it", async () => {
    const { project, other } = await twoProjects();
    const failed = await tx((t) =>
      saveSegment(t, project.id, { name: "Failed Backers", filter: { type: "paymentStatus", statuses: ["FAILED"] } }),
    );
    await tx((t) =>
      saveSegment(t, project.id, {
        name: "Early birds who paid",
        filter: { type: "notInAnyOfTheseSegments", segmentIds: [failed.id] },
      }),
    );
    const partner = await tx((t) =>
      saveSegment(t, project.id, {
        name: "Partner in physical tiers",
        filter: { type: "inAnyOfTheseSegments", segmentIds: [failed.id] },
      }),
    );
    await expectDomainError(
      tx((t) => deleteSegmentOrThrow(t, project.id, failed.id)),
      "CONFLICT",
      "“Failed Backers” is used by “Early birds who paid” and “Partner in physical tiers”; remove it from those segments first",
    );
    await expectDomainError(
      tx((t) => deleteSegmentOrThrow(t, other.id, partner.id)),
      "NOT_FOUND",
      "Segment not found",
    );
    await tx((t) => deleteSegmentOrThrow(t, project.id, partner.id));
    await expectDomainError(
      tx((t) => deleteSegmentOrThrow(t, project.id, failed.id)),
      "CONFLICT",
      /is used by “Early birds who paid”; remove it from that segment first/,
    );
    expect(await prisma.segment.count()).toBe(2);
  });

  test("duplicates copy the filter and its dependencies, or the static members, under a free name", async () => {
    const { project } = await twoProjects();
    const backers = await createBackers(3, project.id);
    const vips = await tx((t) => saveSegment(t, project.id, { name: "VIPs", kind: "STATIC" }));
    await tx((t) =>
      addStaticSegmentMembers(
        t,
        project.id,
        vips.id,
        backers.slice(0, 2).map((b) => b.backer.id),
      ),
    );
    const filter = await tx((t) =>
      saveSegment(t, project.id, {
        name: "Not VIPs",
        filter: { type: "notInAnyOfTheseSegments", segmentIds: [vips.id] },
      }),
    );

    const copy1 = await tx((t) => duplicateSegment(t, project.id, filter.id));
    const copy2 = await tx((t) => duplicateSegment(t, project.id, filter.id));
    expect([copy1.name, copy2.name]).toEqual(["Not VIPs (copy)", "Not VIPs (copy 2)"]);
    expect(copy2.filter).toEqual(filter.filter);
    expect(await dependencies(copy2.id)).toEqual([vips.id]);

    const vipCopy = await tx((t) => duplicateSegment(t, project.id, vips.id, { name: "VIPs 2025" }));
    expect((await resolveSegmentBackerIds(prisma, project.id, vipCopy.id)).sort()).toEqual(
      backers
        .slice(0, 2)
        .map((b) => b.backer.id)
        .sort(),
    );
    await expectDomainError(
      tx((t) => duplicateSegment(t, project.id, vips.id, { name: "Not VIPs" })),
      "CONFLICT",
      /already exists/,
    );
  });
});

describe("membership for other features", () => {
  test("static members: added once, only the project's backers, all or nothing", async () => {
    const { project, other } = await twoProjects();
    const mine = await createBackers(3, project.id);
    const theirs = await createBacker(prisma, other.id);
    const list = await tx((t) => saveSegment(t, project.id, { name: "Picked by hand", kind: "STATIC" }));
    const filter = await tx((t) => saveSegment(t, project.id, { name: "Filter", filter: { type: "returningBacker" } }));

    expect(
      await tx((t) => addStaticSegmentMembers(t, project.id, list.id, [mine[0].backer.id, mine[1].backer.id])),
    ).toEqual({ added: 2 });
    expect(
      await tx((t) =>
        addStaticSegmentMembers(t, project.id, list.id, [mine[1].backer.id, mine[2].backer.id.toUpperCase()]),
      ),
    ).toEqual({ added: 1 });
    await expectDomainError(
      tx((t) => addStaticSegmentMembers(t, project.id, list.id, [theirs.backer.id, mine[0].backer.id])),
      "NOT_FOUND",
      "1 of the selected backers is not in this project; nothing was added",
    );
    await expectDomainError(
      tx((t) => addStaticSegmentMembers(t, project.id, filter.id, [mine[0].backer.id])),
      "INVALID_INPUT",
      /is a filter segment/,
    );
    expect(await prisma.segmentMember.count({ where: { segmentId: list.id } })).toBe(3);
    expect(await tx((t) => removeStaticSegmentMembers(t, project.id, list.id, [mine[0].backer.id]))).toEqual({
      removed: 1,
    });
    expect((await resolveSegmentBackerIds(prisma, project.id, list.id)).sort()).toEqual(
      [mine[1].backer.id, mine[2].backer.id].sort(),
    );
  });

  test("segmentMembershipSql embeds in another query; counts on the segments page agree", async () => {
    const { project, other } = await twoProjects();
    const failedOnes = await createBackers(2, project.id, { pledge: { status: "FAILED" } });
    await createBackers(3, project.id);
    await createBacker(prisma, other.id, { pledge: { status: "FAILED" } });
    const failed = await tx((t) =>
      saveSegment(t, project.id, { name: "Failed Backers", filter: { type: "paymentStatus", statuses: ["FAILED"] } }),
    );
    const paying = await tx((t) =>
      saveSegment(t, project.id, {
        name: "Paying",
        filter: { type: "notInAnyOfTheseSegments", segmentIds: [failed.id] },
      }),
    );

    const members = await segmentMembershipSql(prisma, project.id, failed.id);
    const emails = await prisma.$queryRaw<{ email: string }[]>(
      Prisma.sql`SELECT x.email FROM backer x WHERE x.id IN (${members}) ORDER BY x.email`,
    );
    expect(emails.map((e) => e.email)).toEqual(failedOnes.map((b) => b.backer.email).sort());
    await expectDomainError(segmentMembershipSql(prisma, other.id, failed.id), "NOT_FOUND", "Segment not found");

    const summaries = await listSegmentsWithCounts(prisma, project.id);
    expect(summaries.map((s) => [s.name, s.count, s.usedBy.map((u) => u.name)])).toEqual([
      ["Failed Backers", 2, ["Paying"]],
      ["Paying", 3, []],
    ]);
    expect(paying.kind).toBe("FILTER");
  });

  test("emails that match no backer are reported, case-insensitively", async () => {
    const { project, other } = await twoProjects();
    await createBacker(prisma, project.id, { email: "jane@example.com" });
    await createBacker(prisma, other.id, { email: "bob@example.com" });
    expect(
      await findEmailsWithoutBacker(prisma, project.id, [
        "JANE@example.com",
        "bob@example.com",
        "new@example.com",
        "bob@example.com",
      ]),
    ).toEqual(["bob@example.com", "new@example.com"]);
  });
});
