import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createItem, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { listIncentiveFormOptions } from "@/lib/incentives/list-incentive-form-options";
import { archiveItem } from "@/lib/items/archive-item";
import { ArchiveItemSchema, SaveItemSchema } from "@/lib/items/item-schema";
import { listItems } from "@/lib/items/list-items";
import { saveItem } from "@/lib/items/save-item";

describe("the Items page", () => {
  it("adds an item with options, edits it, archives it out of the incentive forms and restores it, recording each change", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    // As the browser posts the add form: a ticked checkbox is "on", options are comma-separated.
    const added = await prisma.$transaction((tx) =>
      saveItem(tx, owner.id, SaveItemSchema.parse({ projectId: project.id, name: "T-shirt", sku: "TS-01", physical: "on", weightGrams: "180", options: "S, M, L" })),
    );
    let [item] = await listItems(prisma, project.id);
    expect(item).toMatchObject({ id: added.id, name: "T-shirt", sku: "TS-01", physical: true, weightGrams: 180, options: ["S", "M", "L"], archived: false });

    // Edit: heavier, one more option; the existing options stay.
    await prisma.$transaction((tx) =>
      saveItem(tx, owner.id, SaveItemSchema.parse({ projectId: project.id, itemId: added.id, name: "T-shirt", sku: "TS-01", physical: "on", weightGrams: "200", options: "M, XL" })),
    );
    [item] = await listItems(prisma, project.id);
    expect(item).toMatchObject({ weightGrams: 200, options: ["S", "M", "L", "XL"] });

    await prisma.$transaction((tx) => archiveItem(tx, owner.id, ArchiveItemSchema.parse({ projectId: project.id, itemId: added.id, archived: true })));
    expect((await listIncentiveFormOptions(prisma, project.id)).items).toEqual([]);
    await prisma.$transaction((tx) => archiveItem(tx, owner.id, ArchiveItemSchema.parse({ projectId: project.id, itemId: added.id, archived: false })));
    expect((await listIncentiveFormOptions(prisma, project.id)).items.map((i) => i.name)).toEqual(["T-shirt"]);

    const events = await prisma.auditEvent.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, details: true } });
    expect(events.map((event) => event.action)).toEqual(["item.create", "item.update", "item.archive", "item.restore"]);
    expect(events.every((event) => event.actorId === owner.id)).toBe(true);
    expect(events[1].details).toMatchObject({
      changes: [
        { field: "weightGrams", from: "180", to: "200" },
        { field: "options", from: null, to: "XL" },
      ],
    });
  });

  it("refuses a name another item has, and writes nothing", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    await createItem(prisma, project.id, { name: "Poster" });
    const refused = await prisma
      .$transaction((tx) => saveItem(tx, owner.id, SaveItemSchema.parse({ projectId: project.id, name: "Poster", physical: "on" })))
      .catch((error: unknown) => error);
    expect((refused as DomainError).code).toBe("CONFLICT");
    expect(await prisma.item.count({ where: { projectId: project.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("renames and removes options as the edit form posts them, refusing to remove one that pledges use", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });
    const shirt = await prisma.$transaction((tx) =>
      saveItem(tx, owner.id, SaveItemSchema.parse({ projectId: project.id, name: "T-shirt", physical: "on", options: "S, M, L, XL" })),
    );
    const options = await prisma.itemOption.findMany({ where: { itemId: shirt.id }, orderBy: { position: "asc" } });
    const [s, m, l, xl] = options;
    // Two backers chose M as their add-on size.
    for (let i = 0; i < 2; i++) {
      const { pledge } = await createBacker(prisma, project.id);
      await prisma.cartLine.create({ data: { pledgeId: pledge!.id, itemId: shirt.id, itemOptionId: m.id, quantity: 1, source: "ADD_ON" } });
    }
    const edit = (fields: Record<string, string | string[]>) =>
      SaveItemSchema.parse({
        projectId: project.id,
        itemId: shirt.id,
        name: "T-shirt",
        physical: "on",
        optionId: options.map((o) => o.id),
        optionName: options.map((o) => o.name),
        ...fields,
      });

    // Removing M, which two pledges use, is refused with the count, and nothing changes.
    const refused = await prisma
      .$transaction((tx) => saveItem(tx, owner.id, edit({ removeOptionId: [m.id, xl.id] })))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("CONFLICT");
    expect((refused as DomainError).message).toContain("“M” is used by 2 pledges, so it cannot be removed");
    expect((await listItems(prisma, project.id))[0].options).toEqual(["S", "M", "L", "XL"]);

    // Renaming M (its pledges keep it under the new name), swapping S and L, removing unused XL.
    await prisma.$transaction((tx) =>
      saveItem(tx, owner.id, edit({ optionName: ["L", "Medium", "S", "XL"], removeOptionId: xl.id })),
    );
    const [item] = await listItems(prisma, project.id);
    expect(item.options).toEqual(["L", "Medium", "S"]);
    expect(item.optionDetails.map((o) => [o.id, o.name, o.uses])).toEqual([
      [s.id, "L", 0],
      [m.id, "Medium", 2],
      [l.id, "S", 0],
    ]);
    expect(await prisma.cartLine.count({ where: { itemOptionId: m.id } })).toBe(2);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "item.update" } });
    expect(event.details).toMatchObject({
      changes: [
        { field: "optionRenamed", from: "S", to: "L" },
        { field: "optionRenamed", from: "M", to: "Medium" },
        { field: "optionRenamed", from: "L", to: "S" },
        { field: "optionRemoved", from: "XL", to: "removed" },
      ],
    });

    // Two options may not end up with one name.
    const clash = await prisma
      .$transaction((tx) =>
        saveItem(tx, owner.id, SaveItemSchema.parse({ projectId: project.id, itemId: shirt.id, name: "T-shirt", physical: "on", optionId: [s.id, l.id], optionName: ["Small", "small"] })),
      )
      .catch((error: unknown) => error);
    expect((clash as DomainError).code).toBe("INVALID_INPUT");
  });
});
