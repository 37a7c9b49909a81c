import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listPledgesForBacker } from "@/lib/auth/list-pledges-for-backer";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { mayCreateProjects } from "@/lib/instance/may-create-projects";
import { setProjectEmailAllowanceOrThrow } from "@/lib/instance/set-project-email-allowance";
import { updateInstanceSettingsOrThrow } from "@/lib/instance/update-instance-settings";
import { createProject as createProjectForOwner } from "@/lib/projects/create-project";
import { createDigitalReward, sendDigitalReward } from "../support/digital-reward-use-cases";

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const newProject = (ownerId: string, name = "Tidewater") =>
  prisma.$transaction((tx) => createProjectForOwner(tx, ownerId, { name, platform: "KICKSTARTER", currency: "USD", timeZone: "UTC", launchedAt: null, endedAt: null }));

describe("who may create projects", () => {
  it("on a new instance: the first account and the addresses it invites, nobody else", async () => {
    const first = await createUser(prisma, { email: "owner@studio.example" });
    const stranger = await createUser(prisma, { email: "spammer@mailer.example" });
    const invited = await createUser(prisma, { email: "ada@studio.example" });

    await expect(newProject(first.id)).resolves.toMatchObject({ id: expect.any(String) });
    const refused = await refusal(newProject(stranger.id, "Tidewater (copy)"));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/only invited creators create projects/);
    expect(await prisma.project.count({ where: { name: "Tidewater (copy)" } })).toBe(0);

    // Only an instance admin changes the policy; the first account is one.
    expect((await refusal(prisma.$transaction((tx) => updateInstanceSettingsOrThrow(tx, stranger.id, { projectCreation: "EVERYONE", creatorAllowlist: [] })))).code).toBe("FORBIDDEN");
    await prisma.$transaction((tx) => updateInstanceSettingsOrThrow(tx, first.id, { projectCreation: "INVITED", creatorAllowlist: ["ADA@studio.example"] }));
    await expect(newProject(invited.id, "Ada's campaign")).resolves.toBeTruthy();
    expect(await mayCreateProjects(prisma, stranger)).toBe(false);
  });

  it("an allowlist takes addresses and whole domains; everyone means every account", async () => {
    const first = await createUser(prisma, { email: "owner@studio.example" });
    const colleague = await createUser(prisma, { email: "grace@studio.example" });
    const outsider = await createUser(prisma, { email: "someone@elsewhere.example" });
    await prisma.$transaction((tx) => updateInstanceSettingsOrThrow(tx, first.id, { projectCreation: "ALLOWLIST", creatorAllowlist: ["studio.example"] }));
    expect(await mayCreateProjects(prisma, colleague)).toBe(true);
    expect(await mayCreateProjects(prisma, outsider)).toBe(false);
    // In "invited only", a domain is not an invitation.
    await prisma.$transaction((tx) => updateInstanceSettingsOrThrow(tx, first.id, { projectCreation: "INVITED", creatorAllowlist: ["studio.example"] }));
    expect(await mayCreateProjects(prisma, colleague)).toBe(false);
    await prisma.$transaction((tx) => updateInstanceSettingsOrThrow(tx, first.id, { projectCreation: "EVERYONE", creatorAllowlist: [] }));
    expect(await mayCreateProjects(prisma, outsider)).toBe(true);
  });
});

describe("a project's daily sending allowance", () => {
  async function projectWithBackers(count: number) {
    const admin = await createUser(prisma);
    const creator = await createUser(prisma);
    // A project as the new-project form creates it: the column's default allowance.
    const project = await createProject(prisma, { ownerId: creator.id, dailyEmailAllowance: undefined });
    await prisma.project.update({ where: { id: project.id }, data: { dailyEmailAllowance: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await createBacker(prisma, project.id)).backer.id);
    const reward = await createDigitalReward(project.id, { name: "Wallpapers", kind: "SHARED", instructions: null, sharedValue: null }, creator.id);
    const send = (backerIds: string[]) =>
      sendDigitalReward({
        projectId: project.id,
        rewardId: reward.id,
        selection: { kind: "ids", ids: backerIds },
        codes: { source: "shared", value: "https://files.example/wallpapers.zip" },
        token: randomUUID(),
        actorId: creator.id,
      });
    return { admin, creator, project, ids, send };
  }

  it("refuses a send that would pass it, before anything is written, with what to do", async () => {
    const { project, ids, send } = await projectWithBackers(5);
    await send(ids.slice(0, 2));
    const refused = await refusal(send(ids.slice(2, 5)));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(
      "This project may send 3 emails in 24 hours; it has sent 2 in the last 24 hours, and this needs 3. Nothing was sent. Send to at most 1 backers now and the rest later, or ask the administrator of this Pledgehouse instance to raise the project's allowance.",
    );
    // Nothing half-sent: the two first emails, no more.
    expect(await prisma.emailMessage.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("is raised by an instance admin only, and then the send goes out", async () => {
    const { admin, creator, project, ids, send } = await projectWithBackers(5);
    expect(admin.createdAt.getTime()).toBeLessThanOrEqual(creator.createdAt.getTime());
    expect((await refusal(prisma.$transaction((tx) => setProjectEmailAllowanceOrThrow(tx, creator.id, project.id, null)))).code).toBe("FORBIDDEN");
    await expect(send(ids)).rejects.toThrow(/may send 3 emails in 24 hours/);
    await prisma.$transaction((tx) => setProjectEmailAllowanceOrThrow(tx, admin.id, project.id, 10));
    await send(ids);
    expect(await prisma.emailMessage.count({ where: { projectId: project.id } })).toBe(5);
  });

  it("is 1,000 emails a day for a new project", async () => {
    const owner = await createUser(prisma);
    const { id } = await newProject(owner.id);
    expect((await prisma.project.findUniqueOrThrow({ where: { id } })).dailyEmailAllowance).toBe(1000);
  });
});

describe("Your pledges", () => {
  it("names the creator behind each project, so two projects with one name are told apart", async () => {
    const real = await createUser(prisma, { name: "Harbor Games", email: "team@harbor.example" });
    const copycat = await createUser(prisma, { name: "Harbor Games", email: "harbor.games@mailer.example" });
    const email = "backer@example.com";
    for (const owner of [real, copycat]) {
      const project = await createProject(prisma, { ownerId: owner.id, name: "Tidewater" });
      await createBacker(prisma, project.id, { email });
    }
    const pledges = await listPledgesForBacker({ email, emailVerified: true } as Parameters<typeof listPledgesForBacker>[0]);
    expect(pledges.map((pledge) => pledge.creator?.email).sort()).toEqual(["harbor.games@mailer.example", "team@harbor.example"]);
  });
});
