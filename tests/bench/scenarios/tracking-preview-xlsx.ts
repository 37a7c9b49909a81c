import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { defineScenario } from "../bench-scenario";
import { writeFilledTemplate } from "./tracking-preview";

type State = { csvFile: string; xlsxFile: string; rows: number };

/**
 * The filled template saved as Excel would save the .xlsx template: backer numbers as numbers,
 * everything else as text (shared strings), written with exceljs's streaming writer (untimed).
 */
async function writeWorkbook(csvFile: string, xlsxFile: string): Promise<void> {
  const parsed = Papa.parse<string[]>((await readFile(csvFile, "utf8")).replace(/^\uFEFF/, ""), {
    skipEmptyLines: true,
  });
  const output = createWriteStream(xlsxFile);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet("Tracking numbers", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(parsed.data[0]).commit();
  for (const row of parsed.data.slice(1)) sheet.addRow([Number(row[0]), ...row.slice(1)]).commit();
  sheet.commit();
  await writer.commit();
  await finished(output);
}

const preview = (projectId: string, fileName: string, bytes: Uint8Array) =>
  previewTrackingUpload({
    projectId,
    fileName,
    bytes,
    selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
    skipExisting: false,
    separatePackages: false,
  });

function check(name: string, rows: number, result: Awaited<ReturnType<typeof preview>>) {
  const summary = result.summary;
  if (
    !summary ||
    summary.rows !== rows ||
    summary.errorRows !== 0 ||
    summary.newBackers + summary.replacedBackers !== rows
  ) {
    throw new Error(
      `${name}: unexpected summary ${JSON.stringify(summary)} ${JSON.stringify(result.problems.slice(0, 3))}`,
    );
  }
}

export default defineScenario<State>({
  name: "tracking-preview-xlsx",
  description:
    "preview the filled tracking template saved as an Excel workbook (one row per seeded backer); baseline: the same rows as CSV",
  runs: 5,
  warmups: 1,
  async setup({ databaseUrl, projectId, workDir }) {
    const { file: csvFile, rows } = await writeFilledTemplate(databaseUrl, projectId, workDir, 1);
    const xlsxFile = path.join(workDir, "tracking-filled-1.xlsx");
    await writeWorkbook(csvFile, xlsxFile);
    return { csvFile, xlsxFile, rows };
  },
  async run({ projectId }, { xlsxFile, rows }) {
    check("tracking-preview-xlsx", rows, await preview(projectId, "tracking.xlsx", await readFile(xlsxFile)));
  },
  // The product's CSV preview of the same rows: what the workbook path is held to.
  async baseline({ projectId }, { csvFile, rows }) {
    check(
      "tracking-preview-xlsx baseline (CSV)",
      rows,
      await preview(projectId, "tracking.csv", await readFile(csvFile)),
    );
  },
});
