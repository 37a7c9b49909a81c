import { describe, expect, it } from "vitest";
import { prisma, type Tx } from "@/lib/db/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { setLocal } from "@/lib/db/set-local";

type Settings = { statement_timeout: string; work_mem: string; lock_timeout: string; max_parallel_workers_per_gather: string };

const read = async (db: Tx | typeof prisma): Promise<Settings> => {
  const [row] = await db.$queryRaw<Settings[]>`
    SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('work_mem') AS work_mem,
           current_setting('lock_timeout') AS lock_timeout,
           current_setting('max_parallel_workers_per_gather') AS max_parallel_workers_per_gather`;
  return row;
};

/** The settings every pooled connection reports, read on several at once so each is looked at. */
const pooled = async () => Promise.all(Array.from({ length: 4 }, () => prisma.$transaction((tx) => read(tx))));

describe("runInTransaction and setLocal", () => {
  it("applies the settings inside the transaction and leaves none behind on the pool", async () => {
    const before = await read(prisma);
    const inside = await runInTransaction((tx) => read(tx), {
      settings: { statement_timeout: 1234, lock_timeout: 567, work_mem: "48MB", max_parallel_workers_per_gather: 1 },
    });
    expect(inside).toEqual({ statement_timeout: "1234ms", lock_timeout: "567ms", work_mem: "48MB", max_parallel_workers_per_gather: "1" });
    for (const after of await pooled()) expect(after).toEqual(before);
  });

  it("enforces them: a statement past the local timeout is cancelled, and the next transaction runs without it", async () => {
    const slow = runInTransaction((tx) => tx.$executeRaw`SELECT pg_sleep(1)`, { settings: { statement_timeout: 50 } });
    await expect(slow).rejects.toThrow(/statement timeout/);
    await expect(runInTransaction((tx) => tx.$executeRaw`SELECT pg_sleep(0.1)`)).resolves.toBeDefined();
  });

  it("sets the isolation level and read-only mode first", async () => {
    const seen = await runInTransaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ isolation: string; readOnly: string }[]>`
          SELECT current_setting('transaction_isolation') AS isolation, current_setting('transaction_read_only') AS "readOnly"`;
        return row;
      },
      { isolation: "repeatable read", readOnly: true },
    );
    expect(seen).toEqual({ isolation: "repeatable read", readOnly: "on" });
    const plain = await runInTransaction(async (tx) => (await tx.$queryRaw<{ i: string }[]>`SELECT current_setting('transaction_isolation') AS i`)[0].i);
    expect(plain).toBe("read committed");
  });

  it("nested in a caller's transaction, puts the settings back when its savepoint ends", async () => {
    const seen = await runInTransaction(
      async (outer) => {
        const inner = await runInTransaction((tx) => read(tx), { db: outer, settings: { work_mem: "96MB", statement_timeout: 800 } });
        return { inner, after: await read(outer) };
      },
      { settings: { work_mem: "32MB" } },
    );
    expect(seen.inner).toMatchObject({ work_mem: "96MB", statement_timeout: "800ms" });
    expect(seen.after).toMatchObject({ work_mem: "32MB", statement_timeout: "0" });
  });

  it("setLocal answers the values it replaced and changes nothing outside the transaction", async () => {
    const before = await read(prisma);
    const previous = await prisma.$transaction((tx) => setLocal(tx, { work_mem: "20MB", lock_timeout: 1000 }));
    expect(previous).toEqual({ work_mem: before.work_mem, lock_timeout: before.lock_timeout });
    for (const after of await pooled()) expect(after).toEqual(before);
  });
});
