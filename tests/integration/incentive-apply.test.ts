import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { applyIncentive, type ApplyIncentiveInput } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { listIncentives } from "@/lib/incentives/list-incentives";
import { previewIncentive } from "@/lib/incentives/preview-incentive";
import { getCapturedEmail } from "@/lib/mail/get-captured-email";
import { recordMailProviderEvents } from "@/lib/mail/suppression/record-mail-provider-events";
import { announcementUnsubscribePageUrl } from "@/lib/mail/unsubscribe/announcement-unsubscribe-token";
import { undoIncentiveOrThrow } from "@/lib/incentives/undo-incentive";
import { describeCreditEntry } from "@/lib/pledges/describe-credit-entry";
import { getPledgeSummaryOrThrow } from "@/lib/pledges/get-pledge-summary";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { saveSegment } from "@/lib/segments/save-segment";

const tx = <T>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn, { timeout: 60_000 });
const DAY = 24 * 60 * 60 * 1000;

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"], message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(message);
}

/**
 * A campaign with one backer of every kind that matters to exclusions: collected physical,
 * collected digital-only, no reward, errored, failed, dropped, refunded; plus a physical tier that
 * does not collect an address and one with weight-based shipping.
 */
async function campaign() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id, endedAt: new Date(Date.now() - 30 * DAY) });
  const physical = await createPledgeLevel(prisma, project.id, { name: "Deluxe", kind: "PHYSICAL" });
  const heavy = await createPledgeLevel(prisma, project.id, {
    name: "Collector",
    kind: "PHYSICAL",
    weightBasedShipping: true,
  });
  const digital = await createPledgeLevel(prisma, project.id, {
    name: "Digital",
    kind: "DIGITAL",
    collectsShippingAddress: false,
  });
  const noReward = await createPledgeLevel(prisma, project.id, {
    name: "Support",
    kind: "NO_REWARD",
    collectsShippingAddress: false,
  });
  const pin = await createItem(prisma, project.id, {
    name: "Enamel pin",
    options: ["Gold", "Silver"],
    weightGrams: 20,
  });
  const sticker = await createItem(prisma, project.id, { name: "Sticker", weightGrams: null });
  const make = (email: string, pledge: Record<string, unknown>) =>
    createBacker(prisma, project.id, { email, pledge }).then((b) => ({ ...b, pledge: b.pledge! }));
  const b = {
    collected: await make("collected@example.com", { pledgeLevelId: physical.id }),
    heavy: await make("heavy@example.com", { pledgeLevelId: heavy.id }),
    digital: await make("digital@example.com", { pledgeLevelId: digital.id }),
    noLevel: await make("nolevel@example.com", { pledgeLevelId: null }),
    noReward: await make("noreward@example.com", { pledgeLevelId: noReward.id }),
    errored: await make("errored@example.com", { pledgeLevelId: physical.id, status: "ERRORED" }),
    failed: await make("failed@example.com", { pledgeLevelId: physical.id, status: "FAILED" }),
    dropped: await make("dropped@example.com", { pledgeLevelId: physical.id, status: "DROPPED" }),
    refunded: await make("refunded@example.com", { pledgeLevelId: physical.id, status: "REFUNDED" }),
  };
  const everyone = await tx((t) =>
    saveSegment(t, project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
  );
  return { owner, project, levels: { physical, heavy, digital, noReward }, pin, sticker, b, everyone };
}

const pinFor = (c: Awaited<ReturnType<typeof campaign>>, name = "Early bird pin") => ({
  name,
  definition: { kind: "ITEM" as const, itemId: c.pin.id, itemOptionId: c.pin.options[0].id, quantity: 1 },
});
const creditFor = (name = "Thank-you credit", creditAmount = 500) => ({
  name,
  definition: { kind: "CREDIT" as const, creditAmount },
});
const physicalDefaults = defaultIncentiveExclusions({ kind: "ITEM", physical: true });

async function pledgesWithIncentiveLines() {
  const rows = await prisma.cartLine.findMany({
    where: { source: "INCENTIVE" },
    select: { pledgeId: true, quantity: true, unitPrice: true, itemOptionId: true },
  });
  return rows;
}

describe("previewIncentive", () => {
  test("counts recipients and each default exclusion, and warns where the reference warns", async () => {
    const c = await campaign();
    await prisma.project.update({ where: { id: c.project.id }, data: { endedAt: new Date(Date.now() - 3 * DAY) } });
    const preview = await previewIncentive(prisma, {
      projectId: c.project.id,
      segmentId: c.everyone.id,
      incentive: pinFor(c),
      exclusions: physicalDefaults,
    });
    expect(preview.segmentPledges).toBe(9);
    expect(Object.fromEntries(preview.exclusions.map((e) => [e.key, [e.count, e.enabled]]))).toEqual({
      failedPayments: [2, true],
      droppedPledges: [2, true],
      digitalOnly: [1, true],
      noReward: [2, true],
    });
    // collected + heavy
    expect(preview.recipients).toBe(2);
    expect(preview.newGrants).toBe(2);
    expect(preview.notEmailed).toBe(0);
    expect(preview.sample.map((s) => s.email).sort()).toEqual(["collected@example.com", "heavy@example.com"]);
    const codes = preview.warnings.map((w) => w.code);
    expect(codes).toEqual(["WEIGHT_BASED_SHIPPING", "RECENTLY_ENDED"]);
    expect(preview.warnings[0].message).toContain("Shipping fees will apply: 1 backer");
    expect(preview.warnings[1].message).toMatch(/ended 3 days ago/);

    // Turning exclusions off: the digital and no-reward pledges get a physical item without an address.
    const all = await previewIncentive(prisma, {
      projectId: c.project.id,
      segmentId: c.everyone.id,
      incentive: pinFor(c),
      exclusions: { ...physicalDefaults, digitalOnly: false, noReward: false },
    });
    expect(all.recipients).toBe(5);
    // Who an email would not reach: unsubscribed from this project's announcements, or suppressed
    // (a lifted suppression and another project's unsubscribe do not count).
    await prisma.announcementUnsubscribe.create({ data: { projectId: c.project.id, email: "collected@example.com" } });
    await recordMailProviderEvents(prisma, "ses", [
      { eventId: "b1", email: "heavy@example.com", kind: "HARD_BOUNCE" },
      { eventId: "b2", email: "digital@example.com", kind: "COMPLAINT" },
    ]);
    await prisma.emailSuppression.update({ where: { email: "digital@example.com" }, data: { liftedAt: new Date() } });
    const other = await createProject(prisma, { ownerId: c.owner.id });
    await prisma.announcementUnsubscribe.create({ data: { projectId: other.id, email: "noreward@example.com" } });
    const reached = await previewIncentive(prisma, {
      projectId: c.project.id,
      segmentId: c.everyone.id,
      incentive: pinFor(c),
      exclusions: { ...physicalDefaults, digitalOnly: false, noReward: false },
    });
    expect(reached.newGrants).toBe(5);
    expect(reached.notEmailed).toBe(2);
    const noAddress = all.warnings.find((w) => w.code === "NO_SHIPPING_ADDRESS");
    expect(noAddress?.message).toMatch(/^3 backers are in pledge levels that do not collect a shipping address/);
  });

  test("refuses an item with options when no option is chosen, and an option of another item", async () => {
    const c = await campaign();
    const base = { projectId: c.project.id, segmentId: c.everyone.id, exclusions: physicalDefaults };
    await expectDomainError(
      previewIncentive(prisma, {
        ...base,
        incentive: { name: "Pin", definition: { kind: "ITEM", itemId: c.pin.id, itemOptionId: null, quantity: 1 } },
      }),
      "INVALID_INPUT",
      /“Enamel pin” comes in 2 options .* choose the one to give/,
    );
    await expectDomainError(
      previewIncentive(prisma, {
        ...base,
        incentive: {
          name: "Sticker",
          definition: { kind: "ITEM", itemId: c.sticker.id, itemOptionId: c.pin.options[0].id, quantity: 1 },
        },
      }),
      "INVALID_INPUT",
      /not an option of “Sticker”/,
    );
  });
});

describe("applyIncentive", () => {
  test("gives a free item to the recipients only, once, and records who applied what to whom", async () => {
    const c = await campaign();
    const input: ApplyIncentiveInput = {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.everyone.id,
      incentive: pinFor(c),
      exclusions: physicalDefaults,
      notifyBackers: false,
    };
    const first = await tx((t) => applyIncentive(t, input));
    expect(first).toMatchObject({ recipients: 2, granted: 2, skipped: 0 });
    const lines = await pledgesWithIncentiveLines();
    expect(lines.map((l) => l.pledgeId).sort()).toEqual([c.b.collected.pledge.id, c.b.heavy.pledge.id].sort());
    expect(lines.every((l) => l.unitPrice === 0 && l.quantity === 1 && l.itemOptionId === c.pin.options[0].id)).toBe(
      true,
    );

    // Applied again, by id or by typing the same name: nothing more.
    const again = await tx((t) => applyIncentive(t, { ...input, incentive: { incentiveId: first.incentiveId } }));
    expect(again).toMatchObject({ incentiveId: first.incentiveId, recipients: 2, granted: 0, skipped: 2 });
    const retyped = await tx((t) => applyIncentive(t, input));
    expect(retyped).toMatchObject({ incentiveId: first.incentiveId, granted: 0 });
    expect(await pledgesWithIncentiveLines()).toHaveLength(2);
    expect(await prisma.incentive.count()).toBe(1);
    expect(await prisma.incentiveGrant.count()).toBe(2);

    const audit = await prisma.auditEvent.findMany({
      where: { action: "incentive.apply" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.targetCount)).toEqual([2, 0, 0]);
    expect(audit[0]).toMatchObject({ actorId: c.owner.id, projectId: c.project.id });
    expect(audit[0].details).toMatchObject({
      incentiveName: "Early bird pin",
      gift: "1 × Enamel pin (Gold)",
      segmentName: "Everyone",
      recipients: 2,
      skipped: 0,
    });
    const [summary] = await listIncentives(prisma, c.project.id);
    expect(summary).toMatchObject({
      name: "Early bird pin",
      grantedCount: 2,
      itemName: "Enamel pin",
      itemOptionName: "Gold",
    });
    expect(summary.applications.map((a) => [a.segmentName, a.granted])).toEqual([
      ["Everyone", 2],
      ["Everyone", 0],
      ["Everyone", 0],
    ]);
  });

  test("applied to an overlapping segment, grants only the pledges that do not have it yet", async () => {
    const c = await campaign();
    const physicalOnly = await tx((t) =>
      saveSegment(t, c.project.id, {
        name: "Physical tiers",
        filter: { type: "inPledgeLevels", pledgeLevelIds: [c.levels.physical.id] },
      }),
    );
    const first = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: physicalOnly.id,
        incentive: creditFor(),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: false,
      }),
    );
    expect(first.granted).toBe(1);
    const second = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.everyone.id,
        incentive: { incentiveId: first.incentiveId },
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: false,
      }),
    );
    // collected (had it), heavy, digital, no level, no reward
    expect(second).toMatchObject({ recipients: 5, granted: 4, skipped: 1 });
    const balances = await prisma.creditEntry.groupBy({ by: ["pledgeId"], _sum: { amount: true } });
    expect(balances).toHaveLength(5);
    expect(balances.every((b) => b._sum.amount === 500)).toBe(true);
    const entry = await prisma.creditEntry.findFirstOrThrow({ where: { pledgeId: c.b.collected.pledge.id } });
    expect(entry).toMatchObject({ reason: "Complimentary credit: Thank-you credit", createdById: c.owner.id });
  });

  test("a same-named incentive that gives something else is refused", async () => {
    const c = await campaign();
    const base = {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.everyone.id,
      exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      notifyBackers: false,
    };
    await tx((t) => applyIncentive(t, { ...base, incentive: creditFor("Thanks", 500) }));
    await expectDomainError(
      tx((t) => applyIncentive(t, { ...base, incentive: creditFor("Thanks", 700) })),
      "CONFLICT",
      /An incentive named “Thanks” already gives something else/,
    );
    expect(await prisma.creditEntry.aggregate({ _sum: { amount: true } })).toEqual({ _sum: { amount: 500 * 5 } });
  });

  test("is all or nothing: a failure while writing the free items leaves no incentive, grant or line", async () => {
    const c = await campaign();
    // A trigger that fails the cart-line insert for one pledge, as a crash halfway would.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION fail_for_heavy() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.pledge_id = '${c.b.heavy.pledge.id}'::uuid THEN RAISE EXCEPTION 'simulated crash'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_for_heavy BEFORE INSERT ON cart_line FOR EACH ROW EXECUTE FUNCTION fail_for_heavy()`,
    );
    try {
      await expect(
        tx((t) =>
          applyIncentive(t, {
            projectId: c.project.id,
            actorId: c.owner.id,
            segmentId: c.everyone.id,
            incentive: pinFor(c),
            exclusions: physicalDefaults,
            notifyBackers: true,
          }),
        ),
      ).rejects.toThrow(/simulated crash/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER fail_for_heavy ON cart_line`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION fail_for_heavy()`);
    }
    expect(await prisma.incentive.count()).toBe(0);
    expect(await prisma.incentiveGrant.count()).toBe(0);
    expect(await prisma.cartLine.count({ where: { source: "INCENTIVE" } })).toBe(0);
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await prisma.auditEvent.count()).toBe(0);
  });

  test("two applies of the same new incentive at once grant each pledge once", async () => {
    const c = await campaign();
    const input: ApplyIncentiveInput = {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.everyone.id,
      incentive: creditFor("Launch day credit", 300),
      exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      notifyBackers: false,
    };
    const results = await Promise.all([tx((t) => applyIncentive(t, input)), tx((t) => applyIncentive(t, input))]);
    expect(results.map((r) => r.granted).sort()).toEqual([0, 5]);
    expect(await prisma.incentive.count()).toBe(1);
    expect(await prisma.creditEntry.count()).toBe(5);
  });

  test("emails each newly granted backer once, in the same transaction", async () => {
    const c = await campaign();
    const input: ApplyIncentiveInput = {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.everyone.id,
      incentive: creditFor("Thanks", 1250),
      exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      notifyBackers: true,
    };
    // Two grants per round: the five are read back and emailed in three rounds.
    const first = await tx((t) => applyIncentive(t, { ...input, emailRoundSize: 2 }));
    expect(first.emailsQueued).toBe(5);
    const again = await tx((t) => applyIncentive(t, input));
    expect(again.emailsQueued).toBe(0);
    const messages = await prisma.emailMessage.findMany({ where: { kind: "incentive-granted" } });
    expect(messages.map((m) => m.toEmail).sort()).toEqual([
      "collected@example.com",
      "digital@example.com",
      "heavy@example.com",
      "nolevel@example.com",
      "noreward@example.com",
    ]);
    const toCollected = (await getCapturedEmail(messages.find((m) => m.toEmail === "collected@example.com")!.id))!;
    expect(toCollected.subject).toBe(`A gift from ${c.project.name}: Thanks`);
    expect(toCollected.text).toContain("$12.50 of complimentary credit");
    expect(toCollected.text).toContain(`/pledges/${c.b.collected.pledge.id}`);
    // An announcement: its body links to that backer's page to stop this project's announcements,
    // each recipient their own link (the bulk template keeps the link per row).
    const unsubscribe = announcementUnsubscribePageUrl(c.project.id, "collected@example.com");
    expect(toCollected.text).toContain(unsubscribe);
    expect(toCollected.html).toContain(`href="${unsubscribe}"`);
    expect(toCollected.text).toContain(`Unsubscribe from ${c.project.name}'s announcements`);
    const toHeavy = (await getCapturedEmail(messages.find((m) => m.toEmail === "heavy@example.com")!.id))!;
    expect(toHeavy.text).toContain(announcementUnsubscribePageUrl(c.project.id, "heavy@example.com"));
    expect(toHeavy.text).not.toContain(unsubscribe);
  });

  test("refuses a segment of another project", async () => {
    const c = await campaign();
    const other = await createProject(prisma, { ownerId: (await createUser(prisma)).id });
    const foreign = await tx((t) =>
      saveSegment(t, other.id, { name: "Theirs", filter: { type: "and", conditions: [] } }),
    );
    await expectDomainError(
      tx((t) =>
        applyIncentive(t, {
          projectId: c.project.id,
          actorId: c.owner.id,
          segmentId: foreign.id,
          incentive: creditFor(),
          exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
          notifyBackers: false,
        }),
      ),
      "NOT_FOUND",
      /Segment not found/,
    );
  });
});

describe("undoIncentiveOrThrow", () => {
  test("removes the free items, cancels the credit, and cannot be applied again", async () => {
    const c = await campaign();
    const base = {
      projectId: c.project.id,
      actorId: c.owner.id,
      segmentId: c.everyone.id,
      notifyBackers: false,
    };
    const pin = await tx((t) => applyIncentive(t, { ...base, incentive: pinFor(c), exclusions: physicalDefaults }));
    const credit = await tx((t) =>
      applyIncentive(t, {
        ...base,
        incentive: creditFor(),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      }),
    );
    const hasPin = { type: "hasItem", itemIds: [c.pin.id] };
    expect(await countSegmentBackers(prisma, c.project.id, hasPin)).toBe(2);

    expect(
      await tx((t) =>
        undoIncentiveOrThrow(t, { projectId: c.project.id, incentiveId: pin.incentiveId, actorId: c.owner.id }),
      ),
    ).toEqual({
      name: "Early bird pin",
      pledges: 2,
      emailsCancelled: 0,
    });
    expect(await prisma.cartLine.count({ where: { source: "INCENTIVE" } })).toBe(0);
    expect(await countSegmentBackers(prisma, c.project.id, hasPin)).toBe(0);

    await tx((t) =>
      undoIncentiveOrThrow(t, { projectId: c.project.id, incentiveId: credit.incentiveId, actorId: c.owner.id }),
    );
    const balances = await prisma.creditEntry.groupBy({ by: ["pledgeId"], _sum: { amount: true } });
    expect(balances).toHaveLength(5);
    expect(balances.every((b) => b._sum.amount === 0)).toBe(true);
    expect(await prisma.creditEntry.count({ where: { amount: -500, reason: "Undone: Thank-you credit" } })).toBe(5);

    await expectDomainError(
      tx((t) =>
        undoIncentiveOrThrow(t, { projectId: c.project.id, incentiveId: credit.incentiveId, actorId: c.owner.id }),
      ),
      "CONFLICT",
      /was already undone/,
    );
    await expectDomainError(
      tx((t) =>
        applyIncentive(t, { ...base, incentive: { incentiveId: credit.incentiveId }, exclusions: physicalDefaults }),
      ),
      "CONFLICT",
      /was undone and cannot be given again/,
    );
    // Typing the name again makes a new incentive: an undone one is history, not a name in use.
    const fresh = await tx((t) =>
      applyIncentive(t, {
        ...base,
        incentive: creditFor(),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
      }),
    );
    expect(fresh.incentiveId).not.toBe(credit.incentiveId);
    expect(fresh.granted).toBe(5);
    const undone = await prisma.incentive.findUniqueOrThrow({ where: { id: pin.incentiveId } });
    expect(undone.undoneById).toBe(c.owner.id);
    expect(await prisma.auditEvent.count({ where: { action: "incentive.undo" } })).toBe(2);
  });

  test("skips its emails still waiting in the outbox, keeps those already sent, and the pledge summary says it was taken back", async () => {
    const c = await campaign();
    const applied = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.everyone.id,
        incentive: creditFor("Thanks", 500),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: true,
      }),
    );
    expect(applied.emailsQueued).toBe(5);
    // One of them went out before the undo.
    await prisma.emailMessage.updateMany({
      where: { kind: "incentive-granted", toEmail: "collected@example.com" },
      data: { status: "SENT", sentAt: new Date() },
    });
    const undone = await tx((t) =>
      undoIncentiveOrThrow(t, { projectId: c.project.id, incentiveId: applied.incentiveId, actorId: c.owner.id }),
    );
    expect(undone).toEqual({ name: "Thanks", pledges: 5, emailsCancelled: 4 });
    const messages = await prisma.emailMessage.findMany({ where: { kind: "incentive-granted" }, orderBy: { toEmail: "asc" } });
    expect(messages.map((m) => [m.toEmail, m.status])).toEqual([
      ["collected@example.com", "SENT"],
      ["digital@example.com", "SKIPPED"],
      ["heavy@example.com", "SKIPPED"],
      ["nolevel@example.com", "SKIPPED"],
      ["noreward@example.com", "SKIPPED"],
    ]);
    expect(messages[1].lastError).toBe("Not sent: “Thanks” was undone before this email went out.");
    // Another incentive's waiting email is left alone.
    const other = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.everyone.id,
        incentive: creditFor("Second thanks", 300),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: true,
      }),
    );
    expect(await prisma.emailMessage.count({ where: { status: "QUEUED" } })).toBe(other.emailsQueued);

    const summary = await getPledgeSummaryOrThrow(c.b.collected.pledge.id, "backer");
    const thanks = summary.creditEntries.filter((entry) => entry.incentiveName === "Thanks");
    expect(thanks.map((entry) => [entry.amount, describeCreditEntry(entry, "backer").title])).toEqual([
      [500, "Complimentary credit: Thanks"],
      [-500, "The creator took back “Thanks”"],
    ]);
  });

  test("a free item taken back is named on the pledge summary with why, not dropped without a word", async () => {
    const c = await campaign();
    const pin = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.everyone.id,
        incentive: pinFor(c),
        exclusions: physicalDefaults,
        notifyBackers: false,
      }),
    );
    await tx((t) => undoIncentiveOrThrow(t, { projectId: c.project.id, incentiveId: pin.incentiveId, actorId: c.owner.id }));
    const summary = await getPledgeSummaryOrThrow(c.b.collected.pledge.id, "backer");
    expect(summary.items.filter((item) => item.source === "INCENTIVE")).toEqual([]);
    expect(summary.withdrawnItems).toEqual([
      expect.objectContaining({ name: "Enamel pin", optionName: "Gold", quantity: 1, incentiveName: "Early bird pin" }),
    ]);
    expect(summary.backingDetails.withdrawnItems).toBe(1);
  });

  test("is refused for another project's incentive", async () => {
    const c = await campaign();
    const applied = await tx((t) =>
      applyIncentive(t, {
        projectId: c.project.id,
        actorId: c.owner.id,
        segmentId: c.everyone.id,
        incentive: creditFor(),
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: false,
      }),
    );
    const other = await createProject(prisma, { ownerId: (await createUser(prisma)).id });
    await expectDomainError(
      tx((t) => undoIncentiveOrThrow(t, { projectId: other.id, incentiveId: applied.incentiveId, actorId: null })),
      "NOT_FOUND",
      /does not exist in this project/,
    );
  });
});
