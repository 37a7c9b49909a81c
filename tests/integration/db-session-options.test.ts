import pg from "pg";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { postgresSessionOptions } from "@/lib/db/postgres-session-options";
import { withSegmentQuerySettings } from "@/lib/segments/with-segment-query-settings";

const setting = async (client: pg.Client) =>
  (await client.query<{ value: string }>("SELECT current_setting('max_parallel_workers_per_gather') AS value")).rows[0].value;

describe("the app's Postgres sessions", () => {
  it("plan serially by default, on every pooled connection, whatever the server's own default", async () => {
    // A bare connection without the app's options has the server's default (Postgres's own is 2).
    const bare = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await bare.connect();
    let serverDefault: string;
    try {
      serverDefault = await setting(bare);
    } finally {
      await bare.end();
    }
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        prisma.$transaction(async (tx) => {
          const [row] = await tx.$queryRaw<{ value: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS value`;
          return row.value;
        }),
      ),
    );
    expect(seen).toEqual(["0", "0", "0", "0"]);
    if (serverDefault === "0") return; // a server configured so already shows nothing more

    // And the planner follows it: a count over a large table is not split across workers.
    const [plan] = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      "EXPLAIN (FORMAT TEXT) SELECT count(*) FROM generate_series(1, 2000000) g",
    );
    expect(plan["QUERY PLAN"]).not.toMatch(/Gather/);
  });

  it("take the number of workers a setting asks for, and refuse a nonsense one", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL, options: postgresSessionOptions({ parallelWorkersPerQuery: 3 }) });
    await client.connect();
    try {
      expect(await setting(client)).toBe("3");
    } finally {
      await client.end();
    }
    expect(() => postgresSessionOptions({ parallelWorkersPerQuery: -1 })).toThrow(/whole number/);
    expect(() => postgresSessionOptions({ parallelWorkersPerQuery: 1.5 })).toThrow(/whole number/);
  });

  it("let a segment query (one heavy join per keystroke) use Postgres's two workers, and only inside its transaction", async () => {
    const read = async (db: Parameters<typeof withSegmentQuerySettings>[0]) => {
      const [row] = await db.$queryRaw<{ value: string }[]>`SELECT current_setting('max_parallel_workers_per_gather') AS value`;
      return row.value;
    };
    expect(await withSegmentQuerySettings(prisma, read)).toBe("2");
    expect(await read(prisma)).toBe("0");
  });
});
