import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { createProject as createProjectForOwner } from "@/lib/projects/create-project";
import { CreateProjectSchema } from "@/lib/projects/create-project-schema";
import { getProjectForMemberOrThrow } from "@/lib/projects/get-project-for-member-or-throw";
import { listProjectsForUser } from "@/lib/projects/list-projects-for-user";

async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("a creator sees only their own projects", () => {
  it("gives a member their project and another creator NOT_FOUND, exactly like a missing id", async () => {
    const alice = await createUser(prisma, { email: "alice@example.com" });
    const bob = await createUser(prisma, { email: "bob@example.com" });
    const aliceProject = await createProject(prisma, { name: "Alice's Lanterns", ownerId: alice.id });

    const seen = await getProjectForMemberOrThrow(alice.id, aliceProject.id);
    expect(seen).toMatchObject({ id: aliceProject.id, name: "Alice's Lanterns", role: "OWNER" });

    const forbidden = await errorOf(getProjectForMemberOrThrow(bob.id, aliceProject.id));
    const missing = await errorOf(getProjectForMemberOrThrow(bob.id, "00000000-0000-4000-8000-000000000000"));
    const malformed = await errorOf(getProjectForMemberOrThrow(bob.id, "not-a-uuid'; DROP TABLE project;--"));
    expect(forbidden.code).toBe("NOT_FOUND");
    expect([missing.code, missing.message]).toEqual([forbidden.code, forbidden.message]);
    expect([malformed.code, malformed.message]).toEqual([forbidden.code, forbidden.message]);
  });

  it("lets a collaborator in with their role", async () => {
    const owner = await createUser(prisma);
    const helper = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    await prisma.membership.create({ data: { projectId: project.id, userId: helper.id, role: "COLLABORATOR" } });
    await expect(getProjectForMemberOrThrow(helper.id, project.id)).resolves.toMatchObject({ role: "COLLABORATOR" });
  });

  it("lists only the user's projects, newest first, with backer counts", async () => {
    const alice = await createUser(prisma);
    const bob = await createUser(prisma);
    const older = await createProject(prisma, {
      name: "Older",
      ownerId: alice.id,
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    const newer = await createProject(prisma, {
      name: "Newer",
      ownerId: alice.id,
      createdAt: new Date("2026-02-01T00:00:00Z"),
    });
    await createProject(prisma, { name: "Bob's", ownerId: bob.id });
    await createBacker(prisma, older.id);
    await createBacker(prisma, older.id);
    await createBacker(prisma, newer.id);

    const projects = await listProjectsForUser(alice.id);
    expect(projects.map((p) => [p.name, p.backerCount, p.role])).toEqual([
      ["Newer", 1, "OWNER"],
      ["Older", 2, "OWNER"],
    ]);
    expect(await listProjectsForUser((await createUser(prisma)).id)).toEqual([]);
  });
});

describe("creating a project", () => {
  it("makes the creator its OWNER", async () => {
    const creator = await createUser(prisma);
    const input = CreateProjectSchema.parse({
      name: "  Lanterns of Ashfall  ",
      platform: "KICKSTARTER",
      currency: "eur",
      launchedAt: "2026-03-01",
      endedAt: "2026-03-31",
    });
    const { id } = await prisma.$transaction((tx) => createProjectForOwner(tx, creator.id, input));
    const project = await prisma.project.findUniqueOrThrow({ where: { id }, include: { memberships: true } });
    expect(project).toMatchObject({ name: "Lanterns of Ashfall", currency: "EUR", platform: "KICKSTARTER" });
    expect(project.launchedAt?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(project.memberships.map((m) => [m.userId, m.role])).toEqual([[creator.id, "OWNER"]]);
  });
});
