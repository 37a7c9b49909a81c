import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { startJobWorker, type JobWorker } from "@/lib/jobs/start-job-worker";
import { exportTrackingProblemRows } from "@/lib/tracking/export-tracking-problem-rows";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { readTrackingUploadFormOrThrow } from "@/lib/tracking/read-tracking-upload-form";
import { startTrackingApplyJob } from "@/lib/tracking/start-tracking-apply-job";
import { waitUntil } from "../support/fault-mail";

let worker: JobWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

const USPS = "9400111202555842332669";
const UPS = "1Z999AA10123456784";

async function setup() {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  const backers = [];
  for (const n of [1, 2]) {
    const { backer } = await createBacker(prisma, project.id, {
      backerNumber: n,
      email: `backer${n}@example.com`,
      name: `Backer ${n}`,
      pledge: { pledgeLevelId: level.id },
    });
    backers.push(backer);
  }
  const selection: BackerSelection = { kind: "ids", ids: backers.map((b) => b.id) };
  return { owner, project, selection };
}

/**
 * A fulfilment centre's workbook: a "Read me" sheet first, the tracking numbers on the second
 * (typed as text, as the template has them), with one row for someone who is not a backer.
 */
async function twoSheetWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet("Read me");
  notes.addRow(["Shipped by Harbour Fulfilment, December batch"]);
  notes.addRow(["Questions: ops@harbour.example"]);
  const sheet = workbook.addWorksheet("Shipped Dec");
  sheet.addRow(["Backer Number", "Email", "Tracking Number", "Carrier (optional)"]);
  sheet.addRow([1, "backer1@example.com", USPS, ""]);
  sheet.addRow([2, "backer2@example.com", UPS, "UPS"]);
  sheet.addRow([3, "nobody@example.com", "RA123456785CA", ""]);
  sheet.getColumn(3).numFmt = "@";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("a tracking workbook of several sheets", () => {
  it("names its sheets in the preview, reads the one the creator chooses, and the apply job and problem rows read the same", async () => {
    const { owner, project, selection } = await setup();
    const bytes = await twoSheetWorkbook();
    const base = { projectId: project.id, fileName: "harbour.xlsx", bytes, selection, skipExisting: false, separatePackages: false };

    // Unchosen: the first sheet is read, and the preview offers the others.
    const first = await previewTrackingUpload(base);
    expect(first.readable).toBe(false);
    expect(first.sheets).toEqual({ names: ["Read me", "Shipped Dec"], read: "Read me" });
    expect(first.problems.map((p) => p.message).join("\n")).toMatch(/harbour\.xlsx › Read me has no "Tracking Number" column/);
    expect(first.problems.find((p) => p.message.includes("has 2 sheets"))?.fix).toBe(
      'If the tracking numbers are on another sheet, choose it under "Sheet to read".',
    );

    // The dialog posts the chosen sheet with the file.
    const data = new FormData();
    data.set("selection", JSON.stringify(selection));
    data.set("file", new File([Buffer.from(bytes)], "harbour.xlsx"));
    data.set("sheet", "Shipped Dec");
    const form = await readTrackingUploadFormOrThrow(data);
    expect(form.sheet).toBe("Shipped Dec");

    const chosen = await previewTrackingUpload({ ...base, sheet: form.sheet });
    expect(chosen.sheets).toEqual({ names: ["Read me", "Shipped Dec"], read: "Shipped Dec" });
    expect(chosen.readable).toBe(true);
    expect(chosen.summary).toMatchObject({ newBackers: 2 });
    // Problems name the chosen sheet and its cells; the other sheets are no longer mentioned.
    expect(chosen.problems.map((p) => p.file)).toContain("harbour.xlsx › Shipped Dec");
    expect(chosen.problems.some((p) => p.message.includes("has 2 sheets"))).toBe(false);

    const problems = await exportTrackingProblemRows({ ...base, sheet: form.sheet });
    expect(problems.rowCount).toBe(1);
    expect(problems.csv).toContain("nobody@example.com");

    // A sheet that is not there is named, with the ones that are.
    const missing = await previewTrackingUpload({ ...base, sheet: "Shipped Jan" });
    expect(missing.readable).toBe(false);
    expect(missing.sheets).toEqual({ names: ["Read me", "Shipped Dec"], read: null });
    expect(missing.problems[0].message).toBe('harbour.xlsx has no sheet named "Shipped Jan" (its sheets are "Read me", "Shipped Dec").');

    const { jobId } = await prisma.$transaction((tx) =>
      startTrackingApplyJob(tx, {
        projectId: project.id,
        actorId: owner.id,
        form: { ...form, skipProblemRows: true, fingerprint: chosen.fingerprint },
      }),
    );
    worker = await startJobWorker({ heartbeatMs: 500 });
    await waitUntil(
      async () => ["DONE", "FAILED"].includes((await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).status),
      "the tracking job to finish",
      30_000,
    );
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "DONE", error: null });
    const shipments = await prisma.shipment.findMany({ where: { projectId: project.id }, select: { trackingNumber: true } });
    expect(shipments.map((s) => s.trackingNumber).sort()).toEqual([UPS, USPS]);
  }, 60_000);

  it("a workbook of one sheet offers no choice", async () => {
    const { project, selection } = await setup();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Tracking numbers");
    sheet.addRow(["Backer Number", "Tracking Number"]);
    sheet.addRow([1, UPS]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const preview = await previewTrackingUpload({
      projectId: project.id,
      fileName: "one.xlsx",
      bytes,
      selection,
      skipExisting: false,
      separatePackages: false,
    });
    expect(preview.readable).toBe(true);
    expect(preview.sheets).toBeUndefined();
  });
});
