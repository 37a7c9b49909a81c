import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Starts the production web process (`npm start`'s bundle) and resolves once it answers; its output goes to `logFile`. */
export async function startWebServer(port: number, env: NodeJS.ProcessEnv, logFile: string, cpuProfileDir?: string): Promise<ChildProcess> {
  const out = createWriteStream(logFile);
  // --cpu-prof is refused in NODE_OPTIONS, so it goes on the command line; Node writes the profile when the process exits.
  const profile = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`, "--cpu-prof-name=web.cpuprofile"] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, ".next/standalone/web.mjs")], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
      if (response.ok) return child;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill();
  throw new Error(`next start did not answer within 60 s; see ${logFile}`);
}
