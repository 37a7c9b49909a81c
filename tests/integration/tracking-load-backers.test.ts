import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { loadTrackingBackers } from "@/lib/tracking/load-tracking-backers";
import { addTrackingNumber } from "../support/tracking-in-transaction";

const UPS = "1Z999AA10123456784";

async function setup() {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const backers = [];
  for (let i = 1; i <= 3; i++) {
    const { backer, pledge } = await createBacker(prisma, project.id, {
      backerNumber: i,
      email: `backer${i}@example.com`,
      name: `Backer ${i}`,
      pledge: { pledgeLevelId: level.id },
    });
    backers.push({ ...backer, pledgeId: pledge!.id });
  }
  await addTrackingNumber({
    projectId: project.id,
    backerId: backers[1].id,
    trackingNumber: UPS,
    carrier: "",
    otherCarrier: "",
    trackingUrl: "",
    actorId: owner.id,
  });
  return { project, backers };
}

const setting = async (db: { $queryRaw: typeof prisma.$queryRaw }) =>
  (await db.$queryRaw<{ value: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS value`)[0]
    .value;

describe("loadTrackingBackers", () => {
  it("loads every backer with their current numbers, and gives the caller's transaction its parallel setting back", async () => {
    const { project, backers } = await setup();
    const selection = { kind: "ids" as const, ids: backers.map((backer) => backer.id) };

    const { loaded, after } = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL max_parallel_workers_per_gather = 3");
      const index = await loadTrackingBackers(tx, project.id, selection, null);
      const found = [1, 2, 3].map((number) => index.findByNumber(number));
      return {
        loaded: found.map((backer) => ({
          email: index.email(backer),
          selected: index.inSelection(backer),
          numbers: index.shipmentNumbersOf(backer),
        })),
        after: await setting(tx),
      };
    });
    expect(loaded).toEqual([
      { email: "backer1@example.com", selected: true, numbers: [] },
      { email: "backer2@example.com", selected: true, numbers: [UPS] },
      { email: "backer3@example.com", selected: true, numbers: [] },
    ]);
    // Serial reading is this function's business; the rest of the caller's transaction keeps its plan choices.
    expect(after).toBe("3");
  });

  it("outside a transaction, reads in one of its own and leaves the session's setting alone", async () => {
    const { project, backers } = await setup();
    const before = await setting(prisma);
    const index = await loadTrackingBackers(prisma, project.id, { kind: "ids", ids: [backers[0].id] }, null);
    expect(index.size).toBe(3);
    expect(index.inSelection(index.findByNumber(1))).toBe(true);
    expect(index.inSelection(index.findByNumber(2))).toBe(false);
    expect(await setting(prisma)).toBe(before);
  });
});
