import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_BACKER_IMPORT_BYTES, readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import { planBackerImport } from "@/lib/backers/import/plan-backer-import";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";
import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/kickstarter/${name}`));

function form(parts: Record<string, string | File | (string | File)[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(parts)) for (const part of Array.isArray(value) ? value : [value]) data.append(key, part);
  return data;
}

describe("readBackerImportFormOrThrow", () => {
  it("reads the files, the column mapping and the import id", async () => {
    const importId = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
    const read = await readBackerImportFormOrThrow(
      form({
        file: [new File([fixture("backer-report.zip")], "backer-report.zip"), new File(["Email\nada@example.com\n"], "extra.csv")],
        mapping: JSON.stringify({ email: "E-mail", name: "Full name", itemColumns: ["Mug"] }),
        importId,
      }),
    );
    expect(read.files.map((file) => [file.name, file.bytes.length])).toEqual([
      ["backer-report.zip", fixture("backer-report.zip").length],
      ["extra.csv", 22],
    ]);
    expect(read.mapping).toEqual({ email: "E-mail", name: "Full name", itemColumns: ["Mug"] });
    expect(read.importId).toBe(importId);
  });

  it("says what to do when no file, a malformed mapping or no import id to confirm arrives", async () => {
    await expect(readBackerImportFormOrThrow(form({}))).rejects.toThrow("Choose the backer report (a CSV file or Kickstarter's ZIP) to upload.");
    await expect(readBackerImportFormOrThrow(form({ file: new File(["x"], "a.csv"), mapping: "{" }))).rejects.toThrow(
      "The column mapping could not be read. Choose the columns again.",
    );
    await expect(readBackerImportFormOrThrow(form({ file: new File(["x"], "a.csv"), mapping: JSON.stringify({ mail: "E-mail" }) }))).rejects.toThrow(
      "names a field that does not exist",
    );
    await expect(readBackerImportFormOrThrow(form({ file: new File(["x"], "a.csv") }), { requireImportId: true })).rejects.toThrow(
      "Preview the file before importing it.",
    );
    await expect(readBackerImportFormOrThrow(form({ file: new File(["x"], "a.csv"), importId: "1 OR 1=1" }))).rejects.toThrow(
      "The import to confirm is not valid; upload the file again.",
    );
  });

  it("reads the sheet chosen of each workbook, and refuses a choice it cannot read", async () => {
    const file = new File(["x"], "backers.xlsx");
    const read = await readBackerImportFormOrThrow(form({ file, sheets: JSON.stringify({ "backers.xlsx": "Backer Report" }) }));
    expect(read.sheets).toEqual({ "backers.xlsx": "Backer Report" });
    expect((await readBackerImportFormOrThrow(form({ file }))).sheets).toBeUndefined();
    for (const sheets of ["{", JSON.stringify({ "backers.xlsx": "" }), JSON.stringify(["Backer Report"])]) {
      await expect(readBackerImportFormOrThrow(form({ file, sheets }))).rejects.toThrow(
        'The sheet to read could not be read. Choose it again under "Sheet to read".',
      );
    }
  });

  it("reads the date and status chosen for new pledges, and refuses ones it cannot read", async () => {
    const file = new File(["Email\nada@example.com\n"], "list.csv");
    const read = await readBackerImportFormOrThrow(form({ file, defaultPledgedAt: "2013-05-20T16:00:00.000Z", defaultStatus: "FAILED" }));
    expect(read.newPledgeDefaults).toEqual({ pledgedAt: new Date("2013-05-20T16:00:00Z"), status: "FAILED" });
    expect((await readBackerImportFormOrThrow(form({ file }))).newPledgeDefaults).toBeUndefined();
    await expect(readBackerImportFormOrThrow(form({ file, defaultStatus: "PAID" }))).rejects.toThrow(
      "The payment status for new pledges is not one Pledgehouse knows. Choose it again in the preview.",
    );
    await expect(readBackerImportFormOrThrow(form({ file, defaultPledgedAt: "20/05/2013" }))).rejects.toThrow(
      "The date for new pledges could not be read. Enter it again in the preview.",
    );
  });

  it("refuses a file over the limit, naming its size, the limit and that nothing changed", async () => {
    const big = new File([new Uint8Array(MAX_BACKER_IMPORT_BYTES + 1)], "huge.csv");
    await expect(readBackerImportFormOrThrow(form({ file: big }))).rejects.toThrow(
      "huge.csv is 100.0 MB; the limit is 100.0 MB per file. Split it into smaller files or put it in a ZIP archive. Nothing was changed.",
    );
  });
});

describe("summarizeBackerImportPreview", () => {
  it("keeps counts, new levels and items, problems and a few example rows, never every planned backer", () => {
    const source = readBackerImportFiles([{ name: "backer-report.zip", bytes: fixture("backer-report.zip") }], { currency: "USD" });
    const plan = planBackerImport(source, { currency: "USD", backers: [], pledgeLevels: [], items: [], now: new Date("2026-01-01T00:00:00Z") });
    const view = summarizeBackerImportPreview({ importId: "id", plan, needsMapping: [] }, 2);
    expect(view.ok).toBe(true);
    expect(view.counts).toMatchObject({ rows: 3, add: 3, update: 0, unchanged: 0 });
    expect(view.newPledgeLevels.map((level) => level.name).sort()).toEqual(["Collector's Edition", "Early Bird"]);
    expect(view.samples.add.map((row) => row.email)).toEqual(["mary@example.com", "charles@example.com"]);
    expect(view).not.toHaveProperty("backers");
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
