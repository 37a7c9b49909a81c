import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import Papa from "papaparse";
import pg from "pg";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { backerReportExportFileName } from "@/lib/backers/report/backer-report-export-file";
import type { BackerReportExportJobPayload } from "@/lib/backers/report/backer-report-export-job-payload";
import { runBackerReportExportJob } from "@/lib/backers/report/run-backer-report-export-job";
import { prisma } from "@/lib/db/client";
import { readJobOutputOrThrow } from "@/lib/jobs/read-job-output-or-throw";
import { runProjectJob } from "@/lib/jobs/run-project-job";
import { writeJobOutput } from "@/lib/jobs/write-job-output";
import { readWorkbookRows } from "@/lib/spreadsheets/read-workbook-rows";
import { defineScenario } from "../bench-scenario";

type State = { file: string };
type Format = "csv" | "xlsx";

let client: pg.Client | null = null;
export async function connect(databaseUrl: string): Promise<pg.Client> {
  if (!client) {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  }
  return client;
}

/** Writes text chunks to `file` as they come, waiting when the disk is behind (as a response body does). */
export async function writeChunks(file: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  const out = createWriteStream(file);
  try {
    for await (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
  } finally {
    out.end();
    await once(out, "close");
  }
}

/**
 * `COPY … TO STDOUT` on a bare pg connection: pg hands each CopyData message to the active query,
 * which by default drops it; this query keeps them, as a stream of buffers.
 */
export function copyOut(db: pg.Client, sql: string, values: unknown[]): AsyncIterable<Buffer> {
  const chunks: Buffer[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  class CopyOutQuery extends pg.Query {
    handleCopyData(message: { chunk: Buffer }) {
      // A copy: the message's chunk is a view into pg-protocol's read buffer, which it reuses for
      // later data while rows wait here to be stored (the waiting rows were overwritten: 248,855
      // rows parsed back out of 250,000).
      chunks.push(Buffer.from(message.chunk));
      wake?.();
    }
  }
  const query = new CopyOutQuery({ text: sql, values }, undefined, (error: Error | undefined) => {
    failure = error ?? null;
    done = true;
    wake?.();
  });
  db.query(query as unknown as pg.QueryConfig);
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        // One concat of everything waiting: pg hands over one message per row, and while the
        // consumer stores a round thousands wait (a pairwise reduce would copy them quadratically).
        if (chunks.length > 0) yield Buffer.concat(chunks.splice(0));
        else if (done) {
          if (failure) throw failure;
          return;
        }
        else await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    },
  };
}

export function csvRows(bytes: Buffer): { header: string[]; rows: string[][] } {
  const { data } = Papa.parse<string[]>(bytes.toString("utf8").replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const [header, ...rows] = data;
  return { header, rows };
}

export function workbookRows(bytes: Buffer): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  const read = readWorkbookRows(new Uint8Array(bytes), "backers.xlsx", (row) => rows.push(row.cells));
  if (!read.ok) throw new Error(`the exported workbook could not be read back: ${JSON.stringify(read.problems)}`);
  return { header: read.headers, rows };
}

/**
 * The backer report export job at 250,000 backers in `format`, against COPY's CSV of the same rows
 * stored and read back the same way; the outcome parses either file back into rows.
 */
export const reportExportScenario = (format: Format) => defineScenario<State>({
  name: format === "csv" ? "report-export" : "report-export-xlsx",
  description: `export the backer report's unfiltered view (every seeded backer) as ${format === "csv" ? "CSV" : "an Excel workbook"} as the export job does (stored in rounds), then read back as the download sends it`,
  lowerBound: `formatting amounts and dates, escaping formula-like cells${format === "xlsx" ? ", writing and zipping a workbook" : ""} (COPY prints the same columns raw)`,
  runs: 3,
  warmups: 1,
  async setup({ workDir }) {
    return { file: path.join(workDir, `backers.${format}`) };
  },
  // A job row per iteration, removed before the next (its stored file with it).
  async reset({ projectId }) {
    await prisma.projectJob.deleteMany({ where: { projectId, kind: "BACKER_REPORT_EXPORT" } });
  },
  // The worker's path: the export job (keyset batches written into the job's stored rounds), then
  // the download route's read of the stored file, written to disk as a response body would be.
  async run({ projectId }, { file }) {
    const payload: BackerReportExportJobPayload = {
      selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
      sort: "number",
      dir: "asc",
      format,
      fileName: backerReportExportFileName("bench", format),
      timeZone: "UTC",
    };
    const job = await prisma.projectJob.create({ data: { projectId, kind: "BACKER_REPORT_EXPORT", title: "bench export", payload } });
    await runProjectJob({ BACKER_REPORT_EXPORT: runBackerReportExportJob }, { jobId: job.id }, { job: { attempts: 1, max_attempts: 1 } as never });
    const { chunks } = await readJobOutputOrThrow(projectId, job.id);
    await writeChunks(file, chunks);
  },
  // The same rows, columns and order by the report's own joins, printed by Postgres itself, stored
  // in the same rounds and read back the same way.
  async baseline({ databaseUrl, projectId }, { file }) {
    const db = await connect(databaseUrl);
    const job = await prisma.projectJob.create({
      data: { projectId, kind: "BACKER_REPORT_EXPORT", title: "bench baseline", payload: {}, status: "RUNNING", attempts: 1 },
    });
    const sql = `COPY (
      SELECT b.backer_number AS "Backer Number", b.name AS "Backer Name", b.email AS "Email", pl.name AS "Pledge Level",
             p.amount AS "Pledge Amount", pr.currency AS "Currency", lower(p.status::text) AS "Payment Status",
             p.pledged_at AS "Pledged At", b.country AS "Country", t.tracking_number AS "Tracking Number", t.carrier AS "Carrier",
             array_to_string(dr.names, '; ') AS "Digital Rewards", COALESCE(cr.balance, 0) AS "Credit"
      FROM backer b
      JOIN project pr ON pr.id = b.project_id
      LEFT JOIN pledge p ON p.backer_id = b.id
      LEFT JOIN pledge_level pl ON pl.id = p.pledge_level_id
      LEFT JOIN LATERAL (
        SELECT s.tracking_number, s.carrier FROM shipment s
        WHERE s.pledge_id = p.id AND s.superseded_at IS NULL
        ORDER BY s.shipped_at DESC, s.created_at DESC, s.id DESC LIMIT 1) t ON true
      LEFT JOIN LATERAL (
        SELECT array_agg(d.name ORDER BY d.name) AS names
        FROM digital_reward_delivery x JOIN digital_reward d ON d.id = x.digital_reward_id
        WHERE x.pledge_id = p.id) dr ON true
      LEFT JOIN LATERAL (SELECT sum(c.amount) AS balance FROM credit_entry c WHERE c.pledge_id = p.id) cr ON true
      WHERE b.project_id = '${projectId.replace(/'/g, "")}'
      ORDER BY b.backer_number ASC NULLS LAST, b.id ASC
    ) TO STDOUT WITH (FORMAT csv, HEADER true)`;
    const written = await writeJobOutput(job.id, 1, copyOut(db, sql, []));
    const stored = { name: "baseline.csv", mediaType: "text/csv", attempt: 1, bytes: written.bytes };
    await prisma.projectJob.update({ where: { id: job.id }, data: { status: "DONE", result: { rows: 0, format: "csv", file: stored }, finishedAt: new Date() } });
    const { chunks } = await readJobOutputOrThrow(projectId, job.id);
    await writeChunks(file, chunks);
  },
  // Which backers the file lists, in which order, with which tracking number: the columns both
  // print the same way (the product formats amounts, dates and statuses for spreadsheets).
  // A workbook is parsed back by the reader uploads go through (cells as a person sees them).
  async outcome(_context, { file }) {
    const bytes = await readFile(file);
    const { header, rows } = bytes.subarray(0, 2).toString("latin1") === "PK" ? workbookRows(bytes) : csvRows(bytes);
    const at = (name: string) => header.indexOf(name);
    const columns = ["Backer Number", "Email", "Tracking Number", "Carrier", "Digital Rewards"].map(at);
    const digest = createHash("sha256");
    for (const row of rows) digest.update(`${columns.map((column) => row[column]).join("|")}\n`);
    return { header: header.length, rows: rows.length, digest: digest.digest("hex") };
  },
});

export default reportExportScenario("csv");
