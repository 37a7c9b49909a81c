import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

export const DeleteProjectSchema = z.object({
  projectId: z.string(),
  confirmName: z.string(),
});

/**
 * Deletes a project and everything in it, once the owner has typed its name exactly. Emails of the
 * project still waiting in the outbox are cancelled first (marked SKIPPED, then removed with the
 * project), so nothing about a deleted project reaches a backer afterwards; the deletion is kept as
 * an instance event (no project) with the counts.
 */
export async function deleteProject(
  tx: Tx,
  input: { projectId: string; confirmName: string; actorId: string },
): Promise<{ projectName: string; backers: number; cancelledEmails: number }> {
  const locked = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM project WHERE id = ${input.projectId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new DomainError("NOT_FOUND", "This project does not exist, or you are not a member of it.");
  const projectName = locked[0].name;
  if (input.confirmName.trim() !== projectName.trim()) {
    throw new DomainError("INVALID_INPUT", `Type the project's name exactly, “${projectName}”, to delete it.`, {
      confirmName: ["This is not the project's name."],
    });
  }
  // A message the worker already claimed (SENDING) is in the SMTP conversation; it cannot be
  // recalled, and its row goes with the project. Everything still waiting is cancelled here.
  const cancelled = await tx.$executeRaw`
    UPDATE email_message SET status = 'SKIPPED', last_error = 'Cancelled: the project was deleted.', locked_until = NULL
    WHERE project_id = ${input.projectId}::uuid AND status = 'QUEUED'`;
  const backers = await tx.backer.count({ where: { projectId: input.projectId } });
  // These references are RESTRICT (a segment in use, an item given as an incentive cannot be
  // deleted on its own); within the project's own deletion, remove the referring rows first.
  await tx.$executeRaw`DELETE FROM segment_dependency d USING segment s WHERE d.segment_id = s.id AND s.project_id = ${input.projectId}::uuid`;
  await tx.$executeRaw`DELETE FROM incentive WHERE project_id = ${input.projectId}::uuid`;
  await tx.$executeRaw`DELETE FROM project WHERE id = ${input.projectId}::uuid`;
  await recordAuditEvent(tx, {
    projectId: null,
    actorId: input.actorId,
    action: "project.deleted",
    targetCount: backers,
    details: { projectId: input.projectId, projectName, backers, cancelledEmails: cancelled },
  });
  return { projectName, backers, cancelledEmails: cancelled };
}
