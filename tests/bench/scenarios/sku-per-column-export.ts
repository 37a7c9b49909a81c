import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { prisma } from "@/lib/db/client";
import { readJobOutputOrThrow } from "@/lib/jobs/read-job-output-or-throw";
import { runProjectJob } from "@/lib/jobs/run-project-job";
import { writeJobOutput } from "@/lib/jobs/write-job-output";
import { runSkuPerColumnExportJob } from "@/lib/segments/run-sku-per-column-export-job";
import { skuPerColumnExportFileName, type SkuPerColumnExportJobPayload } from "@/lib/segments/sku-per-column-export-file";
import { defineScenario } from "../bench-scenario";
import { connect, copyOut, csvRows, workbookRows, writeChunks } from "./report-export";

type State = { file: string; segmentId: string };

export default defineScenario<State>({
  name: "sku-per-column-export",
  description: "export a segment of every seeded backer as SKU per Column CSV as the export job does (one cursor read in rounds, stored in rounds), then read back as the download sends it",
  lowerBound: "the quantity column per item and the credit (COPY prints the backer and pledge columns raw)",
  runs: 3,
  warmups: 1,
  // The parent process has no client of the benchmark's copy: the segment (every backer) by SQL.
  async setup({ databaseUrl, projectId, workDir }) {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO segment (project_id, name, kind, filter) VALUES ($1, 'Bench everyone', 'FILTER', '{"type":"and","conditions":[]}') RETURNING id`,
        [projectId],
      );
      return { file: path.join(workDir, "sku-per-column.csv"), segmentId: rows[0].id };
    } finally {
      await db.end();
    }
  },
  // A job row per iteration, removed before the next (its stored file with it).
  async reset({ projectId }) {
    await prisma.projectJob.deleteMany({ where: { projectId, kind: "SEGMENT_SKU_EXPORT" } });
  },
  // The worker's path: the export job, then the download route's read of the stored file, written
  // to disk as a response body would be.
  async run({ projectId }, { file, segmentId }) {
    const payload: SkuPerColumnExportJobPayload = { segmentId, format: "csv", fileName: skuPerColumnExportFileName("bench", "csv"), timeZone: "UTC" };
    const job = await prisma.projectJob.create({ data: { projectId, kind: "SEGMENT_SKU_EXPORT", title: "bench export", payload } });
    await runProjectJob({ SEGMENT_SKU_EXPORT: runSkuPerColumnExportJob }, { jobId: job.id }, { job: { attempts: 1, max_attempts: 1 } as never });
    const { chunks } = await readJobOutputOrThrow(projectId, job.id);
    await writeChunks(file, chunks);
  },
  // The segment's backers in the report's order with their pledge's columns, printed by Postgres
  // itself, stored in the same rounds and read back the same way.
  async baseline({ databaseUrl, projectId }, { file }) {
    const db = await connect(databaseUrl);
    const job = await prisma.projectJob.create({
      data: { projectId, kind: "SEGMENT_SKU_EXPORT", title: "bench baseline", payload: {}, status: "RUNNING", attempts: 1 },
    });
    const sql = `COPY (
      SELECT b.backer_number AS "Backer Number", b.platform_uid AS "Backer UID", b.name AS "Backer Name", b.email AS "Email",
             b.country AS "Country", lvl.name AS "Pledge Level", p.amount AS "Pledge Amount", lower(p.status::text) AS "Pledge Status",
             p.pledged_at AS "Pledged At"
      FROM backer b JOIN pledge p ON p.backer_id = b.id LEFT JOIN pledge_level lvl ON lvl.id = p.pledge_level_id
      WHERE b.project_id = '${projectId.replace(/'/g, "")}'
      ORDER BY p.pledged_at, b.id
    ) TO STDOUT WITH (FORMAT csv, HEADER true)`;
    const written = await writeJobOutput(job.id, 1, copyOut(db, sql, []));
    const stored = { name: "baseline.csv", mediaType: "text/csv", attempt: 1, bytes: written.bytes };
    await prisma.projectJob.update({ where: { id: job.id }, data: { status: "DONE", result: { rows: 0, format: "csv", file: stored }, finishedAt: new Date() } });
    const { chunks } = await readJobOutputOrThrow(projectId, job.id);
    await writeChunks(file, chunks);
  },
  // Which backers the file lists, in which order, with which level and status: the columns both
  // print the same way.
  async outcome(_context, { file }) {
    const bytes = await readFile(file);
    const { header, rows } = bytes.subarray(0, 2).toString("latin1") === "PK" ? workbookRows(bytes) : csvRows(bytes);
    const columns = ["Backer Number", "Backer UID", "Email", "Pledge Level", "Pledge Status"].map((name) => header.indexOf(name));
    const digest = createHash("sha256");
    for (const row of rows) digest.update(`${columns.map((column) => row[column]).join("|")}\n`);
    return { rows: rows.length, digest: digest.digest("hex") };
  },
});
