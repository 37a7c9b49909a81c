import { describe, expect, it } from "vitest";
import { createStatementSequence } from "@/lib/db/create-statement-sequence";

/** A fake statement that finishes when told to, recording when it was sent. */
function statement(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    send: () => {
      log.push(`send ${name}`);
      return done;
    },
    finish: () => finish(name),
    fail: (message: string) => fail(new Error(message)),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createStatementSequence", () => {
  it("sends each statement only when the one before it has finished, in the order handed over", async () => {
    const sequence = createStatementSequence();
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => statement(log, name));
    const results = [sequence(a.send), sequence(b.send), sequence(c.send)];
    await flush();
    expect(log).toEqual(["send a"]);
    a.finish();
    await flush();
    expect(log).toEqual(["send a", "send b"]);
    b.finish();
    await flush();
    c.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["send a", "send b", "send c"]);
  });

  it("sends nothing after a failure, and later statements name the first failure", async () => {
    const sequence = createStatementSequence();
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => statement(log, name));
    const first = sequence(a.send);
    const second = sequence(b.send);
    first.catch(() => {});
    second.catch(() => {});
    await flush();
    a.fail("duplicate key value violates unique constraint");
    await expect(first).rejects.toThrow("duplicate key value violates unique constraint");
    await expect(second).rejects.toThrow(
      "Not sent: an earlier statement of this transaction failed (duplicate key value violates unique constraint).",
    );
    await expect(sequence(c.send)).rejects.toThrow(/Not sent/);
    expect(log).toEqual(["send a"]);
  });
});
