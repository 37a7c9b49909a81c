import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { queueEmail } from "@/lib/mail/queue-email";
import { deleteProject } from "@/lib/projects/delete-project";
import { getProjectForMemberOrThrow } from "@/lib/projects/get-project-for-member-or-throw";
import type { ProjectPermission } from "@/lib/projects/project-permissions";
import { acceptInvitation } from "@/lib/team/accept-invitation";
import { changeMemberRole } from "@/lib/team/change-member-role";
import { inviteTeamMember } from "@/lib/team/invite-team-member";
import { listTeam } from "@/lib/team/list-team";
import { removeMember } from "@/lib/team/remove-member";
import { revokeInvitation } from "@/lib/team/revoke-invitation";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
let transport: MailTransport;

beforeEach(async () => {
  smtp = await startSmtpTestServer();
  transport = createMailTransport(smtp.url);
});

afterEach(async () => {
  transport.close();
  await smtp.stop();
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function teamOf(role: "COLLABORATOR" | "VIEWER" = "COLLABORATOR") {
  const owner = await createUser(prisma, { name: "Olive Owner", email: `olive-${crypto.randomUUID()}@example.com` });
  const project = await createProject(prisma, { name: "Ironvale: The Board Game", ownerId: owner.id, timeZone: "Europe/Berlin" });
  const member = await createUser(prisma, { name: "Max Member" });
  await prisma.membership.create({ data: { projectId: project.id, userId: member.id, role } });
  return { owner, project, member };
}

/** Delivers the outbox over SMTP and returns the link of the invitation email to `to`. */
async function invitationLinkSentTo(to: string): Promise<string> {
  await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() WHERE status = 'QUEUED'`;
  await deliverQueuedEmails({ transport });
  const message = smtp.messages.find((m) => m.envelope.to.includes(to));
  expect(message, `no email reached ${to}`).toBeDefined();
  const link = /https?:\/\/[^\s"<>]+\/invitations\/[A-Za-z0-9_-]+/.exec(message!.text);
  expect(link, message!.text).not.toBeNull();
  return link![0];
}

const tokenOf = (link: string) => link.split("/invitations/")[1];

describe("the role matrix", () => {
  it("lets each role do exactly what its row says; a member lacking a permission is told why, an outsider sees nothing", async () => {
    const { owner, project, member: collaborator } = await teamOf("COLLABORATOR");
    const viewer = await createUser(prisma);
    await prisma.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
    const outsider = await createUser(prisma);
    const permissions: ProjectPermission[] = ["read", "edit", "export", "manage-team", "delete-project"];
    const grid: Record<string, string[]> = {};
    for (const [name, user] of [["owner", owner], ["collaborator", collaborator], ["viewer", viewer], ["outsider", outsider]] as const) {
      grid[name] = [];
      for (const permission of permissions) {
        const answer = await getProjectForMemberOrThrow(user.id, project.id, permission).then(
          () => "yes",
          (error: DomainError) => error.code,
        );
        grid[name].push(`${permission}:${answer}`);
      }
    }
    expect(grid).toEqual({
      owner: ["read:yes", "edit:yes", "export:yes", "manage-team:yes", "delete-project:yes"],
      collaborator: ["read:yes", "edit:yes", "export:yes", "manage-team:FORBIDDEN", "delete-project:FORBIDDEN"],
      viewer: ["read:yes", "edit:FORBIDDEN", "export:FORBIDDEN", "manage-team:FORBIDDEN", "delete-project:FORBIDDEN"],
      outsider: ["read:NOT_FOUND", "edit:NOT_FOUND", "export:NOT_FOUND", "manage-team:NOT_FOUND", "delete-project:NOT_FOUND"],
    });
    const viewerEdit = await refusal(getProjectForMemberOrThrow(viewer.id, project.id, "edit"));
    expect(viewerEdit.message).toBe("You are a viewer of this project: you can read it but not change it. Ask an owner to make you a collaborator.");
    const collaboratorTeam = await refusal(getProjectForMemberOrThrow(collaborator.id, project.id, "manage-team"));
    expect(collaboratorTeam.message).toBe("Only an owner can manage the team.");
  });
});

describe("invitations", () => {
  it("emails the invitee a link that, once they sign in as that address, adds them with the invited role", async () => {
    const { owner, project } = await teamOf();
    await prisma.$transaction((tx) =>
      inviteTeamMember(tx, { projectId: project.id, email: "  Vera.Viewer@Example.com ", role: "VIEWER", inviter: owner }),
    );
    const link = await invitationLinkSentTo("vera.viewer@example.com");
    const message = smtp.messages.find((m) => m.envelope.to.includes("vera.viewer@example.com"))!;
    expect(message.subject).toBe("Olive Owner invited you to Ironvale: The Board Game on Pledgehouse");
    expect(message.text).toContain("as a Viewer");
    expect(message.text).toMatch(/\(Europe\/Berlin\)/);
    const stored = await prisma.projectInvitation.findFirstOrThrow({ where: { projectId: project.id } });
    expect(stored.tokenHash).not.toContain(tokenOf(link));
    expect((await listTeam(project.id)).invitations.map((i) => [i.email, i.role, i.expired])).toEqual([["vera.viewer@example.com", "VIEWER", false]]);

    const someoneElse = await createUser(prisma, { email: "mallory@example.com" });
    const wrongPerson = await refusal(prisma.$transaction((tx) => acceptInvitation(tx, { token: tokenOf(link), user: someoneElse })));
    expect(wrongPerson.message).toContain("This invitation is for vera.viewer@example.com, and you are signed in as mallory@example.com");

    const vera = await createUser(prisma, { email: "vera.viewer@example.com", name: "Vera" });
    await expect(prisma.$transaction((tx) => acceptInvitation(tx, { token: tokenOf(link), user: vera }))).resolves.toEqual({ projectId: project.id });
    // A second click on the same link is not an error.
    await expect(prisma.$transaction((tx) => acceptInvitation(tx, { token: tokenOf(link), user: vera }))).resolves.toEqual({ projectId: project.id });
    const team = await listTeam(project.id);
    expect(team.members.map((m) => [m.email, m.role])).toContainEqual(["vera.viewer@example.com", "VIEWER"]);
    expect(team.invitations).toEqual([]);
    const events = await prisma.auditEvent.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["team.invited", "team.joined"]);
    expect(events[1].details).toMatchObject({ email: "vera.viewer@example.com", role: "VIEWER", name: "Vera" });
  });

  it("refuses an expired or withdrawn invitation and says why; inviting again sends a fresh link that works", async () => {
    const { owner, project } = await teamOf();
    const invitee = await createUser(prisma, { email: "late@example.com" });
    const sentAt = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    await prisma.$transaction((tx) => inviteTeamMember(tx, { projectId: project.id, email: "late@example.com", role: "COLLABORATOR", inviter: owner, now: sentAt }));
    const expiredLink = await invitationLinkSentTo("late@example.com");
    expect((await listTeam(project.id)).invitations.map((i) => i.expired)).toEqual([true]);
    const expired = await refusal(prisma.$transaction((tx) => acceptInvitation(tx, { token: tokenOf(expiredLink), user: invitee })));
    expect(expired.message).toMatch(/^This invitation expired on .+\(Europe\/Berlin\)\. Ask the project's owner to invite you again\.$/);

    const { invitationId } = await prisma.$transaction((tx) => inviteTeamMember(tx, { projectId: project.id, email: "late@example.com", role: "COLLABORATOR", inviter: owner }));
    smtp.messages.length = 0;
    const freshLink = await invitationLinkSentTo("late@example.com");
    expect(freshLink).not.toBe(expiredLink);
    await prisma.$transaction((tx) => revokeInvitation(tx, { projectId: project.id, invitationId, actorId: owner.id }));
    const withdrawn = await refusal(prisma.$transaction((tx) => acceptInvitation(tx, { token: tokenOf(freshLink), user: invitee })));
    expect(withdrawn.message).toBe("This invitation was withdrawn by the project's owner. Ask them to invite you again if you should have access.");
    expect(await prisma.membership.count({ where: { projectId: project.id, userId: invitee.id } })).toBe(0);
    expect((await listTeam(project.id)).invitations).toEqual([]);
  });

  it("does not invite someone who is already a member", async () => {
    const { owner, project, member } = await teamOf();
    const error = await refusal(prisma.$transaction((tx) => inviteTeamMember(tx, { projectId: project.id, email: member.email, role: "VIEWER", inviter: owner })));
    expect([error.code, error.message]).toEqual(["CONFLICT", `${member.email} is already a member of this project, as Collaborator. Change their role in the member list instead.`]);
    expect(await prisma.emailMessage.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("the last owner", () => {
  it("cannot leave, be removed or be demoted; with a second owner all three work", async () => {
    const { owner, project, member } = await teamOf();
    const demote = await refusal(prisma.$transaction((tx) => changeMemberRole(tx, { projectId: project.id, userId: owner.id, role: "VIEWER", actorId: owner.id })));
    expect(demote.message).toBe("You are the project's last owner, so the role cannot become Viewer. Make another member an owner first.");
    const leave = await refusal(prisma.$transaction((tx) => removeMember(tx, { projectId: project.id, userId: owner.id, actorId: owner.id })));
    expect(leave.message).toBe("You are the project's last owner, so you cannot leave it. Make another member an owner first, or delete the project.");
    const coOwner = await createUser(prisma, { name: "Cora", email: "cora@example.com" });
    await prisma.membership.create({ data: { projectId: project.id, userId: coOwner.id, role: "OWNER" } });
    await prisma.$transaction((tx) => changeMemberRole(tx, { projectId: project.id, userId: coOwner.id, role: "COLLABORATOR", actorId: owner.id }));
    const removeLast = await refusal(prisma.$transaction((tx) => removeMember(tx, { projectId: project.id, userId: owner.id, actorId: coOwner.id })));
    expect(removeLast.message).toBe("Olive Owner (" + owner.email + ") is the project's last owner and cannot be removed. Make another member an owner first.");

    await prisma.$transaction((tx) => changeMemberRole(tx, { projectId: project.id, userId: member.id, role: "OWNER", actorId: owner.id }));
    await prisma.$transaction((tx) => removeMember(tx, { projectId: project.id, userId: owner.id, actorId: owner.id }));
    expect((await listTeam(project.id)).members.map((m) => [m.name, m.role])).toEqual([
      ["Max Member", "OWNER"],
      ["Cora", "COLLABORATOR"],
    ]);
    const actions = (await prisma.auditEvent.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } })).map((e) => [e.action, (e.details as { to?: string }).to ?? null]);
    expect(actions).toEqual([
      ["team.role-changed", "COLLABORATOR"],
      ["team.role-changed", "OWNER"],
      ["team.left", null],
    ]);
  });

  it("holds when two owners demote each other at the same moment", async () => {
    const { owner, project } = await teamOf();
    const other = await createUser(prisma);
    await prisma.membership.create({ data: { projectId: project.id, userId: other.id, role: "OWNER" } });
    const results = await Promise.allSettled([
      prisma.$transaction((tx) => changeMemberRole(tx, { projectId: project.id, userId: owner.id, role: "VIEWER", actorId: other.id })),
      prisma.$transaction((tx) => changeMemberRole(tx, { projectId: project.id, userId: other.id, role: "VIEWER", actorId: owner.id })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await prisma.membership.count({ where: { projectId: project.id, role: "OWNER" } })).toBe(1);
  });
});

describe("deleting a project", () => {
  it("needs the exact name, cancels the project's queued emails so none is sent, removes its rows and keeps an instance event", async () => {
    const { owner, project } = await teamOf();
    const { backer } = await createBacker(prisma, project.id, { email: "backer-of-deleted@example.com" });
    await queueEmail(prisma, {
      to: backer.email,
      kind: "sign-in",
      projectId: project.id,
      props: { url: "http://localhost:3000/x", email: backer.email },
      idempotencyKey: `test:${project.id}:1`,
    });
    await prisma.$transaction((tx) => inviteTeamMember(tx, { projectId: project.id, email: "pending@example.com", role: "VIEWER", inviter: owner }));
    const otherProject = await createProject(prisma, { ownerId: owner.id });
    await queueEmail(prisma, {
      to: "someone-else@example.com",
      kind: "sign-in",
      projectId: otherProject.id,
      props: { url: "http://localhost:3000/y", email: "someone-else@example.com" },
      idempotencyKey: `test:${otherProject.id}:1`,
    });

    const wrongName = await refusal(prisma.$transaction((tx) => deleteProject(tx, { projectId: project.id, confirmName: "Ironvale", actorId: owner.id })));
    expect(wrongName.fieldErrors).toEqual({ confirmName: ["This is not the project's name."] });
    expect(await prisma.project.count({ where: { id: project.id } })).toBe(1);

    const result = await prisma.$transaction((tx) => deleteProject(tx, { projectId: project.id, confirmName: " Ironvale: The Board Game ", actorId: owner.id }));
    expect(result).toEqual({ projectName: "Ironvale: The Board Game", backers: 1, cancelledEmails: 2 });
    await prisma.$executeRaw`UPDATE email_message SET next_attempt_at = now() WHERE status = 'QUEUED'`;
    await deliverQueuedEmails({ transport });
    expect(smtp.messages.flatMap((m) => m.envelope.to)).toEqual(["someone-else@example.com"]);
    expect(await prisma.backer.count({ where: { projectId: project.id } })).toBe(0);
    expect(await prisma.emailMessage.count({ where: { projectId: project.id } })).toBe(0);
    expect(await prisma.membership.count({ where: { projectId: project.id } })).toBe(0);
    const logged = await prisma.auditEvent.findFirstOrThrow({ where: { action: "project.deleted", projectId: null } });
    expect(logged).toMatchObject({ actorId: owner.id, targetCount: 1 });
    expect(logged.details).toEqual({ projectId: project.id, projectName: "Ironvale: The Board Game", backers: 1, cancelledEmails: 2 });
  });
});
