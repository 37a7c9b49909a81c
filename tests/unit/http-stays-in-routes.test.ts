import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("HTTP stays in app/ and lib/http", () => {
  it("no domain folder of lib/ builds a Response: it returns data, bytes or a stream and the route answers", () => {
    const offenders = sourceFiles(join(ROOT, "lib"))
      .map((path) => relative(ROOT, path))
      .filter((path) => !path.startsWith("lib/http/"))
      .filter((path) => /\bnew Response\(|\bResponse\.(json|redirect)\(|\bNextResponse\b/.test(readFileSync(join(ROOT, path), "utf8")));
    expect(offenders).toEqual([]);
  });
});
