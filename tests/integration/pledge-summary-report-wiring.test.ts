// The backer report's data wiring that lives in lib/pledges: filter choices and "Add to segment".
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { addBackerSelectionToSegment } from "@/lib/backers/report/add-backer-selection-to-segment";
import { listBackerReportFilterChoices } from "@/lib/backers/report/list-backer-report-filter-options";
import { saveSegment } from "@/lib/segments/save-segment";

async function world() {
  const creator = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: creator.id });
  const gold = await createPledgeLevel(prisma, project.id, { name: "Gold", position: 2 });
  const silver = await createPledgeLevel(prisma, project.id, { name: "Silver", position: 1 });
  const backers = [];
  for (const [i, country] of ["US", "DE", "US", "FR", "DE", "US"].entries()) {
    const { backer } = await createBacker(prisma, project.id, {
      country,
      pledge: { pledgeLevelId: i % 2 === 0 ? gold.id : silver.id, status: i === 5 ? "FAILED" : "COLLECTED" },
    });
    backers.push(backer);
  }
  return { creator, project, gold, silver, backers };
}

async function memberIds(segmentId: string): Promise<string[]> {
  const rows = await prisma.segmentMember.findMany({ where: { segmentId }, select: { backerId: true } });
  return rows.map((r) => r.backerId).sort();
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("backer report filter choices", () => {
  it("offers the project's pledge levels, the countries present, digital rewards and segments", async () => {
    const { project, gold, silver } = await world();
    const other = await createProject(prisma);
    await createBacker(prisma, other.id, { country: "JP" });
    await createBacker(prisma, project.id, { country: null });
    await prisma.digitalReward.create({ data: { projectId: project.id, name: "Soundtrack", kind: "UNIQUE" } });
    await prisma.$transaction((tx) => saveSegment(tx, project.id, { name: "Hand-picked", kind: "STATIC" }));

    const choices = await listBackerReportFilterChoices(project.id);
    expect(choices.pledgeLevels).toEqual([
      { id: silver.id, name: "Silver" },
      { id: gold.id, name: "Gold" },
    ]);
    expect(choices.countries).toEqual([
      { code: "FR", name: "France" },
      { code: "DE", name: "Germany" },
      { code: "US", name: "United States" },
    ]);
    expect(choices.digitalRewards).toMatchObject([{ name: "Soundtrack", kind: "UNIQUE" }]);
    expect(choices.segments).toMatchObject([{ name: "Hand-picked", kind: "STATIC" }]);
  });
});

describe("add the selection to a static segment", () => {
  it('adds every backer matching the filter except the unticked, in one statement, and counts only new members', async () => {
    const { creator, project, gold, backers } = await world();
    const segment = await prisma.$transaction((tx) => saveSegment(tx, project.id, { name: "Gold", kind: "STATIC" }));
    await prisma.segmentMember.create({ data: { segmentId: segment.id, backerId: backers[0].id } });

    const result = await prisma.$transaction((tx) =>
      addBackerSelectionToSegment(tx, {
        projectId: project.id,
        target: { kind: "existing", segmentId: segment.id },
        selection: {
          kind: "matching",
          filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, levelIds: [gold.id] },
          exceptIds: [backers[4].id],
        },
        actorId: creator.id,
      }),
    );
    // Gold: backers 0, 2, 4; 4 unticked; 0 already a member.
    expect(result).toEqual({ segment: { id: segment.id, name: "Gold" }, added: 1, selected: 2, created: false });
    expect(await memberIds(segment.id)).toEqual([backers[0].id, backers[2].id].sort());
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "segment.add-backers" } });
    expect(audit).toMatchObject({ actorId: creator.id, targetCount: 1 });
  });

  it("creates a new static segment with the ticked backers, ignoring ids of other projects", async () => {
    const { creator, project, backers } = await world();
    const other = await world();
    const result = await prisma.$transaction((tx) =>
      addBackerSelectionToSegment(tx, {
        projectId: project.id,
        target: { kind: "new", name: "  Reshipments " },
        selection: { kind: "ids", ids: [backers[1].id, backers[3].id, other.backers[0].id] },
        actorId: creator.id,
      }),
    );
    expect(result).toMatchObject({ segment: { name: "Reshipments" }, added: 2, selected: 2, created: true });
    const segment = await prisma.segment.findUniqueOrThrow({ where: { id: result.segment.id } });
    expect(segment).toMatchObject({ projectId: project.id, kind: "STATIC", createdById: creator.id });
    expect(await memberIds(segment.id)).toEqual([backers[1].id, backers[3].id].sort());
  });

  it("refuses filter segments, other projects' segments, taken names and empty selections, changing nothing", async () => {
    const { creator, project, backers } = await world();
    const other = await world();
    const filterSegment = await prisma.$transaction((tx) =>
      saveSegment(tx, project.id, { name: "Failed", filter: { type: "paymentStatus", statuses: ["FAILED"] } }),
    );
    const otherStatic = await prisma.$transaction((tx) => saveSegment(tx, other.project.id, { name: "Theirs", kind: "STATIC" }));
    await prisma.$transaction((tx) => saveSegment(tx, project.id, { name: "Taken", kind: "STATIC" }));
    const add = (target: Parameters<typeof addBackerSelectionToSegment>[1]["target"], ids = [backers[0].id]) =>
      prisma.$transaction((tx) =>
        addBackerSelectionToSegment(tx, { projectId: project.id, target, selection: { kind: "ids", ids }, actorId: creator.id }),
      );

    const filterError = await failure(add({ kind: "existing", segmentId: filterSegment.id }));
    expect(filterError.code).toBe("INVALID_INPUT");
    expect(filterError.message).toContain("“Failed” is a filter segment");
    expect((await failure(add({ kind: "existing", segmentId: otherStatic.id }))).code).toBe("NOT_FOUND");
    expect((await failure(add({ kind: "new", name: "Taken" }))).code).toBe("CONFLICT");
    const empty = await failure(add({ kind: "new", name: "Nobody" }, [other.backers[0].id]));
    expect(empty.message).toContain("None of the selected backers");

    expect(await prisma.segment.count({ where: { projectId: project.id } })).toBe(2);
    expect(await prisma.segmentMember.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "segment.add-backers" } })).toBe(0);
  });
});
