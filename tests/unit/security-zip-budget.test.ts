import { deflateRawSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { streamBackerImportFiles, type UploadedFile } from "@/lib/backers/import/read-backer-import-files";
import { createInflateBudget } from "@/lib/csv/inflate-budget";
import { readZipEntries } from "@/lib/csv/read-zip-entries";
import { kickstarterCsv } from "../support/hostile-files";

const MB = 1024 * 1024;

/** A Kickstarter per-reward ZIP whose one CSV is `rows` backers (about 130 bytes each). */
function rewardZip(reward: string, rows: number, offset: number): Uint8Array {
  const csv = kickstarterCsv(Array.from({ length: rows }, (_, i) => ({ email: `backer${offset + i}@example.com` })));
  return zipSync({ [`Backer Report - ${reward}.csv`]: strToU8(csv) });
}

/**
 * An archive whose table of contents lists `names`, each an honest `size` bytes of zeros, all
 * pointing at one deflated stream (how bombs stay small; the reader does not check CRCs).
 */
function overlappingZip(names: string[], size: number): Uint8Array {
  const data = deflateRawSync(new Uint8Array(size), { level: 9 });
  const local = Buffer.alloc(30 + 1);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(1, 26);
  local.write("x", 30);
  const central = names.map((name) => {
    const record = Buffer.alloc(46 + Buffer.byteLength(name));
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(8, 10);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(Buffer.byteLength(name), 28);
    record.writeUInt32LE(0, 42);
    record.write(name, 46);
    return record;
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(local.length + data.length, 16);
  return new Uint8Array(Buffer.concat([local, data, directory, end]));
}

/** Largest pause of the event loop while `work` runs, measured by a 5 ms timer. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe("ZIP uploads share one inflate budget", () => {
  it("counts every archive of an upload against one total, not each archive against its own", async () => {
    const files: UploadedFile[] = ["Early Bird", "Deluxe", "Collector"].map((reward, i) => ({
      name: `${reward}.zip`,
      bytes: rewardZip(reward, 3000, i * 10_000),
    }));
    const source = await streamBackerImportFiles(files, { currency: "USD", maxZipBytes: 1 * MB }, () => undefined);
    expect(source.problems.map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/^Collector\.zip unpacks to [\d.]+ KB, and the files before it in this upload to [\d.]+ KB; the limit for one upload is 1\.0 MB\.$/),
    );
  });

  it("refuses an entry over the per-file limit from its declared size, without inflating it", () => {
    const budget = createInflateBudget(300 * MB);
    const zip = zipSync({ "Backer Report - Tier.csv": new Uint8Array(3 * MB).fill(0x61) });
    const result = readZipEntries(zip, "backer-report.zip", { budget, maxEntryBytes: 1 * MB });
    expect(!result.ok && result.problem.message).toBe("Backer Report - Tier.csv in backer-report.zip unpacks to 3.0 MB; the limit is 1.0 MB per file.");
    expect(budget.remaining).toBe(300 * MB);
  });

  it("keeps serving while twenty archives of 3 × 99 MB arrive in one upload (the 75-second freeze)", async () => {
    const zip = overlappingZip(["Backer Report - A.csv", "Backer Report - B.csv", "Backer Report - C.csv"], 99 * MB);
    expect(zip.length).toBeLessThan(300 * 1024);
    const files = Array.from({ length: 20 }, (_, i) => ({ name: `report-${i}.zip`, bytes: zip }));
    const started = performance.now();
    const { result, stallMs } = await longestStall(() => streamBackerImportFiles(files, { currency: "USD" }, () => undefined));
    const elapsedMs = performance.now() - started;
    // One budget of 300 MB for the upload: the first archive's 297 MB, then refusals from the declared sizes.
    expect(result.problems.filter((problem) => /the limit for one upload is 300\.0 MB/.test(problem.message))).toHaveLength(19);
    expect(stallMs).toBeLessThan(250);
    expect(elapsedMs).toBeLessThan(20_000);
  }, 60_000);
});
