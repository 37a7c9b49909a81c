import { describe, expect, it } from "vitest";
import { getPledgeForBackerOrThrow } from "@/lib/auth/get-pledge-for-backer-or-throw";
import { listPledgesForBacker } from "@/lib/auth/list-pledges-for-backer";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

async function world() {
  const creator = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { name: "Lanterns", ownerId: creator.id });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const ana = await createBacker(prisma, project.id, {
    email: "ana@example.com",
    pledge: { pledgeLevelId: level.id, amount: 7900 },
  });
  const ben = await createBacker(prisma, project.id, { email: "ben@example.com" });
  return { creator, project, anaPledge: ana.pledge!, benPledge: ben.pledge! };
}

describe("a backer sees only their own pledges", () => {
  it("shows a pledge to the backer whose verified email matches it", async () => {
    const { anaPledge, project } = await world();
    const ana = await createUser(prisma, { email: "ana@example.com" });
    const pledge = await getPledgeForBackerOrThrow(ana, anaPledge.id);
    expect(pledge).toMatchObject({
      id: anaPledge.id,
      amount: 7900,
      project: { id: project.id, name: "Lanterns" },
      pledgeLevel: { name: "Deluxe" },
      viewerIsBacker: true,
      viewerIsMember: false,
    });
  });

  it("answers NOT_FOUND to another backer, exactly as for a pledge that does not exist", async () => {
    const { benPledge } = await world();
    const ana = await createUser(prisma, { email: "ana@example.com" });
    expect(await codeOf(getPledgeForBackerOrThrow(ana, benPledge.id))).toBe("NOT_FOUND");
    expect(await codeOf(getPledgeForBackerOrThrow(ana, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
    expect(await codeOf(getPledgeForBackerOrThrow(ana, "nope"))).toBe("NOT_FOUND");
  });

  it("refuses an unverified address, even when it matches", async () => {
    const { anaPledge } = await world();
    const unverified = await createUser(prisma, { email: "ana@example.com", emailVerified: false });
    expect(await codeOf(getPledgeForBackerOrThrow(unverified, anaPledge.id))).toBe("NOT_FOUND");
    expect(await listPledgesForBacker(unverified)).toEqual([]);
  });

  it("lets members of the pledge's project read it, and nobody from another project", async () => {
    const { creator, anaPledge } = await world();
    const asCreator = await getPledgeForBackerOrThrow(creator, anaPledge.id);
    expect(asCreator).toMatchObject({ viewerIsMember: true, viewerIsBacker: false });

    const rival = await createUser(prisma, { email: "rival@example.com" });
    await createProject(prisma, { ownerId: rival.id });
    expect(await codeOf(getPledgeForBackerOrThrow(rival, anaPledge.id))).toBe("NOT_FOUND");
  });

  it("lists a backer's pledges across projects and nobody else's", async () => {
    const { anaPledge } = await world();
    const other = await createProject(prisma, { name: "Second campaign" });
    const second = await createBacker(prisma, other.id, {
      email: "ana@example.com",
      pledge: { pledgedAt: new Date() },
    });
    const ana = await createUser(prisma, { email: "ana@example.com" });
    const pledges = await listPledgesForBacker(ana);
    expect(pledges.map((p) => [p.id, p.project.name])).toEqual([
      [second.pledge!.id, "Second campaign"],
      [anaPledge.id, "Lanterns"],
    ]);
  });
});
