import { describe, expect, test } from "vitest";
import { decodeKeysetCursor } from "@/lib/activity/keyset-cursor";
import { listBackerReport } from "@/lib/backers/report/list-backer-report";
import { DEFAULT_BACKER_REPORT_QUERY, type BackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { listSegmentBackers } from "@/lib/segments/list-segment-backers";
import { listSegmentsWithCounts } from "@/lib/segments/list-segments-with-counts";
import { parseSegmentFilterOrThrow } from "@/lib/segments/parse-segment-filter";

const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const ID = "00000000-0000-4000-8000-000000000000";

/** The promise rejects with a DomainError (a message the page shows), never a database error (a 500). */
async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"] = "INVALID_INPUT") {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "expected a refusal").not.toBeNull();
  expect(error instanceof DomainError ? error.code : String(error)).toBe(code);
}

const between = (from: string, to: string) => ({ type: "pledgedBetween", from, to });
type Condition = ReturnType<typeof between>;
const filterOf = (condition: Condition) => ({ type: "and", conditions: [condition] });

async function projectWithBacker() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id });
  await createBacker(prisma, project.id);
  return project;
}

describe("dates that JavaScript reads but Postgres refuses", () => {
  test("a segment filter's pledgedBetween is refused at the schema in year 0000 or with a +23:59 offset", () => {
    for (const [from, to] of [
      ["0000-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
      ["2026-01-01T00:00:00+23:59", "2026-02-01T00:00:00Z"],
      ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00-16:00"],
    ]) {
      expect(() => parseSegmentFilterOrThrow(filterOf(between(from, to))), `${from} – ${to}`).toThrow(/between the years 1 and 9999/);
    }
    expect(parseSegmentFilterOrThrow(filterOf(between("2026-01-01T00:00:00+05:30", "2026-02-01T00:00:00Z")))).toBeTruthy();
  });

  test("a stored filter that no longer validates is listed with its problem, and its pages refuse it with a message", async () => {
    const project = await projectWithBacker();
    // As a segment saved before the schema refused these dates: straight into the table.
    const broken = await prisma.segment.create({
      data: { projectId: project.id, name: "Year zero", kind: "FILTER", filter: filterOf(between("0000-01-01T00:00:00Z", "2026-01-01T00:00:00Z")) },
    });
    const listed = await listSegmentsWithCounts(prisma, project.id);
    expect(listed.find((segment) => segment.id === broken.id)).toMatchObject({ count: null, problem: expect.stringMatching(/between the years 1 and 9999/) });
    await expectDomainError(listSegmentBackers(prisma, project.id, { type: "inAnyOfTheseSegments", segmentIds: [broken.id] }));
    const query: BackerReportQuery = { ...DEFAULT_BACKER_REPORT_QUERY, filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, segmentId: broken.id } };
    await expectDomainError(listBackerReport(project.id, query));
  });
});

describe("crafted page cursors", () => {
  test("the backer report refuses a cursor its column's cast cannot read", async () => {
    const project = await projectWithBacker();
    const page = (sort: BackerReportQuery["sort"], value: unknown) =>
      listBackerReport(project.id, { ...DEFAULT_BACKER_REPORT_QUERY, sort, dir: "asc", cursor: { direction: "after", token: token([sort, "asc", value, ID]) } });
    await expectDomainError(page("status", "NOT_A_STATUS"));
    await expectDomainError(page("pledged", "0000-01-01T00:00:00.000Z"));
    await expectDomainError(page("pledged", "2026-01-01T00:00:00+23:59"));
    await expectDomainError(page("amount", 2 ** 40));
    await expectDomainError(page("number", -(2 ** 33)));
    await expectDomainError(page("country", "G\u0000B"));
    // A cursor the report itself writes still works.
    await expect(page("status", "COLLECTED")).resolves.toBeTruthy();
  });

  test("a segment's backer list refuses a cursor in year 0000", async () => {
    const project = await projectWithBacker();
    const cursor = Buffer.from(`0000-01-01T00:00:00.000Z|${ID}`).toString("base64url");
    await expectDomainError(listSegmentBackers(prisma, project.id, { type: "and", conditions: [] }, { cursor }));
  });

  test("an activity cursor past JavaScript's last date is ignored instead of breaking the page", () => {
    expect(decodeKeysetCursor(token([9e15, ID]))).toBeNull();
    expect(decodeKeysetCursor(token([Date.parse("2026-01-01T00:00:00Z"), ID]))).not.toBeNull();
  });
});
