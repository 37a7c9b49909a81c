import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import { SenderIdentitySchema, updateSenderIdentity } from "@/lib/mail/update-sender-identity";

const save = (projectId: string, actorId: string, form: { senderName: string; replyTo: string }) => {
  const parsed = SenderIdentitySchema.parse(form);
  return prisma.$transaction((tx) => updateSenderIdentity(tx, { projectId, actorId, ...parsed }));
};

const senderEvents = (projectId: string) =>
  prisma.auditEvent.findMany({
    where: { projectId, action: "mail.sender" },
    select: { actorId: true, action: true, targetCount: true, details: true },
  });

describe("the project's sender of backer email", () => {
  it("is saved and each change is recorded in Activity with what it was; saving the same again records nothing", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { ownerId: owner.id });

    await save(project.id, owner.id, { senderName: " Ironvale via Pledgehouse ", replyTo: "Support@Ironvale.example" });
    expect(
      await prisma.project.findUniqueOrThrow({
        where: { id: project.id },
        select: { mailSenderName: true, mailReplyTo: true },
      }),
    ).toEqual({ mailSenderName: "Ironvale via Pledgehouse", mailReplyTo: "support@ironvale.example" });
    await save(project.id, owner.id, { senderName: "Ironvale via Pledgehouse", replyTo: "support@ironvale.example" });
    await save(project.id, owner.id, { senderName: "Ironvale via Pledgehouse", replyTo: "" });

    // Two events (in either order: their times may be equal to the millisecond).
    const events = await senderEvents(project.id);
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        {
          actorId: owner.id,
          action: "mail.sender",
          targetCount: 0,
          details: {
            changes: [
              { field: "mailSenderName", from: null, to: "Ironvale via Pledgehouse" },
              { field: "mailReplyTo", from: null, to: "support@ironvale.example" },
            ],
          },
        },
        {
          actorId: owner.id,
          action: "mail.sender",
          targetCount: 0,
          details: { changes: [{ field: "mailReplyTo", from: "support@ironvale.example", to: null }] },
        },
      ]),
    );
    const cleared = events.find((event) => (event.details as { changes: unknown[] }).changes.length === 1)!;
    const said = describeAuditEvent(
      { action: "mail.sender", targetCount: 0, details: cleared.details as Record<string, unknown> },
      `/projects/${project.id}`,
    );
    expect(said.sentence).toBe("changed the sender of backer email (Reply-To)");
    expect(said.facts).toEqual([{ label: "Reply-To", value: "support@ironvale.example → not set" }]);
    expect(said.link).toEqual({ href: `/projects/${project.id}/mail`, label: "Mail" });
  });

  it("refuses a name that could pose as an address, saving nothing", () => {
    expect(SenderIdentitySchema.safeParse({ senderName: 'Ironvale" <ceo@bank.example>', replyTo: "" }).success).toBe(
      false,
    );
  });
});
