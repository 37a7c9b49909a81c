import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createUser } from "@/lib/demo/factories";
import { generateCampaign } from "@/lib/demo/generate-campaign";
import { insertCampaign } from "@/lib/demo/insert-campaign";

describe("insertCampaign", () => {
  it("writes the project, catalogue, backers, pledges and cart lines with the right relations", async () => {
    const owner = await createUser(prisma, { email: "Owner@Example.com" });
    const data = generateCampaign({ seed: "insert", backers: 1200 });
    // A small chunk size makes the test cover several chunks.
    const { projectId } = await insertCampaign(prisma, data, { ownerUserId: owner.id, chunkSize: 500 });

    const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, include: { memberships: true } });
    expect(project).toMatchObject({ name: data.project.name, currency: "USD", launchedAt: data.project.launchedAt, endedAt: data.project.endedAt });
    expect(project.memberships.map((m) => [m.userId, m.role])).toEqual([[owner.id, "OWNER"]]);

    expect(await prisma.backer.count({ where: { projectId } })).toBe(1200);
    expect(await prisma.pledge.count({ where: { projectId } })).toBe(1200);
    expect(await prisma.cartLine.count({ where: { pledge: { projectId } } })).toBe(data.cartLines.length);

    const levels = await prisma.pledgeLevel.findMany({ where: { projectId }, include: { items: { include: { item: true } } } });
    expect(levels.map((l) => [l.name, l.externalId, l.price, l.kind]).sort()).toEqual(
      data.pledgeLevels.map((l) => [l.name, l.externalId, l.price, l.kind]).sort(),
    );
    const collector = levels.find((l) => l.name === "Collector's Edition")!;
    expect(collector.items.map((i) => i.item.name).sort()).toEqual(
      data.pledgeLevels.find((l) => l.name === "Collector's Edition")!.contents.map((c) => c.itemName).sort(),
    );
    const shirt = await prisma.item.findFirstOrThrow({ where: { projectId, name: "T-shirt" }, include: { options: { orderBy: { position: "asc" } } } });
    expect(shirt.options.map((o) => o.name)).toEqual(["S", "M", "L", "XL", "XXL"]);
    expect(shirt.externalId).toBe(data.items.find((i) => i.name === "T-shirt")!.externalId);

    // Spot-check one backer end to end: the pledge and cart joined back by backer number.
    const sample = data.backers.find((b, i) => data.pledges[i].pledgeLevelName === "Collector's Edition")!;
    const samplePledge = data.pledges[sample.backerNumber - 1];
    const stored = await prisma.backer.findFirstOrThrow({
      where: { projectId, backerNumber: sample.backerNumber },
      include: { pledge: { include: { pledgeLevel: true, cartLines: { include: { item: true, itemOption: true } } } } },
    });
    expect(stored).toMatchObject({ email: sample.email, name: sample.name, platformUid: sample.platformUid, country: sample.country, shippingCity: sample.shippingCity });
    expect(stored.pledge).toMatchObject({
      amount: samplePledge.amount,
      shippingAmount: samplePledge.shippingAmount,
      bonusAmount: samplePledge.bonusAmount,
      pledgedAt: samplePledge.pledgedAt,
      status: samplePledge.status,
      statusChangedAt: samplePledge.statusChangedAt,
    });
    expect(stored.pledge!.pledgeLevel!.name).toBe("Collector's Edition");
    const expectedLines = data.cartLines
      .filter((l) => l.backerNumber === sample.backerNumber)
      .map((l) => `${l.source} ${l.itemName} ${l.optionName ?? "-"} x${l.quantity} @${l.unitPrice}`)
      .sort();
    expect(
      stored.pledge!.cartLines.map((l) => `${l.source} ${l.item.name} ${l.itemOption?.name ?? "-"} x${l.quantity} @${l.unitPrice}`).sort(),
    ).toEqual(expectedLines);

    // Every cart line's item and option belong to this project, and options to their item.
    const [{ mismatched }] = await prisma.$queryRaw<{ mismatched: bigint }[]>`
      SELECT count(*) AS mismatched FROM cart_line c
      JOIN pledge p ON p.id = c.pledge_id JOIN item i ON i.id = c.item_id
      LEFT JOIN item_option o ON o.id = c.item_option_id
      WHERE p.project_id = ${projectId}::uuid AND (i.project_id <> p.project_id OR (o.id IS NOT NULL AND o.item_id <> i.id))`;
    expect(Number(mismatched)).toBe(0);
    // Each pledge belongs to the backer with the same backer number.
    const [{ wrong }] = await prisma.$queryRaw<{ wrong: bigint }[]>`
      SELECT count(*) AS wrong FROM pledge p JOIN backer b ON b.id = p.backer_id
      WHERE p.project_id = ${projectId}::uuid AND b.project_id <> p.project_id`;
    expect(Number(wrong)).toBe(0);
    const statuses = await prisma.pledge.groupBy({ by: ["status"], where: { projectId }, _count: true });
    expect(statuses.length).toBe(5);
  });

  it("stores awkward text exactly: quotes, backslashes, braces, commas, the word NULL, empty strings", async () => {
    const data = generateCampaign({ seed: "awkward", backers: 3 });
    const awkward = [`Zoë "Zed" O'Brien`, "back\\slash \\\" {a,b} ,", "NULL", "", "  spaced  ", "Ngữ 佐藤"];
    data.backers[0].name = awkward[0];
    data.backers[0].notes = awkward[1];
    data.backers[1].name = awkward[2];
    data.backers[1].notes = awkward[3];
    data.backers[2].name = awkward[4];
    data.backers[2].notes = awkward[5];
    data.backers[2].shippingAddress2 = null;
    const { projectId } = await insertCampaign(prisma, data);
    const stored = await prisma.backer.findMany({ where: { projectId }, orderBy: { backerNumber: "asc" } });
    expect(stored.flatMap((b) => [b.name, b.notes])).toEqual(awkward);
    expect(stored[2].shippingAddress2).toBeNull();
  });

  it("writes inside a caller's transaction and leaves nothing behind when it rolls back", async () => {
    const data = generateCampaign({ seed: "rollback", backers: 50 });
    await expect(
      prisma.$transaction(async (tx) => {
        await insertCampaign(tx, data);
        expect(await tx.backer.count()).toBe(50);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await prisma.project.count()).toBe(0);
    expect(await prisma.backer.count()).toBe(0);
  });

  it("rejects inconsistent data with a clear message and writes nothing", async () => {
    const data = generateCampaign({ seed: "bad", backers: 20 });
    data.cartLines.push({ ...data.cartLines[0], itemName: "Unicorn" });
    await expect(insertCampaign(prisma, data)).rejects.toThrow('Campaign data refers to cart item "Unicorn", which it does not define.');
    expect(await prisma.project.count()).toBe(0);
  });

  it("stores two campaigns of one creator side by side, sharing returning backers' emails", async () => {
    const first = generateCampaign({ seed: "a", backers: 300 });
    const second = generateCampaign({ seed: "b", backers: 200, emailPool: { backers: first.backers, share: 0.25 } });
    const { projectId: a } = await insertCampaign(prisma, first);
    const { projectId: b } = await insertCampaign(prisma, second);
    const [{ shared }] = await prisma.$queryRaw<{ shared: bigint }[]>`
      SELECT count(*) AS shared FROM backer x JOIN backer y ON y.email = x.email
      WHERE x.project_id = ${a}::uuid AND y.project_id = ${b}::uuid`;
    expect(Number(shared)).toBe(50);
  });
});
