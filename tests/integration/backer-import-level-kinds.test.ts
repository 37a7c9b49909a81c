import { describe, expect, it } from "vitest";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import { berlinCampaignBackers, buildKickstarterCampaignZip } from "../support/kickstarter-campaign-zip";

const campaign = berlinCampaignBackers();
const zip = () => ({ name: "Kickstarter Backer Report.zip", bytes: buildKickstarterCampaignZip(campaign.backers) });

async function levels(projectId: string) {
  const rows = await prisma.pledgeLevel.findMany({
    where: { projectId },
    select: { name: true, kind: true, kindConfirmed: true, collectsShippingAddress: true },
    orderBy: { name: "asc" },
  });
  return rows.map((level) => [level.name, level.kind, level.kindConfirmed, level.collectsShippingAddress]);
}

describe("pledge level kinds suggested by the backer import", () => {
  it("suggests digital only for the tier nobody paid shipping for, no reward for Kickstarter's No reward, and proposes the earliest pledge as launch", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id, launchedAt: null, endedAt: null });
    const preview = await previewImportInTransaction(project.id, [zip()], {}, owner.id);
    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.newPledgeLevels.map((level) => [level.name, level.suggestion?.kind]).sort()).toEqual([
      ["Digital Edition", "DIGITAL"],
      ["Early Bird Lantern", "PHYSICAL"],
      ["Lantern", "PHYSICAL"],
      ["No reward", "NO_REWARD"],
    ]);
    const digital = preview.plan.newPledgeLevels.find((level) => level.name === "Digital Edition")!;
    expect(digital.suggestion?.reason).toBe("None of its 6 backers paid shipping or gave an address.");
    // The earliest pledge, three minutes after the real launch, is proposed for confirmation.
    expect(preview.proposedLaunchAt?.toISOString()).toBe("2026-10-24T12:03:00.000Z");
    // Nothing is written by the preview.
    expect(await prisma.pledgeLevel.count({ where: { projectId: project.id } })).toBe(0);
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).launchedAt).toBeNull();
  });

  it("writes the kinds the creator confirmed (one changed) and the launch they corrected", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id, launchedAt: null, endedAt: null });
    const preview = await previewImportInTransaction(project.id, [zip()], {}, owner.id);
    const keyOf = (name: string) => preview.plan.newPledgeLevels.find((level) => level.name === name)!.key;
    const levelKinds = Object.fromEntries(preview.plan.newPledgeLevels.map((level) => [level.key, level.suggestion!.kind]));
    // The creator knows "No reward" backers get a sticker: physical.
    levelKinds[keyOf("No reward")] = "PHYSICAL";
    const result = await applyImportInTransaction(project.id, { importId: preview.importId, files: [zip()], levelKinds, launchedAt: campaign.launch }, owner.id);
    expect(result.added).toBe(campaign.backers.length);
    expect(await levels(project.id)).toEqual([
      ["Digital Edition", "DIGITAL", true, false],
      ["Early Bird Lantern", "PHYSICAL", true, true],
      ["Lantern", "PHYSICAL", true, true],
      ["No reward", "PHYSICAL", true, true],
    ]);
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).launchedAt?.toISOString()).toBe("2026-10-24T12:00:00.000Z");
  });

  it("leaves suggested kinds unconfirmed when an import is applied without the preview's choices, and keeps an existing launch", async () => {
    const project = await createProject(prisma, { launchedAt: new Date("2026-10-24T12:00:00Z") });
    await applyImportInTransaction(project.id, { files: [zip()] }, null);
    expect(await levels(project.id)).toEqual([
      ["Digital Edition", "DIGITAL", false, false],
      ["Early Bird Lantern", "PHYSICAL", false, true],
      ["Lantern", "PHYSICAL", false, true],
      ["No reward", "NO_REWARD", false, false],
    ]);
    const again = await previewImportInTransaction(project.id, [zip()], {}, null);
    expect(again.proposedLaunchAt).toBeNull();
    expect(again.plan.newPledgeLevels).toEqual([]);
  });
});
