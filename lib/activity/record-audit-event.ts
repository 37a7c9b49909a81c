import "server-only";
import type { Tx } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { InputJsonValue } from "@/lib/db/generated/internal/prismaNamespace";
import type { AuditEventOf } from "./audit-event-kinds";

export type RecordAuditEventInput = AuditEventOf & {
  /** Null only for instance events (a deleted project). */
  projectId: string | null;
  /** Who did it; null for the system (a job, a webhook). */
  actorId: string | null;
  /** How many backers, emails or rows the action touched; 0 when it is not about a count. */
  targetCount?: number;
};

/**
 * Records one audit event in the transaction that makes the change, so the Activity page never
 * shows something that did not happen. The only writer of `audit_event`: `action` and `details`
 * are checked against the union in audit-event-kinds.ts at compile time.
 */
export async function recordAuditEvent(db: Tx | PrismaClient, input: RecordAuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      projectId: input.projectId,
      actorId: input.actorId,
      action: input.action,
      targetCount: input.targetCount ?? 0,
      details: input.details as InputJsonValue,
    },
  });
}
