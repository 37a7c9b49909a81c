import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createItem, createProject, createUser } from "@/lib/demo/factories";
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
});
