import "server-only";
import type { Tx } from "./client";

/**
 * Postgres settings a transaction may change for itself. Timeouts in milliseconds; sizes as
 * Postgres writes them ("64MB"). Only these names, so a typo is a type error, not a silent no-op.
 */
export type LocalSettings = {
  statement_timeout?: number;
  lock_timeout?: number;
  idle_in_transaction_session_timeout?: number;
  work_mem?: string;
  max_parallel_workers_per_gather?: number;
};

/** The values the settings had before `setLocal` changed them, to put back (as text, as Postgres keeps them). */
export type PreviousSettings = Partial<Record<keyof LocalSettings, string>>;

/**
 * Changes Postgres settings for the rest of the transaction `tx` (what `SET LOCAL` does, with bound
 * values): commit or rollback ends them, so a pooled connection never carries them to the next
 * request. In a savepoint they outlive its release; runInTransaction puts them back there.
 * Answers the values they replaced.
 */
export async function setLocal(tx: Tx, settings: LocalSettings | PreviousSettings): Promise<PreviousSettings> {
  const entries = Object.entries(settings).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return {};
  const names = entries.map(([name]) => name);
  const values = entries.map(([, value]) => String(value));
  // current_setting is read before set_config in each row, so `previous` is the value replaced.
  const rows = await tx.$queryRaw<{ name: keyof LocalSettings; previous: string }[]>`
    SELECT s.name, current_setting(s.name) AS previous, set_config(s.name, s.value, true) AS applied
      FROM unnest(${names}::text[], ${values}::text[]) AS s(name, value)`;
  return Object.fromEntries(rows.map((row) => [row.name, row.previous]));
}
