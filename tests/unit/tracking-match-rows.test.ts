import { describeTrackingMode } from "@/lib/tracking/describe-tracking-mode";
import { describeOtherPackages } from "@/lib/tracking/describe-other-packages";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildTrackingProblemRowsCsv } from "@/lib/tracking/build-tracking-problem-rows-csv";
import {
  createTrackingMatcher,
  matchTrackingRows,
  TrackingBackerIndex,
  type PlannedBackerChange,
  type TrackingBacker,
  type TrackingPlan,
} from "@/lib/tracking/match-tracking-rows";
import { normalizeTrackingNumber } from "@/lib/tracking/normalize-tracking-number";
import { readTrackingFile, type TrackingFileRow } from "@/lib/tracking/read-tracking-file";
import { resolveCarrierAndUrl } from "@/lib/tracking/resolve-carrier-and-url";
import type { CsvRow } from "@/lib/csv/parse-csv";

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/tracking/${name}`));

function backer(number: number, email: string, overrides: Partial<TrackingBacker> = {}): TrackingBacker {
  return {
    backerNumber: number,
    email,
    name: `Backer ${number}`,
    pledgeId: `pledge-${number}`,
    pledgeStatus: "COLLECTED",
    inSelection: true,
    shipments: [],
    ...overrides,
  };
}

/** The project of the fixtures: backers 1–6 selected, 7 not selected. */
function projectBackers(overrides: Record<number, Partial<TrackingBacker>> = {}): TrackingBacker[] {
  return [
    backer(1, "ada@example.com", overrides[1]),
    backer(2, "grace@example.com", overrides[2]),
    backer(3, "linus@example.com", overrides[3]),
    backer(4, "zoe@example.com", overrides[4]),
    backer(5, "marie@example.com", overrides[5]),
    backer(6, "alan@example.com", overrides[6]),
    backer(7, "outside@example.com", { inSelection: false, ...overrides[7] }),
  ];
}

const choices = { skipExisting: false, separatePackages: false };

function readRows(name: string): TrackingFileRow[] {
  const file = readTrackingFile(fixture(name), name);
  if (!file.ok) throw new Error(JSON.stringify(file.problems));
  return file.rows;
}

function plan(name: string, backers = projectBackers(), options = choices): TrackingPlan {
  return matchTrackingRows(readRows(name), backers, { fileName: name, ...options });
}

const row = (r: number, backerNumber: string, email: string, trackingNumber: string, carrier = "", trackingUrl = ""): TrackingFileRow => ({
  row: r,
  backerNumber,
  email,
  trackingNumber,
  carrier,
  trackingUrl,
});

function problemAt(result: TrackingPlan, rowNumber: number) {
  return result.problems.filter((problem) => problem.row === rowNumber);
}

describe("readTrackingFile", () => {
  it("reads the template as saved back unchanged (BOM, CRLF, quoted name)", () => {
    const file = readTrackingFile(fixture("filled-template.csv"), "filled-template.csv");
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.problems).toEqual([]);
    expect(file.rows).toHaveLength(6);
    expect(file.rows[0]).toEqual(row(2, "1", "ada@example.com", "1Z999AA10123456784"));
    expect(file.rows[5]).toMatchObject({ row: 7, carrier: "Royal Mail", trackingUrl: "https://example.com/track/EE123456785GB" });
  });

  it("reads Excel's semicolon CSV in Windows-1252, keeping the destroyed cells as typed and dropping empty rows", () => {
    const file = readTrackingFile(fixture("excel-semicolon-1252.csv"), "excel.csv");
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.rows.map((r) => r.trackingNumber)).toEqual(["1Z999AA10123456784", "9,40011E+21", "9400111202555840000000", "RA123456785CA"]);
    expect(file.problems.map((p) => p.severity)).toEqual(["warning"]);
    expect(file.problems[0].message).toMatch(/Windows-1252/);
  });

  it("reads Excel's Unicode text (UTF-16, tabs)", () => {
    const file = readTrackingFile(fixture("excel-unicode-text.txt"), "backers.txt");
    expect(file.ok && file.rows.map((r) => [r.backerNumber, r.trackingNumber])).toEqual([
      ["1", "1Z999AA10123456784"],
      ["4", "RA123456785CA"],
    ]);
  });

  it("reads Numbers' export with reordered and extra columns", () => {
    const file = readTrackingFile(fixture("numbers-reordered.csv"), "numbers.csv");
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.rows[1]).toEqual(row(3, "2", "grace@example.com", "9400 1112 0255 5842 3326 69"));
    expect(file.rows[2]).toMatchObject({ backerNumber: "4", email: "", carrier: "Canada Post" });
  });

  it("says which column is missing", () => {
    const noTracking = readTrackingFile(new TextEncoder().encode("Backer Number,Email\n1,a@example.com\n"), "x.csv");
    expect(noTracking.ok).toBe(false);
    expect(noTracking.problems.at(-1)?.message).toMatch(/no "Tracking Number" column \(its columns are "Backer Number", "Email"\)/);
    const noKeys = readTrackingFile(new TextEncoder().encode("Name,Tracking Number\nAda,1Z999AA10123456784\n"), "y.csv");
    expect(noKeys.ok).toBe(false);
    expect(noKeys.problems.at(-1)?.message).toMatch(/neither a "Backer Number" nor an "Email" column/);
  });

  it("refuses a damaged workbook with the reason", () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    const file = readTrackingFile(xlsx, "tracking.xlsx");
    expect(file.ok).toBe(false);
    expect(file.problems[0].message).toBe("tracking.xlsx is not a readable Excel workbook: it is damaged (it is cut off).");
  });
});

describe("matchTrackingRows", () => {
  it("plans a clean file: new numbers, carriers detected or named, links built, blank cells skipped", () => {
    const result = plan("filled-template.csv");
    expect(result.problems).toEqual([]);
    expect(result.summary).toMatchObject({ rows: 6, blankRows: 1, newBackers: 5, replacedBackers: 0, unchangedBackers: 0, packages: 5, errorRows: 0 });
    const byNumber = new Map(result.changes.map((change) => [change.backerNumber, change]));
    expect(byNumber.has(5)).toBe(false);
    expect(byNumber.get(1)!.add[0]).toMatchObject({ trackingNumber: "1Z999AA10123456784", carrier: "UPS" });
    expect(byNumber.get(1)!.add[0].trackingUrl).toContain("1Z999AA10123456784");
    expect(byNumber.get(2)!.add[0]).toMatchObject({ carrier: "USPS" });
    expect(byNumber.get(3)!.add[0]).toMatchObject({ carrier: "FedEx" });
    expect(byNumber.get(4)!.add[0]).toMatchObject({ carrier: "Canada Post" });
    expect(byNumber.get(6)!.add[0]).toMatchObject({ carrier: "Royal Mail", trackingUrl: "https://example.com/track/EE123456785GB" });
  });

  it("gives each package the link resolveCarrierAndUrl gives its cells, however the link is made", () => {
    const rows = [
      row(2, "1", "", "1Z999AA10123456784"),
      row(3, "2", "", "1z999aa1 0123456784", "ups"),
      row(4, "3", "", "RA123456785CA"),
      row(5, "4", "", "986578788855", "FedEx"),
      row(6, "5", "", "ABCDE12345", "DHL"),
      row(7, "6", "", "EE123456785GB", "", "https://example.com/track/EE123456785GB"),
      row(8, "7", "", "JJD0002249921", "Hermes"),
    ];
    const backers = projectBackers({ 7: { inSelection: true } });
    const result = matchTrackingRows(rows, backers, { fileName: "t.csv", ...choices });
    expect(result.changes).toHaveLength(rows.length);
    for (const change of result.changes) {
      const input = rows.find((candidate) => candidate.backerNumber === String(change.backerNumber))!;
      const normalized = normalizeTrackingNumber(input.trackingNumber);
      if (!normalized.ok) throw new Error(input.trackingNumber);
      const resolved = resolveCarrierAndUrl(normalized.value, input.carrier, input.trackingUrl);
      expect(change.add).toEqual([{ row: input.row, trackingNumber: normalized.value, carrier: resolved.carrier, trackingUrl: resolved.trackingUrl }]);
    }
    expect(result.changes.filter((change) => change.add[0].trackingUrl !== null).length).toBeGreaterThanOrEqual(5);
  });

  it("normalises a number already in stored form exactly as any other spelling of it", () => {
    // Stored form takes a shortcut; its result must be the long way's.
    const cases: [string, string][] = [
      ["1Z999AA10123456784", " 1z 999 aa1 01 2345 678 4 "],
      ["9400111202555842332669", "9400-1112-0255-5842-3326-69"],
      ["ABCDE", "abcde"],
      ["1234567890123450000", "'1234567890123450000"],
    ];
    for (const [stored, typed] of cases) expect(normalizeTrackingNumber(stored)).toEqual(normalizeTrackingNumber(typed));
    expect(normalizeTrackingNumber("1234567890123450000")).toMatchObject({ ok: true, zerosAfterFifteen: 4 });
    expect(normalizeTrackingNumber("1234567890123450")).toMatchObject({ ok: true, zerosAfterFifteen: 1 });
    expect(normalizeTrackingNumber("1234567890123451")).toMatchObject({ ok: true, zerosAfterFifteen: 0 });
    // A lone E between digits is scientific notation, in stored form or not.
    expect(normalizeTrackingNumber("94001E21")).toMatchObject({ ok: false, problem: { kind: "scientific-notation" } });
    expect(normalizeTrackingNumber("ABCE1")).toMatchObject({ ok: true, value: "ABCE1" });
    expect(normalizeTrackingNumber("ABCD")).toMatchObject({ ok: false, problem: { kind: "too-short" } });
    expect(normalizeTrackingNumber("A".repeat(41))).toMatchObject({ ok: false, problem: { kind: "too-long" } });
  });

  it("reads Numbers' spaced numbers and named carriers", () => {
    const result = plan("numbers-reordered.csv");
    expect(result.problems).toEqual([]);
    expect(result.changes.map((c) => [c.backerNumber, c.add[0].trackingNumber, c.add[0].carrier])).toEqual([
      [1, "1Z999AA10123456784", "UPS"],
      [2, "9400111202555842332669", "USPS"],
      [4, "RA123456785CA", "Canada Post"],
    ]);
  });

  it("explains numbers Excel destroyed (scientific notation, 15 significant digits)", () => {
    const result = plan("excel-semicolon-1252.csv");
    expect(result.summary).toMatchObject({ errorRows: 2, newBackers: 2 });
    const [scientific] = problemAt(result, 3);
    expect(scientific).toMatchObject({ severity: "error", column: "Tracking Number", value: "9,40011E+21" });
    expect(scientific.message).toMatch(/scientific notation/);
    expect(scientific.fix).toMatch(/format the Tracking Number column as Text/i);
    const [cut] = problemAt(result, 4);
    expect(cut).toMatchObject({ severity: "error", value: "9400111202555840000000" });
    expect(cut.message).toMatch(/7 zeros after its 15th digit/);
    expect(cut.fix).toMatch(/original numbers/);
  });

  it("lists every problem a shared Google Sheet collects, with row, value and fix", () => {
    const result = plan("google-sheets-problems.csv");
    const at = (r: number) => problemAt(result, r);

    expect(at(2)).toMatchObject([{ severity: "warning", value: "1Z999AA10123456785" }]);
    expect(at(2)[0].message).toMatch(/format of a UPS number .* check digit does not match/);

    expect(at(3)).toMatchObject([{ severity: "error", column: "Email", value: "ada@example.com" }]);
    expect(at(3)[0].message).toBe(
      "Backer Number 2 and Email ada@example.com point at different backers: #2 is grace@example.com, and ada@example.com is backer #1 (ada@example.com).",
    );

    expect(at(4)).toMatchObject([{ severity: "error", column: "Backer Number", value: "99" }]);
    expect(at(4)[0].message).toBe("There is no backer #99 in this project.");

    expect(at(5)).toMatchObject([{ severity: "error", value: "7" }]);
    expect(at(5)[0].message).toBe("backer #7 (outside@example.com) was not in the selection this template was made for.");

    expect(at(6)).toMatchObject([{ severity: "error", column: "Tracking Number" }]);
    expect(at(6)[0].message).toContain('contains "✓", which cannot be part of a tracking number');

    for (const r of [7, 8]) {
      expect(at(r)).toMatchObject([{ severity: "error" }]);
      expect(at(r)[0].message).toBe(
        "backer #4 (zoe@example.com) has 2 different tracking numbers in this file: row 7 (RA123456785CA), row 8 (EE123456785GB).",
      );
      expect(at(r)[0].fix).toMatch(/tick "These are separate packages"/);
    }
    expect(at(9)).toEqual([]);
    expect(result.summary).toMatchObject({ rows: 8, blankRows: 1, errorRows: 6, warningRows: 1, backersWithSeveralNumbers: 1, newBackers: 1 });
    // Only the row with a warning goes through; rows with errors never do.
    expect(result.changes.map((change) => change.backerNumber)).toEqual([1]);
  });

  it("treats several rows for one backer as packages when told so", () => {
    const result = plan("google-sheets-problems.csv", projectBackers(), { skipExisting: false, separatePackages: true });
    const zoe = result.changes.find((change) => change.backerNumber === 4)!;
    expect(zoe.add.map((pkg) => pkg.trackingNumber)).toEqual(["RA123456785CA", "EE123456785GB"]);
    expect(problemAt(result, 7)).toEqual([]);
    expect(result.summary.backersWithSeveralNumbers).toBe(0);
  });

  it("fingerprints what applying would write, with or without building the changes", () => {
    const rows = [row(2, "1", "ada@example.com", "1Z999AA10123456784"), row(3, "2", "", "9400111202555842332669")];
    const backers = projectBackers({ 2: { shipments: [{ id: "s2", trackingNumber: "OLD123456" }] } });
    const full = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices });
    const lean = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices, collectChanges: false });
    expect(full.changes).toHaveLength(2);
    expect(lean.changes).toEqual([]);
    expect(lean.summary).toEqual(full.summary);
    expect(lean.fingerprint).toBe(full.fingerprint);
    expect(lean.fingerprint).toMatch(/^[0-9a-f]{64}$/);

    // Anything the apply would write differently changes it: another shipment to supersede, another choice.
    const moved = matchTrackingRows(rows, projectBackers({ 2: { shipments: [{ id: "s3", trackingNumber: "OLD123456" }] } }), { fileName: "f.csv", ...choices });
    expect(moved.fingerprint).not.toBe(full.fingerprint);
    const skipped = matchTrackingRows(rows, backers, { fileName: "f.csv", skipExisting: true, separatePackages: false });
    expect(skipped.fingerprint).not.toBe(full.fingerprint);
    expect(matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices }).fingerprint).toBe(full.fingerprint);
  });

  it("counts an identical repeated row once, with a warning", () => {
    const rows = [row(2, "1", "ada@example.com", "1Z999AA10123456784"), row(3, "1", "", "1z 999 aa1 01 2345 678 4")];
    const result = matchTrackingRows(rows, projectBackers(), { fileName: "f.csv", ...choices });
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0].add).toHaveLength(1);
    expect(problemAt(result, 3)).toMatchObject([{ severity: "warning" }]);
    expect(problemAt(result, 3)[0].message).toMatch(/repeats row 2/);
  });

  it("replaces existing numbers by default, keeps them with skipExisting, and leaves equal ones unchanged", () => {
    const backers = projectBackers({
      1: { shipments: [{ id: "s1", trackingNumber: "1Z999AA10123456784" }] },
      2: { shipments: [{ id: "s2", trackingNumber: "OLD123456" }] },
    });
    const rows = [
      row(2, "1", "ada@example.com", "1Z999AA10123456784"),
      row(3, "2", "grace@example.com", "9400111202555842332669"),
      row(4, "3", "linus@example.com", "986578788855"),
    ];
    const replace = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices });
    expect(replace.summary).toMatchObject({ newBackers: 1, replacedBackers: 1, unchangedBackers: 1, skippedBackers: 0 });
    expect(replace.changes.find((c) => c.backerNumber === 2)).toMatchObject({ outcome: "replaced", supersede: ["s2"] });

    const skip = matchTrackingRows(rows, backers, { fileName: "f.csv", skipExisting: true, separatePackages: false });
    expect(skip.summary).toMatchObject({ newBackers: 1, replacedBackers: 0, unchangedBackers: 1, skippedBackers: 1 });
    expect(skip.changes.map((c) => c.backerNumber)).toEqual([3]);
  });

  it("adds a package next to an existing one when the file lists both as separate packages", () => {
    const backers = projectBackers({ 1: { shipments: [{ id: "s1", trackingNumber: "1Z999AA10123456784" }] } });
    const rows = [row(2, "1", "", "1Z999AA10123456784"), row(3, "1", "", "9400111202555842332669")];
    const result = matchTrackingRows(rows, backers, { fileName: "f.csv", skipExisting: false, separatePackages: true });
    expect(result.changes).toMatchObject([{ outcome: "added", supersede: [], add: [{ trackingNumber: "9400111202555842332669" }] }]);
    expect(result.summary.addedBackers).toBe(1);
  });

  it("matches by email alone or by number alone, case-insensitively", () => {
    const rows = [row(2, "", "  ADA@Example.com ", "1Z999AA10123456784"), row(3, "#2", "", "9400111202555842332669")];
    const result = matchTrackingRows(rows, projectBackers(), { fileName: "f.csv", ...choices });
    expect(result.problems).toEqual([]);
    expect(result.changes.map((c) => c.backerNumber)).toEqual([1, 2]);
  });

  it("explains rows that name no backer, a bad backer number, an unknown email, a bad link, an unknown carrier", () => {
    const rows = [
      row(2, "", "", "1Z999AA10123456784"),
      row(3, "twelve", "", "1Z999AA10123456784"),
      row(4, "", "who@example.com", "1Z999AA10123456784"),
      row(5, "3", "", "986578788855", "", "ups dot com"),
      row(6, "6", "", "JJD0002249921", "Hermes"),
    ];
    const result = matchTrackingRows(rows, projectBackers(), { fileName: "f.csv", ...choices });
    expect(problemAt(result, 2)[0].message).toMatch(/neither a Backer Number nor an Email/);
    expect(problemAt(result, 3)[0]).toMatchObject({ column: "Backer Number", value: "twelve", message: 'Backer Number "twelve" is not a whole number.' });
    expect(problemAt(result, 4)[0].message).toBe("No backer of this project has the email who@example.com.");
    expect(problemAt(result, 5)[0]).toMatchObject({ severity: "error", column: "Tracking URL (optional)", message: '"ups dot com" is not a web address.' });
    expect(problemAt(result, 6)[0]).toMatchObject({ severity: "warning", column: "Carrier (optional)" });
    expect(result.changes.find((c) => c.backerNumber === 6)!.add[0]).toEqual({ row: 6, trackingNumber: "JJD0002249921", carrier: "Hermes", trackingUrl: null });
  });

  it("refuses backers without a pledge and warns about pledges that were not collected", () => {
    const backers = projectBackers({ 1: { pledgeId: null, pledgeStatus: null }, 2: { pledgeStatus: "REFUNDED" } });
    const rows = [row(2, "1", "", "1Z999AA10123456784"), row(3, "2", "", "9400111202555842332669")];
    const result = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices });
    expect(problemAt(result, 2)[0]).toMatchObject({ severity: "error" });
    expect(problemAt(result, 2)[0].message).toMatch(/has no pledge/);
    expect(problemAt(result, 3)[0]).toMatchObject({ severity: "warning", message: "The pledge of backer #2 (grace@example.com) is refunded, not collected." });
    expect(result.changes.map((c) => c.backerNumber)).toEqual([2]);
  });

  it("warns when one number is given to two backers (a fill-down mistake)", () => {
    const rows = [row(2, "1", "", "1Z999AA10123456784"), row(3, "2", "", "1Z999AA10123456784")];
    const result = matchTrackingRows(rows, projectBackers(), { fileName: "f.csv", ...choices });
    expect(problemAt(result, 3)[0]).toMatchObject({ severity: "warning" });
    expect(problemAt(result, 3)[0].message).toBe("1Z999AA10123456784 is also the tracking number of backer #1 (ada@example.com) in row 2.");
  });

  it("lists the first 50 of a repeated mistake and counts the rest", () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(i + 2, String(1000 + i), "", "1Z999AA10123456784"));
    const result = matchTrackingRows(rows, projectBackers(), { fileName: "f.csv", ...choices });
    expect(result.summary.errorRows).toBe(120);
    expect(result.problems).toHaveLength(51);
    expect(result.problems.at(-1)!.message).toBe("70 more rows have the same problem (backer not in this project); only the first 50 are listed.");
    expect(result.rowIssues.size).toBe(120);
  });

  it("counts warned and refused rows without keeping their issues when asked to (the apply), with the same problems and fingerprint", () => {
    // 120 pledges not collected (a warning each, listed for the first 50); backer 121's two rows
    // are warned first, then refused in the plan (several numbers): they count as errors only.
    const backers = Array.from({ length: 121 }, (_, i) => backer(i + 1, `b${i + 1}@example.com`, { pledgeStatus: "REFUNDED" }));
    const rows = [
      ...Array.from({ length: 120 }, (_, i) => row(i + 2, String(i + 1), "", `PARCEL${1000 + i}`)),
      row(200, "121", "", "1Z999AA10123456784"),
      row(201, "121", "", "9400111202555842332669"),
    ];
    const kept = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices });
    const counted = matchTrackingRows(rows, backers, { fileName: "f.csv", ...choices, keepRowIssues: false });
    expect(counted.summary).toMatchObject({ warningRows: 120, errorRows: 2, backersWithSeveralNumbers: 1 });
    expect(counted.summary).toEqual(kept.summary);
    expect(counted.rowIssues.size).toBe(0);
    expect(kept.rowIssues.size).toBe(122);
    expect(counted.problems).toEqual(kept.problems);
    expect(counted.problems.find((p) => p.row === 2)!.message).toBe("The pledge of backer #1 (b1@example.com) is refunded, not collected.");
    expect(counted.problems.some((p) => p.message === "72 more rows have the same problem (pledge not collected); only the first 50 are listed.")).toBe(true);
    expect(counted.fingerprint).toBe(kept.fingerprint);
  });

  it("writes the problem rows back as a CSV to fix and re-upload", () => {
    const name = "google-sheets-problems.csv";
    const result = plan(name);
    const rows: CsvRow[] = [];
    let headers: string[] = [];
    readTrackingFile(fixture(name), name, { onCsvRow: (r, h) => ((headers = h), rows.push({ ...r, cells: [...r.cells] })) });
    const csv = buildTrackingProblemRowsCsv(headers, rows, result.rowIssues);
    expect(csv.startsWith("\uFEFFBacker Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional),Row in your file,Problem,How to fix\r\n")).toBe(true);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(1 + 7);
    expect(lines[2]).toMatch(/^2,ada@example.com,Grace Hopper,.*,3,"Error: Backer Number 2 and Email ada@example.com point at different backers/);
    // The fixed file reads like the template: the extra columns are ignored.
    const again = readTrackingFile(new TextEncoder().encode(csv), "problems.csv");
    expect(again.ok && again.rows).toHaveLength(7);
  });
});

describe("describeOtherPackages", () => {
  const pkg = (trackingNumber: string, carrier: string | null = null) => ({ trackingNumber, carrier });
  it("is empty for a reward in one package and lists packages sent together", () => {
    expect(describeOtherPackages(0, [])).toBe("");
    expect(describeOtherPackages(0, [pkg("A1", "UPS"), pkg("B2")])).toBe(
      "Your reward ships in 3 packages. The others: A1 (UPS), B2. All of them are on your pledge summary.",
    );
  });
  it("numbers a package added beside earlier ones after them", () => {
    expect(describeOtherPackages(1, [])).toBe(
      "This is package 2 of 2 of your reward. Package 1 was sent earlier; all of them are on your pledge summary.",
    );
    expect(describeOtherPackages(2, [pkg("C3")])).toBe(
      "This is package 3 of 4 of your reward; also on its way: C3. Packages 1 and 2 were sent earlier; all of them are on your pledge summary.",
    );
  });
});

describe("describeTrackingMode", () => {
  it("says what each choice would do, and the email of an added package calls it package 2 of 2", () => {
    const words = describeTrackingMode(["1Z999AA10123456784"], "add", "Ada");
    expect(words.replaceHint).toBe("The backer would no longer see 1Z999AA10123456784; you keep it in the history.");
    expect(words.addHint).toBe("The backer keeps 1Z999AA10123456784 and gets the new number as package 2 of 2.");
    expect(words.emailNote).toBe("Ada gets an email saying this is package 2 of 2, with the number and a Track shipment link.");
    expect(describeTrackingMode(["A", "B"], "replace", "Ada").emailNote).toBe("Ada gets an email with the new number and a Track shipment link.");
    expect(describeTrackingMode(["A", "B"], "", "Ada").replaceHint).toBe("The backer would no longer see A, B; you keep them in the history.");
  });
});

describe("createTrackingMatcher with changeRound (the apply's streamed plan)", () => {
  it("hands the changes out in rounds of at most changeRound and keeps none, with the whole plan's summary and fingerprint", () => {
    const rows = readRows("filled-template.csv");
    const options = { fileName: "filled-template.csv", ...choices };
    const whole = matchTrackingRows(rows, projectBackers(), options);
    expect(whole.changes.length).toBeGreaterThan(2);

    const matcher = createTrackingMatcher(projectBackers(), { ...options, changeRound: 2 });
    for (const r of rows) matcher.add(r);
    expect(matcher.backerCount()).toBeGreaterThanOrEqual(whole.changes.length);
    const rounds: (readonly PlannedBackerChange[])[] = [];
    const steps = matcher.finish();
    let streamed: TrackingPlan;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        streamed = step.value;
        break;
      }
      if (step.value) rounds.push(step.value);
    }
    // A quarter of a million changes are never held at once: each round is handed over, none is kept.
    expect(rounds.every((round) => round.length > 0 && round.length <= 2)).toBe(true);
    expect(rounds.flat()).toEqual(whole.changes);
    expect(streamed.changes).toEqual([]);
    expect(streamed.summary).toEqual(whole.summary);
    expect(streamed.fingerprint).toBe(whole.fingerprint);
  });
});

describe("createTrackingMatcher with detailsLater (the apply's lean index)", () => {
  it("plans against backers loaded without pledge ids, names or shipment ids, leaving what completes each change", () => {
    const rows = readRows("filled-template.csv");
    const options = { fileName: "filled-template.csv", ...choices };
    const backers = projectBackers({
      2: { shipments: [{ id: "s2a", trackingNumber: "OLD123456" }, { id: "s2b", trackingNumber: "OLD654321" }] },
    });
    const whole = matchTrackingRows(rows, backers, options);
    expect(whole.changes.some((change) => change.supersede.length === 2)).toBe(true);

    // As loadTrackingBackers loads them for a quarter of a million backers: no UUIDs, no names.
    const lean = new TrackingBackerIndex();
    const full = TrackingBackerIndex.of(backers);
    const positions = backers.map((_, at) => at);
    lean.addColumns({
      backerNumbers: backers.map((b) => b.backerNumber),
      emails: backers.map((b) => b.email),
      hasPledge: backers.map((b) => b.pledgeId !== null),
      statuses: backers.map(() => null),
      inSelection: backers.map((b) => b.inSelection),
      shipmentNumbers: backers.map((b) => (b.shipments.length === 0 ? null : b.shipments.map((s) => s.trackingNumber))),
      shipmentVersions: positions.map((at) => full.shipmentVersion(at)),
    });
    expect(() => matchTrackingRows(rows, lean, options)).toThrow(/pledge and shipment ids/);

    const later = matchTrackingRows(rows, lean, { ...options, detailsLater: true });
    expect(later.fingerprint).toBe(whole.fingerprint);
    expect(later.summary).toEqual(whole.summary);
    expect(later.changes.every((change) => change.pledgeId === "" && change.name === "" && change.supersede.length === 0)).toBe(true);
    // What completeTrackingChanges does with the ids it looks up for a round, here from the backers themselves.
    const completed = later.changes.map(({ pending, ...change }) => {
      const backer = backers.find((b) => b.email === change.email)!;
      expect(pending).toEqual({
        shipmentVersion: full.shipmentVersion(backers.indexOf(backer)),
        shipmentCount: backer.shipments.length,
        supersedeAt: expect.any(Array),
      });
      return { ...change, pledgeId: backer.pledgeId, name: backer.name, supersede: pending!.supersedeAt.map((at) => backer.shipments[at].id) };
    });
    expect(completed).toEqual(whole.changes);
  });
});
