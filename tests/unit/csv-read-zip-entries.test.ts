import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { isZipArchive, readZipEntries } from "@/lib/csv/read-zip-entries";

function patchDeclaredSizes(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let i = 0; i + 4 <= copy.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, size, true);
  }
  return copy;
}

describe("readZipEntries", () => {
  it("extracts the CSV entries of Kickstarter's per-reward ZIP and skips macOS metadata", () => {
    const bytes = new Uint8Array(readFileSync("tests/fixtures/kickstarter/backer-report.zip"));
    expect(isZipArchive(bytes)).toBe(true);
    const result = readZipEntries(bytes, "backer-report.zip");
    expect(result.ok && result.entries.map((entry) => entry.displayName).sort()).toEqual([
      "backer-report.zip › Backer Report - Collector's Edition.csv",
      "backer-report.zip › Backer Report - Early Bird.csv",
    ]);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it("skips non-CSV entries with a warning, and reads stored (uncompressed) entries", () => {
    const zip = zipSync({ "a.csv": [strToU8("x,y\n1,2\n"), { level: 0 }], "photo.png": new Uint8Array([1, 2, 3]) });
    const result = readZipEntries(zip, "mixed.zip");
    expect(result.ok && new TextDecoder().decode(result.entries[0].bytes)).toBe("x,y\n1,2\n");
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ message: "photo.png in mixed.zip is not a CSV file and was skipped.", severity: "warning" })]);
  });

  it("refuses an archive that unpacks beyond the total limit before inflating it", () => {
    const bomb = zipSync({ "big.csv": new Uint8Array(20_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const result = readZipEntries(bomb, "bomb.zip", { maxTotalBytes: 5 * 1024 * 1024 });
    expect(!result.ok && result.problem.message).toBe("bomb.zip unpacks to 19.1 MB; the limit is 5.0 MB.");
  });

  it("stops inflating an entry that produces more than it declares (a lying ZIP bomb)", () => {
    const lying = patchDeclaredSizes(zipSync({ "big.csv": new Uint8Array(20_000_000).fill(65) }, { level: 9 }), 1000);
    const result = readZipEntries(lying, "lying.zip");
    expect(!result.ok && result.problem.message).toContain("big.csv unpacks to more than the 1000 bytes it declares");
  });

  it("refuses an entry smaller than it declares as damaged", () => {
    const short = patchDeclaredSizes(zipSync({ "a.csv": strToU8("x,y\n1,2\n") }), 50);
    const result = readZipEntries(short, "short.zip");
    expect(!result.ok && result.problem.message).toBe("short.zip is not a readable ZIP archive (a.csv holds 8 bytes but declares 50 bytes).");
  });

  it("refuses archives with too many entries", () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.csv`, strToU8("a\n1\n")]));
    const result = readZipEntries(zipSync(files), "many.zip", { maxEntries: 20 });
    expect(!result.ok && result.problem.message).toBe("many.zip holds 30 files; at most 20 are accepted.");
  });

  it("says when a ZIP holds no CSV or is cut off", () => {
    const empty = readZipEntries(zipSync({ "readme.md": strToU8("hi") }), "docs.zip");
    expect(!empty.ok && empty.problem.message).toBe("docs.zip holds no CSV files.");
    const cut = readZipEntries(zipSync({ "a.csv": strToU8("a\n1\n") }).slice(0, 30), "cut.zip");
    expect(!cut.ok && cut.problem.message).toContain("cut.zip is not a readable ZIP archive");
  });
});
