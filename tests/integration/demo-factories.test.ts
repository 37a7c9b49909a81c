import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { generateCampaign } from "@/lib/demo/generate-campaign";
import { insertCampaign } from "@/lib/demo/insert-campaign";

describe("factories", () => {
  it("create users with unique lower-cased emails and text ids", async () => {
    const a = await createUser(prisma);
    const b = await createUser(prisma, { email: "  Zoë.OBrien@Example.COM ", name: "Zoë O'Brien" });
    expect(a.email).not.toBe(b.email);
    expect(b).toMatchObject({ email: "zoë.obrien@example.com", name: "Zoë O'Brien", emailVerified: true });
    expect(typeof a.id).toBe("string");
    expect(await prisma.user.count()).toBe(2);
  });

  it("create a project owned by the given user", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id, name: "Paper Moths", currency: "EUR" });
    const memberships = await prisma.membership.findMany({ where: { projectId: project.id } });
    expect(project).toMatchObject({ name: "Paper Moths", currency: "EUR" });
    expect(memberships.map((m) => [m.userId, m.role])).toEqual([[owner.id, "OWNER"]]);
    const unowned = await createProject(prisma);
    expect(await prisma.membership.count({ where: { projectId: unowned.id } })).toBe(0);
  });

  it("create pledge levels and items with options", async () => {
    const project = await createProject(prisma);
    const level = await createPledgeLevel(prisma, project.id, { name: "Digital", kind: "DIGITAL", collectsShippingAddress: false, price: 1500 });
    const other = await createPledgeLevel(prisma, project.id);
    expect(level).toMatchObject({ projectId: project.id, name: "Digital", kind: "DIGITAL", price: 1500 });
    expect(other.name).not.toBe(level.name);
    const shirt = await createItem(prisma, project.id, { name: "T-shirt", isAddOn: true, externalId: "1234567", options: ["S", "M", "L"] });
    expect(shirt.options.map((o) => o.name)).toEqual(["S", "M", "L"]);
    expect(await prisma.itemOption.count({ where: { itemId: shirt.id } })).toBe(3);
  });

  it("create a backer with a pledge, honouring overrides for both", async () => {
    const project = await createProject(prisma);
    const level = await createPledgeLevel(prisma, project.id, { price: 4900 });
    const pledgedAt = new Date("2025-03-05T10:00:00Z");
    const { backer, pledge } = await createBacker(prisma, project.id, {
      email: "Łukasz@Example.org",
      name: "Łukasz Wójcik",
      country: "PL",
      pledge: { status: "FAILED", pledgedAt, amount: 6100, pledgeLevelId: level.id },
    });
    expect(backer).toMatchObject({ email: "łukasz@example.org", name: "Łukasz Wójcik", country: "PL", backerNumber: 1 });
    expect(pledge).toMatchObject({ backerId: backer.id, status: "FAILED", pledgedAt, amount: 6100, pledgeLevelId: level.id });

    const second = await createBacker(prisma, project.id);
    expect(second.backer.backerNumber).toBe(2);
    expect(second.pledge).toMatchObject({ status: "COLLECTED", amount: 5000 });
    const lonely = await createBacker(prisma, project.id, { pledge: null });
    expect(lonely.pledge).toBeNull();
    expect(await prisma.pledge.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("continue backer numbers after generated data instead of colliding with it", async () => {
    const { projectId } = await insertCampaign(prisma, generateCampaign({ seed: "f", backers: 30 }));
    const { backer } = await createBacker(prisma, projectId);
    expect(backer.backerNumber).toBe(31);
  });
});
