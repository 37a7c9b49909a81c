import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { DEMO_PROJECT_NAME, EARLIER_PROJECT_NAME, OTHER_PROJECT_NAME, seedDemo } from "@/prisma/seed";

const databaseUrl = () => process.env.DATABASE_URL!;

async function countRows() {
  const [users, projects, backers, pledges, cartLines, memberships] = await Promise.all([
    prisma.user.count(),
    prisma.project.count(),
    prisma.backer.count(),
    prisma.pledge.count(),
    prisma.cartLine.count(),
    prisma.membership.count(),
  ]);
  return { users, projects, backers, pledges, cartLines, memberships };
}

describe("seedDemo", () => {
  it("creates two creators, their projects and returning backers; a second run creates nothing", async () => {
    const now = new Date("2026-01-15T12:00:00Z");
    const first = await seedDemo(databaseUrl(), { backers: 400, now });
    expect(first.created).toBe(true);
    expect(first.creatorEmail).toBe("creator@example.com");

    const creator = await prisma.user.findUniqueOrThrow({
      where: { email: "creator@example.com" },
      include: { memberships: { include: { project: true } } },
    });
    expect(creator).toMatchObject({ name: "Demo Creator", emailVerified: true });
    expect(creator.memberships.map((m) => [m.project.name, m.role]).sort()).toEqual([
      [EARLIER_PROJECT_NAME, "OWNER"],
      [DEMO_PROJECT_NAME, "OWNER"],
    ]);
    const other = await prisma.user.findUniqueOrThrow({
      where: { email: "other-creator@example.com" },
      include: { memberships: { include: { project: true } } },
    });
    expect(other.memberships.map((m) => m.project.name)).toEqual([OTHER_PROJECT_NAME]);

    const main = await prisma.project.findUniqueOrThrow({ where: { id: first.projectIds.main } });
    expect(main).toMatchObject({ name: DEMO_PROJECT_NAME, currency: "USD" });
    expect(main.launchedAt).toEqual(new Date(now.getTime() - 60 * 86_400_000));
    expect(main.endedAt).toEqual(new Date(now.getTime() - 30 * 86_400_000));
    const earlier = await prisma.project.findUniqueOrThrow({ where: { id: first.projectIds.earlier } });
    expect(earlier.launchedAt!.getTime()).toBe(main.launchedAt!.getTime() - 365 * 86_400_000);

    expect(await prisma.backer.count({ where: { projectId: first.projectIds.main } })).toBe(400);
    expect(await prisma.backer.count({ where: { projectId: first.projectIds.earlier } })).toBe(60);
    expect(await prisma.backer.count({ where: { projectId: first.projectIds.otherCreator } })).toBe(40);

    // Returning backers: a fifth of the earlier campaign's backers backed the main one too.
    const [{ returning }] = await prisma.$queryRaw<{ returning: bigint }[]>`
      SELECT count(*) AS returning FROM backer m JOIN backer e ON e.email = m.email
      WHERE m.project_id = ${first.projectIds.main}::uuid AND e.project_id = ${first.projectIds.earlier}::uuid`;
    expect(Number(returning)).toBe(12);

    // The demo backer is one of them, with a collected physical pledge.
    const demoBacker = await prisma.backer.findMany({
      where: { email: first.backerEmail },
      include: { pledge: { include: { pledgeLevel: true } } },
    });
    const projectsOfDemoBacker = demoBacker.map((b) => b.projectId);
    expect(projectsOfDemoBacker).toContain(first.projectIds.main);
    expect(projectsOfDemoBacker).toContain(first.projectIds.earlier);
    const mainPledge = demoBacker.find((b) => b.projectId === first.projectIds.main)!.pledge!;
    expect(mainPledge.status).toBe("COLLECTED");
    expect(mainPledge.pledgeLevel!.kind).toBe("PHYSICAL");

    const before = await countRows();
    const second = await seedDemo(databaseUrl(), { backers: 400, now });
    expect(second).toEqual({ ...first, created: false });
    expect(await countRows()).toEqual(before);
  });

  it("is safe to run twice at the same time: one run seeds, the other finds it seeded", async () => {
    const results = await Promise.all([seedDemo(databaseUrl(), { backers: 50 }), seedDemo(databaseUrl(), { backers: 50 })]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(await prisma.project.count({ where: { name: DEMO_PROJECT_NAME } })).toBe(1);
    expect(await prisma.user.count({ where: { email: "creator@example.com" } })).toBe(1);
  });

  it("keeps a creator who signed in before the seed, and refuses a nonsense size", async () => {
    await prisma.user.create({ data: { id: "early-bird", name: "Me", email: "creator@example.com", emailVerified: true } });
    const result = await seedDemo(databaseUrl(), { backers: 50 });
    expect(result.created).toBe(true);
    expect(await prisma.membership.count({ where: { userId: "early-bird" } })).toBe(2);
    await expect(seedDemo(databaseUrl(), { backers: 3 })).rejects.toThrow("--backers must be a whole number from 10 to 1000000, got 3");
  });
});
