import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { forgetPrismaDebugHistory } from "@/lib/db/forget-prisma-debug-history";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

function liveHeapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1048576;
}

/** A text parameter of about `mb` megabytes, different each time so that no copy is shared. */
const bigText = (mb: number, seed: number) => `${seed}:`.padEnd(mb * 1048576, "x");

describe("forgetPrismaDebugHistory", () => {
  it("lets go of the parameters of the statements Prisma ran last, which its debug histories hold whatever DEBUG says", async () => {
    await prisma.$queryRaw`SELECT 1`;
    const before = liveHeapMb();
    for (let round = 0; round < 20; round++) {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`SELECT length(${bigText(1, round)}::text)::int AS n`;
      expect(row.n).toBe(1048576);
    }
    const held = liveHeapMb();
    forgetPrismaDebugHistory();
    const after = liveHeapMb();
    // Twenty statements of a mebibyte each: Prisma kept copies of each (the client's and the adapter's history), and keeps none now.
    expect(held - before).toBeGreaterThan(20);
    expect(after - before).toBeLessThan(4);
  });
});
