import "server-only";
import type { Tx } from "@/lib/db/client";

/**
 * Stops a project's announcements (incentive notices and the like) to one address; transactional
 * mail still goes out. Doing it twice is a no-op that keeps the first date. A project that no
 * longer exists unsubscribes nothing.
 */
export async function unsubscribeFromAnnouncements(tx: Tx, input: { projectId: string; email: string }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO announcement_unsubscribe (project_id, email)
    SELECT p.id, lower(btrim(${input.email})) FROM project p WHERE p.id = ${input.projectId}::uuid
    ON CONFLICT DO NOTHING`;
}
