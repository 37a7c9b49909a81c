import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

/**
 * Files that still open a transaction themselves, each for a reason: the job worker's own claim
 * (lib/jobs, changed on another branch), and the demo writer, which seed scripts run with a client
 * of their own and without the app's environment.
 */
const OWN_TRANSACTION = new Set(["lib/jobs/start-job-worker.ts", "lib/demo/insert-campaign.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("one transaction convention", () => {
  it("opens transactions and changes Postgres settings only through lib/db (runInTransaction, setLocal)", () => {
    const offenders = [...sourceFiles(join(ROOT, "app")), ...sourceFiles(join(ROOT, "lib"))]
      .map((path) => relative(ROOT, path))
      .filter((path) => !path.startsWith("lib/db/") && !OWN_TRANSACTION.has(path))
      .flatMap((path) => {
        const source = readFileSync(join(ROOT, path), "utf8");
        return [/\$transaction\(/, /\bSET\s+LOCAL\b/i, /\bset_config\(/i, /\bSET\s+TRANSACTION\b/i]
          .filter((pattern) => pattern.test(source))
          .map((pattern) => `${path}: ${pattern.source}`);
      });
    expect(offenders).toEqual([]);
  });

  it("digital-reward use-cases take the transaction they run in; only the send job opens one", () => {
    const dir = join(ROOT, "lib", "digital-rewards");
    const files = readdirSync(dir).filter((name) => name.endsWith(".ts"));
    const opening = files
      .filter((name) => !/^run-.*-job\.ts$/.test(name))
      .filter((name) => /\brunInTransaction\b|\$transaction\b/.test(readFileSync(join(dir, name), "utf8")));
    expect(opening).toEqual([]);
    const useCases = ["add-codes-to-bank.ts", "create-digital-reward.ts", "send-digital-reward.ts", "resend-digital-reward.ts", "update-digital-reward.ts"];
    const withoutTx = useCases.filter((name) => !/export async function \w+\(\s*tx: Tx,/.test(readFileSync(join(dir, name), "utf8")));
    expect(withoutTx).toEqual([]);
  });
});
