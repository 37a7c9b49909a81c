import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

const settled = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("transaction locks", () => {
  it("makes a second transaction on the same scope and id wait until the first ends, and leaves other ids and scopes free", async () => {
    const projectId = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const first = prisma.$transaction(async (tx) => {
      await lockForTransaction(tx, "tracking", projectId);
      locked();
      await held;
    });
    await lockTaken;

    const same = prisma.$transaction((tx) => lockForTransaction(tx, "tracking", projectId));
    const otherProject = prisma.$transaction((tx) => lockForTransaction(tx, "tracking", randomUUID()));
    const otherScope = prisma.$transaction((tx) => lockForTransaction(tx, "incentives", projectId));

    expect(await settled(otherProject, 5_000)).toBe(true);
    expect(await settled(otherScope, 5_000)).toBe(true);
    expect(await settled(same, 500)).toBe(false);

    release();
    await first;
    expect(await settled(same, 5_000)).toBe(true);
  });
});
