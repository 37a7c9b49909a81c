import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { DomainError } from "@/lib/errors";
import { listUnconfirmedLevelKinds } from "@/lib/pledge-levels/list-unconfirmed-level-kinds";
import { listUnconfirmedLevelKindsOfSelection } from "@/lib/pledge-levels/list-unconfirmed-level-kinds-of-selection";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { UpdatePledgeLevelSchema } from "@/lib/pledge-levels/pledge-level-schema";
import { updatePledgeLevel } from "@/lib/pledge-levels/update-pledge-level";

/** The Pledge levels form as the browser posts it (checkboxes are "on" or absent). */
const form = (projectId: string, levelId: string, fields: Record<string, string | string[]>) =>
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

  it("edits what a level includes, as the form posts it, and records the contents from and to", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    const game = await createItem(prisma, project.id, { name: "Core game", sku: "GAME-1" });
    const pin = await createItem(prisma, project.id, { name: "Enamel pin" });
    const tray = await createItem(prisma, project.id, { name: "Card tray" });
    const level = await createPledgeLevel(prisma, project.id, { name: "Digital Edition", price: 1500, kind: "DIGITAL", collectsShippingAddress: false });
    await prisma.pledgeLevelItem.create({ data: { pledgeLevelId: level.id, itemId: game.id, quantity: 1 } });

    // One quantity per item, in the page's order; blank and 0 leave an item out.
    const posted = form(project.id, level.id, { contentItemId: [game.id, pin.id, tray.id], contentQuantity: ["2", "3", ""] });
    const result = await prisma.$transaction((tx) => updatePledgeLevel(tx, owner.id, posted));
    expect(result.changed).toBe(1);
    const rows = await prisma.pledgeLevelItem.findMany({ where: { pledgeLevelId: level.id }, select: { itemId: true, quantity: true } });
    expect(rows.sort((a, b) => a.quantity - b.quantity)).toEqual([
      { itemId: game.id, quantity: 2 },
      { itemId: pin.id, quantity: 3 },
    ]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "pledge-level.update" } });
    expect(event.details).toMatchObject({ changes: [{ field: "contents", from: "1 × Core game", to: "2 × Core game, 3 × Enamel pin" }] });
    const described = describeAuditEvent({ ...event, details: event.details as Record<string, unknown> }, `/projects/${project.id}`);
    expect(described.facts).toContainEqual({ label: "Contents", value: "1 × Core game → 2 × Core game, 3 × Enamel pin" });

    // Saving the same contents again changes nothing and records nothing.
    await prisma.$transaction((tx) => updatePledgeLevel(tx, owner.id, posted));
    expect(await prisma.auditEvent.count({ where: { projectId: project.id } })).toBe(1);

    // Emptying it, through a single field (one item): the level includes nothing.
    await prisma.$transaction((tx) =>
      updatePledgeLevel(tx, owner.id, form(project.id, level.id, { contentItemId: [game.id, pin.id], contentQuantity: ["0", "0"] })),
    );
    expect(await prisma.pledgeLevelItem.count({ where: { pledgeLevelId: level.id } })).toBe(0);
  });

  it("refuses another project's item and a quantity that is not a whole number, changing nothing", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    const other = await createProject(prisma);
    const foreign = await createItem(prisma, other.id, { name: "Someone else's game" });
    const pin = await createItem(prisma, project.id, { name: "Enamel pin" });
    const level = await createPledgeLevel(prisma, project.id, { name: "Digital Edition", price: 1500, kind: "DIGITAL" });

    const refused = await prisma
      .$transaction((tx) => updatePledgeLevel(tx, owner.id, form(project.id, level.id, { contentItemId: foreign.id, contentQuantity: "1" })))
      .catch((error: unknown) => error);
    expect((refused as DomainError).code).toBe("NOT_FOUND");

    const bad = UpdatePledgeLevelSchema.safeParse({
      projectId: project.id,
      levelId: level.id,
      name: "Digital Edition",
      price: "15",
      kind: "DIGITAL",
      contentItemId: pin.id,
      contentQuantity: "1.5",
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["contentQuantity", 0], message: "Enter a whole number of items." });
    expect(await prisma.pledgeLevelItem.count()).toBe(0);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("the bulk tracking upload's notice", () => {
  it("names the unconfirmed-kind levels the selected backers' pledges are on, and no others", async () => {
    const project = await createProject(prisma);
    const digital = await createPledgeLevel(prisma, project.id, { name: "Digital Edition", kind: "PHYSICAL", kindConfirmed: false, position: 1 });
    const stickers = await createPledgeLevel(prisma, project.id, { name: "Sticker pack", kind: "PHYSICAL", kindConfirmed: false, position: 2 });
    const deluxe = await createPledgeLevel(prisma, project.id, { name: "Deluxe", kindConfirmed: true, position: 3 });
    await createPledgeLevel(prisma, project.id, { name: "Nobody's level", kindConfirmed: false, position: 4 });
    const a = await createBacker(prisma, project.id, { pledge: { pledgeLevelId: digital.id } });
    const b = await createBacker(prisma, project.id, { pledge: { pledgeLevelId: deluxe.id } });
    await createBacker(prisma, project.id, { pledge: { pledgeLevelId: stickers.id } });
    const other = await createProject(prisma);
    const stranger = await createBacker(prisma, other.id, { pledge: { pledgeLevelId: (await createPledgeLevel(prisma, other.id, { kindConfirmed: false })).id } });

    expect(await listUnconfirmedLevelKindsOfSelection(project.id, { kind: "ids", ids: [a.backer.id, b.backer.id, stranger.backer.id] })).toEqual(["Digital Edition"]);
    expect(await listUnconfirmedLevelKindsOfSelection(project.id, { kind: "ids", ids: [b.backer.id] })).toEqual([]);
    expect(
      await listUnconfirmedLevelKindsOfSelection(project.id, { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] }),
    ).toEqual(["Digital Edition", "Sticker pack"]);
  });
});
