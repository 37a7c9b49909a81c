import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { cpuPerRequest, sampleCpu } from "@/tests/load/measure-process-cpu";

describe.runIf(process.platform === "linux")("the load test's CPU split", () => {
  it("charges a busy child process's CPU time to it, and divides by the requests", async () => {
    // Waits for "go", spins for 300 ms of its own CPU time (not wall time: the machine may be
    // busy), says "done" and waits to be killed, so /proc still has it when sampled.
    const child = spawn(process.execPath, [
      "-e",
      `process.stdin.once("data", () => {
         const used = () => { const u = process.cpuUsage(); return u.user + u.system; };
         const start = used();
         while (used() - start < 300_000);
         process.stdout.write("done");
       });
       setInterval(() => {}, 1000);`,
    ]);
    try {
      child.stdout.setEncoding("utf8");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = sampleCpu({ web: child.pid }, null);
      child.stdin.write("go");
      await once(child.stdout, "data");
      const after = sampleCpu({ web: child.pid }, null);
      const spent = after.web - before.web;
      // The spin, give or take a clock tick and the system time of the pipe.
      expect(spent).toBeGreaterThanOrEqual(280);
      expect(spent).toBeLessThan(600);
      expect(after.postgres).toBeNull();
      expect(cpuPerRequest(before, after, 10).web).toBeCloseTo(spent / 10, 0);
    } finally {
      child.kill();
      await once(child, "exit");
    }
    // A busy machine may take seconds of wall time to give it 300 ms of CPU.
  }, 60_000);
});
