import Papa from "papaparse";
import { generateFilledTrackingTemplate } from "@/tests/fixtures/tracking/generate-filled-tracking-template";

export type FilledTemplate = {
  /** The filled file as a spreadsheet saves it back. */
  csv: string;
  rows: number;
  /** How long the template download took. */
  downloadMs: number;
};

/** "Select all N matching" with no filter: every backer of the project. */
export const ALL_BACKERS_SELECTION = JSON.stringify({ kind: "matching", filter: { levelIds: [], statuses: [], countries: [] }, exceptIds: [] });

/**
 * Downloads the tracking template for every backer through the upload dialog's route, as a creator
 * would, and fills in a valid tracking number on every row.
 */
export async function downloadFilledTrackingTemplate(baseUrl: string, projectId: string, cookie: string): Promise<FilledTemplate> {
  const form = new FormData();
  form.set("selection", ALL_BACKERS_SELECTION);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/projects/${projectId}/tracking/template`, {
    method: "POST",
    headers: { cookie, origin: baseUrl },
    body: form,
  });
  const text = await response.text();
  const downloadMs = performance.now() - started;
  if (!response.ok) throw new Error(`Downloading the tracking template answered ${response.status}: ${text.slice(0, 300)}`);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const backers = parsed.data.slice(1).map((row) => ({ backerNumber: Number(row[0]), email: row[1], name: row[2] }));
  return { csv: generateFilledTrackingTemplate(backers), rows: backers.length, downloadMs };
}
