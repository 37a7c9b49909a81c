import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// getCurrentUser reads the session cookie from Next's request headers; the test supplies them.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

const { prisma } = await import("@/lib/db/client");
const { createBacker, createPledgeLevel, createProject, createUser } = await import("@/lib/demo/factories");
const { listBackerReportFilterChoices } = await import("@/lib/backers/report/list-backer-report-filter-options");
const { getCurrentUser } = await import("@/lib/auth/get-current-user");
const { getProjectPageForMemberOrThrow } = await import("@/lib/projects/get-project-page-for-member-or-throw");
const { signInThroughMagicLink } = await import("../support/sign-in-through-magic-link");

// Every statement Prisma and Better Auth send goes through pg's Client#query (the pool lends clients).
const sent: string[] = [];
const query = pg.Client.prototype.query;
beforeEach(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    sent.push(typeof first === "string" ? first : String((first as { text?: string }).text));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
});
afterEach(() => {
  pg.Client.prototype.query = query;
});

async function statementsOf<T>(work: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  sent.length = 0;
  const value = await work();
  return { value, statements: [...sent] };
}

describe("what every signed-in project page looks up", () => {
  it("finds the session with its user in one statement", async () => {
    await createUser(prisma, { email: "creator@example.com", name: "Ada" });
    request.headers = new Headers({ cookie: await signInThroughMagicLink("creator@example.com") });

    const { value: user, statements } = await statementsOf(() => getCurrentUser());
    expect(user).toMatchObject({ email: "creator@example.com", name: "Ada" });
    expect(statements, statements.join("\n")).toHaveLength(1);
  });

  it("checks the membership and reads the project with the header's running jobs in one statement", async () => {
    const owner = await createUser(prisma);
    const stranger = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
    await prisma.projectJob.createMany({
      data: [
        { projectId: project.id, kind: "TRACKING_APPLY", status: "RUNNING", title: "Add tracking numbers from orders.csv", step: "Matching rows", percent: 40, payload: {} },
        { projectId: project.id, kind: "TRACKING_APPLY", status: "DONE", title: "Add tracking numbers from old.csv", payload: {} },
      ],
    });

    const { value, statements } = await statementsOf(() => getProjectPageForMemberOrThrow(owner.id, project.id));
    const stored = await prisma.project.findUniqueOrThrow({ where: { id: project.id } });
    // Every field pages receive, with the types Prisma gave them (dates as Dates, the role and platform as their names).
    expect(value.project).toEqual({
      id: project.id,
      name: "Tiny Forest",
      platform: stored.platform,
      currency: stored.currency,
      launchedAt: stored.launchedAt,
      endedAt: stored.endedAt,
      earlyBirdHours: stored.earlyBirdHours,
      timeZone: stored.timeZone,
      role: "OWNER",
    });
    expect(value.project.launchedAt).toBeInstanceOf(Date);
    const running = await prisma.projectJob.findFirstOrThrow({ where: { projectId: project.id, status: "RUNNING" } });
    expect(value.activeJobs).toEqual([
      { id: running.id, status: "RUNNING", title: "Add tracking numbers from orders.csv", step: "Matching rows", percent: 40 },
    ]);
    expect(statements, statements.join("\n")).toHaveLength(1);

    // Still the membership check: another user's lookup of the same project finds nothing.
    await expect(getProjectPageForMemberOrThrow(stranger.id, project.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads the report's filter choices in one statement", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    const other = await createProject(prisma, { ownerId: owner.id });
    await createPledgeLevel(prisma, project.id, { name: "Deluxe", position: 1 });
    await createPledgeLevel(prisma, project.id, { name: "Core", position: 0 });
    await createPledgeLevel(prisma, other.id, { name: "Not this project's" });
    await prisma.digitalReward.create({ data: { projectId: project.id, name: "Soundtrack", kind: "SHARED", sharedValue: "https://example.com/s" } });
    await prisma.segment.createMany({
      data: [
        { projectId: project.id, name: "VIPs", kind: "STATIC" },
        { projectId: other.id, name: "Elsewhere", kind: "STATIC" },
      ],
    });
    await createBacker(prisma, project.id, { country: "DE" });
    await createBacker(prisma, project.id, { country: "AT" });

    const { value, statements } = await statementsOf(() => listBackerReportFilterChoices(project.id));
    expect(value.pledgeLevels.map((level) => level.name)).toEqual(["Core", "Deluxe"]);
    expect(value.digitalRewards).toEqual([expect.objectContaining({ name: "Soundtrack", kind: "SHARED" })]);
    expect(value.segments).toEqual([expect.objectContaining({ name: "VIPs", kind: "STATIC" })]);
    expect(value.countries).toEqual([
      { code: "AT", name: "Austria" },
      { code: "DE", name: "Germany" },
    ]);
    expect(statements, statements.join("\n")).toHaveLength(1);
  });
});
