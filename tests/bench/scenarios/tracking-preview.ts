import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import Papa from "papaparse";
import pg from "pg";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { generateFilledTrackingTemplate } from "@/tests/fixtures/tracking/generate-filled-tracking-template";
import { defineScenario } from "../bench-scenario";

type State = { file: string; rows: number };

let client: pg.Client | null = null;
async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }
  return client;
}

/** Writes a template filled for every backer of the seeded project (untimed). */
export async function writeFilledTemplate(databaseUrl: string, projectId: string, workDir: string, seed: number): Promise<State> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ backer_number: number; email: string; name: string }>(
      `SELECT backer_number, email, name FROM backer WHERE project_id = $1 AND backer_number IS NOT NULL ORDER BY backer_number`,
      [projectId],
    );
    const file = path.join(workDir, `tracking-filled-${seed}.csv`);
    await writeFile(file, generateFilledTrackingTemplate(rows.map((r) => ({ backerNumber: r.backer_number, email: r.email, name: r.name })), seed));
    return { file, rows: rows.length };
  } finally {
    await db.end();
  }
}

/** What the last preview counted: rows read and backers matched (a preview leaves no rows). */
let lastAnswer: { rows: number; matched: number } | null = null;

export default defineScenario<State>({
  name: "tracking-preview",
  description: "parse, validate and match a filled tracking template (one row per seeded backer) against every backer, all selected",
  lowerBound: "validating numbers and detecting carriers (it only parses and matches)",
  runs: 5,
  warmups: 1,
  setup: ({ databaseUrl, projectId, workDir }) => writeFilledTemplate(databaseUrl, projectId, workDir, 1),
  async run({ projectId }, { file, rows }) {
    // A Buffer is a Uint8Array: no second copy of the file, as the route handler holds one copy too.
    const bytes = await readFile(file);
    const preview = await previewTrackingUpload({
      projectId,
      fileName: "tracking.csv",
      bytes,
      selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
      skipExisting: false,
      separatePackages: false,
    });
    const summary = preview.summary!;
    if (summary.rows !== rows || summary.errorRows !== 0 || summary.newBackers + summary.replacedBackers !== rows) {
      throw new Error(`tracking-preview: unexpected summary ${JSON.stringify(summary)} ${JSON.stringify(preview.problems.slice(0, 3))}`);
    }
    lastAnswer = { rows: summary.rows, matched: summary.newBackers + summary.replacedBackers };
  },
  // A bare Papa.parse of the file and one query for the backers and their current numbers,
  // matched through a Map: the least any preview has to do.
  async baseline({ databaseUrl, projectId }, { file, rows }) {
    const db = await connect(databaseUrl);
    const text = await readFile(file, "utf8");
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
    const { rows: backers } = await db.query<{ backer_number: number; id: string; email: string; numbers: string[] | null }>(
      `SELECT b.backer_number, b.id, b.email, s.numbers
         FROM backer b JOIN pledge p ON p.backer_id = b.id
         LEFT JOIN (SELECT pledge_id, array_agg(tracking_number) AS numbers FROM shipment
                     WHERE project_id = $1 AND superseded_at IS NULL GROUP BY pledge_id) s ON s.pledge_id = p.id
        WHERE b.project_id = $1`,
      [projectId],
    );
    const byNumber = new Map(backers.map((b) => [b.backer_number, b]));
    let matched = 0;
    for (const row of parsed.data.slice(1)) {
      const backer = byNumber.get(Number(row[0]));
      if (backer && backer.email === row[1] && !(backer.numbers ?? []).includes(row[5])) matched++;
    }
    if (matched !== rows) throw new Error(`tracking-preview baseline: matched ${matched} of ${rows}`);
    lastAnswer = { rows: parsed.data.length - 1, matched };
  },
  async outcome() {
    const answer = lastAnswer;
    lastAnswer = null;
    return answer;
  },
});
