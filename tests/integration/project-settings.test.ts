import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { CreateProjectSchema } from "@/lib/projects/create-project-schema";
import { createProject as createProjectForOwner } from "@/lib/projects/create-project";
import { ProjectSettingsSchema } from "@/lib/projects/project-settings-schema";
import { updateProjectSettings } from "@/lib/projects/update-project-settings";
import { generateIncentiveSegments } from "@/lib/segments/generate-incentive-segments";
import { resolveSegmentBackerIds } from "@/lib/segments/segment-membership-sql";

const HOUR = 3_600_000;

/** The Settings form as the browser posts it. */
function settingsForm(projectId: string, fields: Record<string, string>) {
  return ProjectSettingsSchema.parse({
    projectId,
    name: "Lanterns of Ashfall",
    platform: "KICKSTARTER",
    currency: "USD",
    earlyBirdHours: "48",
    timeZone: "Europe/Berlin",
    ...fields,
  });
}

describe("project time zone and launch time", () => {
  test("the new-project form stores 14:00 in the chosen zone as the UTC instant, and the zone", async () => {
    const creator = await createUser(prisma);
    const input = CreateProjectSchema.parse({
      name: "Tidepool",
      platform: "KICKSTARTER",
      currency: "EUR",
      timeZone: "Europe/Berlin",
      launchedAt: "2026-10-24",
      launchTime: "14:00",
      endedAt: "2026-11-23",
      endTime: "14:00",
    });
    const { id } = await prisma.$transaction((tx) => createProjectForOwner(tx, creator.id, input));
    const project = await prisma.project.findUniqueOrThrow({ where: { id } });
    expect(project.timeZone).toBe("Europe/Berlin");
    expect(project.launchedAt?.toISOString()).toBe("2026-10-24T12:00:00.000Z");
    // After the clocks went back, 14:00 in Berlin is 13:00 UTC.
    expect(project.endedAt?.toISOString()).toBe("2026-11-23T13:00:00.000Z");
  });

  test("a zone that does not exist, a time without its date and an end before the launch are refused per field", () => {
    const result = CreateProjectSchema.safeParse({
      name: "Tidepool",
      platform: "KICKSTARTER",
      currency: "EUR",
      timeZone: "Europe/Atlantis",
      launchTime: "14:00",
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields).toContain("timeZone");
    const backwards = CreateProjectSchema.safeParse({
      name: "Tidepool",
      platform: "KICKSTARTER",
      currency: "EUR",
      timeZone: "America/New_York",
      launchedAt: "2026-03-10",
      launchTime: "09:00",
      endedAt: "2026-03-10",
      endTime: "08:59",
    });
    expect(backwards.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["endedAt", "The end must be on or after the launch."],
    ]);
    const timeOnly = CreateProjectSchema.safeParse({ name: "T", platform: "KICKSTARTER", currency: "EUR", timeZone: "UTC", launchTime: "14:00" });
    expect(timeOnly.error?.issues.map((issue) => issue.path.join("."))).toEqual(["launchedAt"]);
  });

  test("changing the launch time in Settings moves the live Early Bird segment at once, across a clock change", async () => {
    const owner = await createUser(prisma);
    // Entered by mistake as midnight UTC, as date-only launches used to be stored.
    const project = await createProject(prisma, { ownerId: owner.id, launchedAt: new Date("2026-10-24T00:00:00Z"), endedAt: null });
    const launch = new Date("2026-10-24T12:00:00Z"); // 14:00 in Berlin (CEST)
    const at = (hours: number) => new Date(launch.getTime() + hours * HOUR);
    const before = await createBacker(prisma, project.id, { email: "before@example.com", pledge: { pledgedAt: at(-2) } });
    const first = await createBacker(prisma, project.id, { email: "first@example.com", pledge: { pledgedAt: at(0.1) } });
    // Monday 12:59 CET: 47 h 59 min after a Saturday 14:00 CEST launch, the night of 25 October had 25 hours.
    const edge = await createBacker(prisma, project.id, { email: "edge@example.com", pledge: { pledgedAt: at(47 + 59 / 60) } });
    const late = await createBacker(prisma, project.id, { email: "late@example.com", pledge: { pledgedAt: at(48) } });
    const { earlyBird } = await prisma.$transaction((tx) => generateIncentiveSegments(tx, project.id, { earlyBirdHours: 48 }));
    const members = () => resolveSegmentBackerIds(prisma, project.id, earlyBird.id).then((ids) => ids.sort());
    // With a midnight launch the window closes at 00:00 UTC on the 26th: the edge and late pledges are out.
    expect(await members()).toEqual([before.backer.id, first.backer.id].sort());

    const { changes } = await prisma.$transaction((tx) =>
      updateProjectSettings(tx, owner.id, settingsForm(project.id, { name: project.name, launchedAt: "2026-10-24", launchTime: "14:00" })),
    );
    expect(changes.map((change) => change.field).sort()).toEqual(["launchedAt", "timeZone"]);
    expect(await members()).toEqual([before.backer.id, first.backer.id, edge.backer.id].sort());
    expect(late.backer.id).not.toBe(edge.backer.id);

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "project.settings" } });
    expect(event.actorId).toBe(owner.id);
    expect(event.details).toMatchObject({
      changes: expect.arrayContaining([{ field: "launchedAt", from: "2026-10-24T00:00:00.000Z", to: "2026-10-24T12:00:00.000Z" }]),
    });
  });

  test("the currency changes only while the project holds no amounts, and says why otherwise", async () => {
    const owner = await createUser(prisma);
    const empty = await createProject(prisma, { ownerId: owner.id, currency: "USD" });
    await prisma.$transaction((tx) => updateProjectSettings(tx, owner.id, settingsForm(empty.id, { currency: "EUR" })));
    expect((await prisma.project.findUniqueOrThrow({ where: { id: empty.id } })).currency).toBe("EUR");

    const held = await createProject(prisma, { ownerId: owner.id, currency: "USD" });
    await createBacker(prisma, held.id);
    const refused = await prisma
      .$transaction((tx) => updateProjectSettings(tx, owner.id, settingsForm(held.id, { currency: "EUR" })))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("CONFLICT");
    expect((refused as DomainError).message).toMatch(/stays USD: the project already holds pledges/i);
    const after = await prisma.project.findUniqueOrThrow({ where: { id: held.id } });
    expect(after.currency).toBe("USD");
    expect(after.timeZone).toBe("UTC");
  });
});
