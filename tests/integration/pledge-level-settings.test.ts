import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { listUnconfirmedLevelKinds } from "@/lib/pledge-levels/list-unconfirmed-level-kinds";
import { UpdatePledgeLevelSchema } from "@/lib/pledge-levels/pledge-level-schema";
import { updatePledgeLevel } from "@/lib/pledge-levels/update-pledge-level";

/** The Pledge levels form as the browser posts it (checkboxes are "on" or absent). */
const form = (projectId: string, levelId: string, fields: Record<string, string>) =>
  UpdatePledgeLevelSchema.parse({ projectId, levelId, name: "Digital Edition", price: "15.00", kind: "DIGITAL", ...fields });

describe("editing a pledge level", () => {
  it("confirms an imported level's kind, changes what depends on it, and records who changed what from what to what", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    // As an import before kinds were suggested left it: physical, unconfirmed.
    const level = await createPledgeLevel(prisma, project.id, { name: "Digital Edition", price: 1500, kind: "PHYSICAL", kindConfirmed: false });
    await createBacker(prisma, project.id, { pledge: { pledgeLevelId: level.id } });
    expect(await listUnconfirmedLevelKinds(prisma, project.id)).toEqual(["Digital Edition"]);

    const result = await prisma.$transaction((tx) => updatePledgeLevel(tx, owner.id, form(project.id, level.id, {})));
    expect(result.changed).toBe(3);
    const saved = await prisma.pledgeLevel.findUniqueOrThrow({ where: { id: level.id } });
    expect(saved).toMatchObject({ kind: "DIGITAL", kindConfirmed: true, collectsShippingAddress: false, weightBasedShipping: false, price: 1500 });
    expect(await listUnconfirmedLevelKinds(prisma, project.id)).toEqual([]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "pledge-level.update" } });
    expect(event.actorId).toBe(owner.id);
    expect(event.details).toMatchObject({
      levelName: "Digital Edition",
      changes: expect.arrayContaining([
        { field: "kind", from: "PHYSICAL", to: "DIGITAL" },
        { field: "kindConfirmed", from: "false", to: "true" },
        { field: "collectsShippingAddress", from: "true", to: "false" },
      ]),
    });
  });

  it("refuses a name another level has, and changes nothing", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    await createPledgeLevel(prisma, project.id, { name: "Lantern" });
    const level = await createPledgeLevel(prisma, project.id, { name: "Digital Edition", kindConfirmed: false });
    const refused = await prisma
      .$transaction((tx) => updatePledgeLevel(tx, owner.id, form(project.id, level.id, { name: "Lantern" })))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("CONFLICT");
    expect(await prisma.pledgeLevel.findUniqueOrThrow({ where: { id: level.id } })).toMatchObject({ name: "Digital Edition", kindConfirmed: false });
    expect(await prisma.auditEvent.count({ where: { projectId: project.id } })).toBe(0);
  });
});
