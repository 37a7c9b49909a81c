import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Undoes unsubscribeFromAnnouncements for one address and project, from the unsubscribe page the
 * backer's own link leads to: announcements queued from now on are sent again. Messages skipped
 * meanwhile stay unsent. Doing it when not unsubscribed is a no-op.
 */
export async function resubscribeToAnnouncements(tx: Tx, input: { projectId: string; email: string }): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM announcement_unsubscribe
    WHERE project_id = ${input.projectId}::uuid AND email = lower(btrim(${input.email}))`;
}
