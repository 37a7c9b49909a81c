import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { describePaymentStatus } from "@/lib/pledges/describe-payment-status";
import { getPledgeSummaryOrThrow } from "@/lib/pledges/get-pledge-summary";

async function world() {
  const creator = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { name: "Lanterns", currency: "EUR", ownerId: creator.id });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe", price: 7_900 });
  const game = await createItem(prisma, project.id, { name: "Lanterns board game" });
  const shirt = await createItem(prisma, project.id, { name: "T-shirt", isAddOn: true, options: ["M", "L"] });
  const pin = await createItem(prisma, project.id, { name: "Enamel pin", isAddOn: false, options: ["Gold", "Silver"] });
  const { backer, pledge } = await createBacker(prisma, project.id, {
    email: "ana@example.com",
    name: "Ana Lima",
    country: "PT",
    shippingName: "Ana Lima",
    shippingAddress1: "Rua das Flores 12",
    shippingCity: "Porto",
    shippingPostalCode: "4050-262",
    pledge: { pledgeLevelId: level.id, amount: 11_400, shippingAmount: 1_500, bonusAmount: 500, status: "ERRORED" },
  });
  return { creator, project, level, game, shirt, pin, backer, pledge: pledge! };
}

async function grantIncentive(
  projectId: string,
  pledgeId: string,
  incentive: { name: string; kind: "CREDIT" | "ITEM"; creditAmount?: number; itemId?: string; itemOptionId?: string },
  undone = false,
) {
  const created = await prisma.incentive.create({ data: { projectId, ...incentive, undoneAt: undone ? new Date() : null } });
  return prisma.incentiveGrant.create({ data: { incentiveId: created.id, pledgeId, undoneAt: undone ? new Date() : null } });
}

describe("pledge summary data", () => {
  it("lists tier contents, add-ons with options and free incentive items, and sums the credit ledger", async () => {
    const { project, level, game, shirt, pin, pledge } = await world();
    await prisma.cartLine.createMany({
      data: [
        { pledgeId: pledge.id, itemId: game.id, quantity: 1, unitPrice: 0, source: "PLEDGE_LEVEL" },
        { pledgeId: pledge.id, itemId: shirt.id, itemOptionId: shirt.options[1].id, quantity: 2, unitPrice: 1_500, source: "ADD_ON" },
      ],
    });
    const pinGrant = await grantIncentive(project.id, pledge.id, {
      name: "Early bird pin",
      kind: "ITEM",
      itemId: pin.id,
      itemOptionId: pin.options[0].id,
    });
    await prisma.cartLine.create({
      data: { pledgeId: pledge.id, itemId: pin.id, itemOptionId: pin.options[0].id, unitPrice: 0, source: "INCENTIVE", incentiveGrantId: pinGrant.id },
    });
    // An undone incentive's item is no longer the backer's.
    const undoneGrant = await grantIncentive(project.id, pledge.id, { name: "Withdrawn gift", kind: "ITEM", itemId: pin.id }, true);
    await prisma.cartLine.create({
      data: { pledgeId: pledge.id, itemId: pin.id, unitPrice: 0, source: "INCENTIVE", incentiveGrantId: undoneGrant.id },
    });
    const creditGrant = await grantIncentive(project.id, pledge.id, { name: "Sorry for the delay", kind: "CREDIT", creditAmount: 1_000 });
    await prisma.creditEntry.createMany({
      data: [
        { pledgeId: pledge.id, amount: 1_000, reason: "Sorry for the delay", incentiveGrantId: creditGrant.id, createdAt: new Date("2026-01-01T00:00:00Z") },
        { pledgeId: pledge.id, amount: 250, reason: "Survey bonus", createdAt: new Date("2026-01-02T00:00:00Z") },
        { pledgeId: pledge.id, amount: -250, reason: "Survey bonus undone", createdAt: new Date("2026-01-03T00:00:00Z") },
      ],
    });

    const summary = await getPledgeSummaryOrThrow(pledge.id, "backer");

    expect(summary).toMatchObject({
      project: { id: project.id, name: "Lanterns", currency: "EUR", platform: "KICKSTARTER" },
      pledgeLevel: { id: level.id, name: "Deluxe", kind: "PHYSICAL", price: 7_900 },
      backer: { name: "Ana Lima", email: "ana@example.com" },
      amount: 11_400,
      shippingAmount: 1_500,
      bonusAmount: 500,
      status: "ERRORED",
      creditBalance: 1_000,
    });
    expect(summary.items.map(({ name, optionName, quantity, unitPrice, source, incentiveName }) => ({ name, optionName, quantity, unitPrice, source, incentiveName }))).toEqual([
      { name: "Lanterns board game", optionName: null, quantity: 1, unitPrice: 0, source: "PLEDGE_LEVEL", incentiveName: null },
      { name: "T-shirt", optionName: "L", quantity: 2, unitPrice: 1_500, source: "ADD_ON", incentiveName: null },
      { name: "Enamel pin", optionName: "Gold", quantity: 1, unitPrice: 0, source: "INCENTIVE", incentiveName: "Early bird pin" },
    ]);
    expect(summary.creditEntries.map((entry) => [entry.reason, entry.amount])).toEqual([
      ["Sorry for the delay", 1_000],
      ["Survey bonus", 250],
      ["Survey bonus undone", -250],
    ]);
    expect(summary.shippingAddress).toEqual({
      name: "Ana Lima",
      lines: ["Rua das Flores 12", "Porto, 4050-262", "Portugal"],
      phone: null,
      deliveryNotes: null,
    });
    expect(summary.backingDetails).toEqual({ shipments: 0, digitalRewards: 0, creditEntries: 3, freeItems: 1, withdrawnItems: 1 });
  });

  it("shows the tier's defined contents when the pledge has no tier lines of its own", async () => {
    const { project, level, game, pledge } = await world();
    const card = await createItem(prisma, project.id, { name: "Art card", physical: false });
    await prisma.pledgeLevelItem.createMany({
      data: [
        { pledgeLevelId: level.id, itemId: game.id, quantity: 1 },
        { pledgeLevelId: level.id, itemId: card.id, quantity: 3 },
      ],
    });
    const summary = await getPledgeSummaryOrThrow(pledge.id, "backer");
    expect(summary.items.map((item) => [item.source, item.name, item.quantity, item.physical])).toEqual([
      ["PLEDGE_LEVEL", "Art card", 3, false],
      ["PLEDGE_LEVEL", "Lanterns board game", 1, true],
    ]);
  });

  it("counts what the Backing details tab has to show; a backer does not count superseded tracking numbers", async () => {
    const { project, pledge } = await world();
    await prisma.shipment.createMany({
      data: [
        { projectId: project.id, pledgeId: pledge.id, trackingNumber: "OLD1", supersededAt: new Date() },
        { projectId: project.id, pledgeId: pledge.id, trackingNumber: "NEW1" },
      ],
    });
    const reward = await prisma.digitalReward.create({ data: { projectId: project.id, name: "Soundtrack", kind: "SHARED", sharedValue: "https://x.example" } });
    await prisma.digitalRewardDelivery.create({ data: { digitalRewardId: reward.id, pledgeId: pledge.id, value: "https://x.example" } });

    expect((await getPledgeSummaryOrThrow(pledge.id, "backer")).backingDetails).toEqual({
      shipments: 1,
      digitalRewards: 1,
      creditEntries: 0,
      freeItems: 0,
      withdrawnItems: 0,
    });
    expect((await getPledgeSummaryOrThrow(pledge.id, "member")).backingDetails.shipments).toBe(2);
  });

  it("has no shipping address without a street, and answers NOT_FOUND for unknown or malformed ids", async () => {
    const { project } = await world();
    const { pledge } = await createBacker(prisma, project.id, { country: "US", pledge: { status: "COLLECTED" } });
    const summary = await getPledgeSummaryOrThrow(pledge!.id, "backer");
    expect(summary.shippingAddress).toBeNull();
    expect(summary.pledgeLevel).toBeNull();
    expect(summary.items).toEqual([]);
    expect(summary.creditBalance).toBe(0);

    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const error = await getPledgeSummaryOrThrow(id, "backer").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("NOT_FOUND");
    }
  });
});

describe("payment status in plain language", () => {
  it("tells a backer with an errored payment to update their payment method during the grace period", () => {
    const errored = describePaymentStatus("ERRORED", "KICKSTARTER", "backer");
    expect(errored.label).toBe("Payment errored");
    expect(errored.explanation).toMatch(/grace period/);
    expect(errored.nextStep).toBe("Update your payment method on Kickstarter so the payment can be collected before the grace period ends.");
  });

  it("explains every status to backers and members alike", () => {
    for (const status of ["COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"] as const) {
      for (const viewer of ["backer", "member"] as const) {
        const text = describePaymentStatus(status, "GAMEFOUND", viewer);
        expect(text.explanation.length).toBeGreaterThan(20);
        expect(text.explanation).toMatch(viewer === "backer" ? /\b(your|you)\b/i : /^The /);
      }
    }
    expect(describePaymentStatus("FAILED", "KICKSTARTER", "backer").explanation).toMatch(/grace period has ended/);
    expect(describePaymentStatus("REFUNDED", "GAMEFOUND", "backer").explanation).toMatch(/Gamefound/);
  });
});
