import "server-only";
import { prisma } from "@/lib/db/client";

/** How often a worker refreshes its heartbeat; readiness calls a worker gone after a few of these. */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** Writes (or refreshes) this worker's heartbeat row; the readiness check reads the freshest one. */
export async function recordWorkerHeartbeat(workerId: string, kind = "mail"): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO worker_heartbeat (worker_id, kind) VALUES (${workerId}, ${kind})
    ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()`;
}

/** Removes this worker's heartbeat when it stops cleanly, so readiness does not count it as alive. */
export async function removeWorkerHeartbeat(workerId: string): Promise<void> {
  await prisma.$executeRaw`DELETE FROM worker_heartbeat WHERE worker_id = ${workerId}`;
}
