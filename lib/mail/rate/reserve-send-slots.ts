import "server-only";
import { prisma } from "@/lib/db/client";

/** The schedule every worker of this instance shares (one sending account). */
const SCHEDULE = "smtp";

/**
 * Reserves `count` consecutive send slots at `ratePerSecond` on the schedule all worker processes
 * share, and returns when each may start, as milliseconds from now (0 for "now"). One statement:
 * the row lock orders concurrent workers, so together they never exceed the rate. The database's
 * clock is the only clock, so workers on machines whose clocks disagree still share one schedule.
 */
export async function reserveSendSlots(count: number, ratePerSecond: number): Promise<number[]> {
  if (count <= 0) return [];
  const slotMs = 1000 / ratePerSecond;
  const [row] = await prisma.$queryRaw<{ first_ms: number }[]>`
    INSERT INTO mail_send_rate AS r (name, next_slot_at)
    VALUES (${SCHEDULE}, clock_timestamp() + ${count * slotMs} * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE
      SET next_slot_at = greatest(r.next_slot_at, clock_timestamp()) + ${count * slotMs} * interval '1 millisecond'
    RETURNING (extract(epoch FROM r.next_slot_at - clock_timestamp()) * 1000 - ${count * slotMs})::float8 AS first_ms`;
  const first = Math.max(0, row.first_ms);
  return Array.from({ length: count }, (_, index) => Math.max(0, first + index * slotMs));
}

/**
 * A provider said "too fast": no worker starts another send for `pauseMs`. Not additive, so a burst
 * of throttling replies pauses once, not once per reply.
 */
export async function pauseSending(pauseMs: number): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO mail_send_rate AS r (name, next_slot_at)
    VALUES (${SCHEDULE}, clock_timestamp() + ${pauseMs} * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE
      SET next_slot_at = greatest(r.next_slot_at, clock_timestamp() + ${pauseMs} * interval '1 millisecond')`;
}
