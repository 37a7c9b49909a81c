import ExcelJS from "exceljs";
import { afterEach, describe, expect, it, vi } from "vitest";

// The route wrapper reads the session from Next's request headers; tests supply them. Everything
// below the headers (Better Auth, sessions, Postgres, the worker) is real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => {
    throw new Error("`cookies` was called outside a request scope.");
  },
}));

const { auth } = await import("@/lib/auth/auth");
const { prisma } = await import("@/lib/db/client");
const { createUser } = await import("@/lib/demo/factories");
const { DEFAULT_BACKER_REPORT_QUERY } = await import("@/lib/backers/report/backer-report-query-schema");
const { generateBackerReportExport } = await import("@/lib/backers/report/generate-backer-report-export");
const { runBackerReportExportJobWith } = await import("@/lib/backers/report/run-backer-report-export-job");
const { describeProjectJobResult } = await import("@/lib/jobs/describe-project-job-result");
const { purgeJobUploads } = await import("@/lib/jobs/purge-job-uploads");
const { readJobOutputOrThrow } = await import("@/lib/jobs/read-job-output-or-throw");
const { runProjectJob } = await import("@/lib/jobs/run-project-job");
const { POST: exportRoute } = await import("@/app/projects/[projectId]/backers/export/route");
const { GET: downloadRoute } = await import("@/app/projects/[projectId]/jobs/[jobId]/download/route");
const { connectSecondSession, spawnMailWorker, waitForBlockedBackends } = await import("../support/fault-mail");
const { startSmtpTestServer } = await import("../support/smtp-test-server");
const { largeJobCampaign, stopJobTestWorkers, waitForJobStatus } = await import("../support/project-jobs");
type WorkerProcess = import("../support/fault-mail").WorkerProcess;
type BackerSelection = import("@/lib/backers/report/resolve-backer-selection").BackerSelection;

const ORIGIN = "http://localhost:3000";
const children: WorkerProcess[] = [];
afterEach(async () => {
  await stopJobTestWorkers(children, undefined);
  request.headers = new Headers();
});

/** Signs `email` in through the real magic link and makes the next route calls carry its cookie. */
async function signInAs(email: string): Promise<void> {
  const requested = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": "203.0.113.51" },
      body: JSON.stringify({ email, callbackURL: "/" }),
    }),
  );
  expect(requested.status).toBe(200);
  const message = await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: email }, orderBy: { createdAt: "desc" } });
  const url = message.text.match(/https?:\/\/\S+?\/api\/auth\/magic-link\/verify\?[^\s\]>)]+/)![0];
  const verified = await auth.handler(new Request(url));
  const cookie = verified.headers.getSetCookie().find((line) => line.includes("session_token="))!;
  request.headers = new Headers({ cookie: cookie.split(";")[0] });
}

/**
 * 130 backers; the even-numbered 65 have an errored payment (the filter below), amounts that sort
 * differently from backer numbers, and one a name a spreadsheet would run as a formula.
 */
async function campaign(count = 130) {
  const { owner, project } = await largeJobCampaign(count, "Tidewater: Second Edition");
  await prisma.$executeRaw`
    UPDATE pledge p SET status = 'ERRORED', amount = 1000 + (b.backer_number * 37) % 500
    FROM backer b WHERE b.id = p.backer_id AND b.project_id = ${project.id}::uuid AND b.backer_number % 2 = 0`;
  await prisma.$executeRaw`UPDATE backer SET name = '=HYPERLINK("http://evil")', country = 'FR' WHERE project_id = ${project.id}::uuid AND backer_number = 4`;
  return { owner, project };
}

const errored: BackerSelection = { kind: "matching", filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, statuses: ["ERRORED"] }, exceptIds: [] };

function exportForm(selection: BackerSelection, format: "csv" | "xlsx"): FormData {
  const form = new FormData();
  form.set("selection", JSON.stringify(selection));
  form.set("sort", "amount");
  form.set("dir", "desc");
  if (format === "xlsx") form.set("format", "xlsx");
  return form;
}

function postExport(projectId: string, selection: BackerSelection, format: "csv" | "xlsx", accept = "application/json") {
  return exportRoute(
    new Request(`${ORIGIN}/projects/${projectId}/backers/export`, { method: "POST", headers: { accept }, body: exportForm(selection, format) }),
    { params: Promise.resolve({ projectId }) },
  );
}

function download(projectId: string, jobId: string) {
  return downloadRoute(new Request(`${ORIGIN}/projects/${projectId}/jobs/${jobId}/download`), { params: Promise.resolve({ projectId, jobId }) });
}

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const all: Uint8Array[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return Buffer.concat(all);
}

/** The synchronous export of the same view: what a small export downloads at once. */
const immediateExport = (projectId: string, selection: BackerSelection, format: "csv" | "xlsx", timeZone: string) =>
  bytesOf(generateBackerReportExport(projectId, selection, format, { sort: "amount", dir: "desc", timeZone }));

/**
 * Runs a queued export job as the worker does (runProjectJob marks it running, the runner writes
 * the file), with small batches and small stored rounds so a few rows make several of each.
 */
async function runExportJob(jobId: string, options: { batchSize: number; chunkBytes?: number }) {
  const batches: number[] = [];
  const progress: [string, number][] = [];
  await runProjectJob(
    {
      BACKER_REPORT_EXPORT: (context) =>
        runBackerReportExportJobWith(
          { ...context, reportProgress: (step, percent) => (progress.push([step, percent]), context.reportProgress(step, percent)) },
          { batchSize: options.batchSize, chunkBytes: options.chunkBytes, onBatch: (batch) => batches.push(batch.rows) },
        ),
    },
    { jobId },
    { job: { attempts: 1, max_attempts: 5 } as never },
  );
  return { batches, progress };
}

async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  const rows: unknown[][] = [];
  book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("backer report export as a job", () => {
  it("more than a page of rows (CSV): queued as a job, written in bounded rounds, and downloaded byte for byte as the immediate export", async () => {
    const { owner, project } = await campaign();
    await signInAs(owner.email);
    const started = await postExport(project.id, errored, "csv");
    expect(started.status).toBe(202);
    const { jobId, rows } = (await started.json()) as { jobId: string; rows: number };
    expect(rows).toBe(65);
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      kind: "BACKER_REPORT_EXPORT",
      status: "QUEUED",
      title: "Export 65 backers as CSV",
    });
    // Not yet written: the download says so instead of sending half a file.
    expect((await download(project.id, jobId)).status).toBe(409);

    const { batches, progress } = await runExportJob(jobId, { batchSize: 20, chunkBytes: 1_000 });
    // Never all rows at once: 65 rows came in rounds of at most 20.
    expect(batches).toEqual([20, 20, 20, 5]);
    expect(progress).toContainEqual(["Writing backers (20 of 65)", (20 / 65) * 95]);
    const job = await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "DONE", percent: 100, error: null });
    expect(describeProjectJobResult(job.kind, job.result)).toMatch(/^65 backers exported to tidewater-second-edition-backers-\d{4}-\d{2}-\d{2}\.csv \(\d+ KB\)\.$/);
    // The file is stored in several rounds (one per batch here), read back in order below.
    const rounds = await prisma.projectJobOutputChunk.findMany({ where: { jobId }, select: { bytes: true, attempt: true } });
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    expect(rounds.every((round) => round.attempt === 1)).toBe(true);

    const response = await download(project.id, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="tidewater-second-edition-backers-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    const downloaded = Buffer.from(await response.arrayBuffer());
    const expected = await immediateExport(project.id, errored, "csv", project.timeZone);
    expect(downloaded.equals(expected)).toBe(true);
    const text = downloaded.toString("utf8");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(66);
    expect(text).toContain(`'=HYPERLINK(""http://evil"")`);
  }, 60_000);

  it("more than a page of rows (Excel): the job's workbook holds the immediate export's cells", async () => {
    const { owner, project } = await campaign();
    await signInAs(owner.email);
    const started = await postExport(project.id, errored, "xlsx");
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    expect((await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).title).toBe("Export 65 backers as Excel");
    const { batches } = await runExportJob(jobId, { batchSize: 30, chunkBytes: 4_000 });
    expect(batches).toEqual([30, 30, 5]);

    const response = await download(project.id, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/filename="tidewater-second-edition-backers-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const fromJob = await sheetRows(Buffer.from(await response.arrayBuffer()));
    const immediate = await sheetRows(await immediateExport(project.id, errored, "xlsx", project.timeZone));
    expect(fromJob).toHaveLength(66);
    expect(fromJob).toEqual(immediate);
    // In the view's order: amounts descending.
    const amounts = fromJob.slice(1).map((row) => row[4] as number);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
  }, 60_000);

  it("one page of rows or fewer downloads at once, with no job", async () => {
    const { owner, project } = await campaign(100);
    await signInAs(owner.email);
    const response = await postExport(project.id, errored, "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/filename="tidewater-second-edition-backers-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await response.text();
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(51);
    expect(await prisma.projectJob.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("a plain form post of more than a page (no script) queues the job and goes to the Activity page", async () => {
    const { owner, project } = await campaign();
    await signInAs(owner.email);
    const response = await postExport(project.id, errored, "csv", "text/html");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/projects/${project.id}/activity`);
    expect(await prisma.projectJob.count({ where: { projectId: project.id, kind: "BACKER_REPORT_EXPORT" } })).toBe(1);
  });

  it("another project's member cannot download the file: 404 as for a job that does not exist", async () => {
    const { owner, project } = await campaign();
    const { owner: stranger, project: theirs } = await largeJobCampaign(1, "Their project");
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, errored, "csv")).json()) as { jobId: string };
    await runExportJob(jobId, { batchSize: 50 });

    await signInAs(stranger.email);
    // Through their own project's address, and through ours.
    const viaTheirs = await download(theirs.id, jobId);
    expect(viaTheirs.status).toBe(404);
    expect(await viaTheirs.text()).toMatch(/does not exist in this project/);
    expect((await download(project.id, jobId)).status).toBe(404);
    await expect(readJobOutputOrThrow(theirs.id, jobId)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // A viewer of the project may not export backers' personal data, so may not download it either.
    const viewer = await createUser(prisma, { email: "viewer@example.com" });
    await prisma.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
    await signInAs(viewer.email);
    expect((await download(project.id, jobId)).status).toBe(403);

    await signInAs(owner.email);
    expect((await download(project.id, jobId)).status).toBe(200);
  }, 60_000);

  it("the file is removed with the uploads once its job finished longer ago than the retention period", async () => {
    const { owner, project } = await campaign();
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, errored, "csv")).json()) as { jobId: string };
    await runExportJob(jobId, { batchSize: 50 });
    expect(await purgeJobUploads()).toBe(0);
    await prisma.$executeRaw`UPDATE project_job SET finished_at = now() - interval '8 days' WHERE id = ${jobId}::uuid`;
    expect(await purgeJobUploads()).toBeGreaterThan(0);
    const response = await download(project.id, jobId);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/removed: files are kept for 7 days.*Export again/);
  }, 60_000);

  it("the worker SIGKILLed in the middle of writing the file: the retry writes one whole, correct file", async () => {
    const COUNT = 20_000;
    const { owner, project } = await largeJobCampaign(COUNT);
    const everyone: BackerSelection = { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] };
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, everyone, "csv")).json()) as { jobId: string };

    // A second session holds an uncommitted round at position 1 of the first attempt: the worker
    // writes round 0, then waits on that key, and is killed right there, half a file stored.
    const session = await connectSecondSession();
    await session.query("BEGIN");
    await session.query(`INSERT INTO project_job_output_chunk (job_id, attempt, position, bytes) VALUES ($1, 1, 1, '\\x00')`, [jobId]);
    const smtp = await startSmtpTestServer();
    const first = spawnMailWorker(smtp.url);
    children.push(first);
    try {
      await waitForBlockedBackends(session, "%INSERT INTO%project_job_output_chunk%", 1, 120_000);
      expect(await prisma.projectJobOutputChunk.count({ where: { jobId, attempt: 1 } })).toBe(1);
      first.child.kill("SIGKILL");
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    } finally {
      await session.query("ROLLBACK");
      await session.end();
    }
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "RUNNING", attempts: 1 });

    const second = spawnMailWorker(smtp.url);
    children.push(second);
    const done = await waitForJobStatus(jobId, ["DONE", "FAILED"], 150_000).finally(() => smtp.stop());
    expect(done).toMatchObject({ status: "DONE", attempts: 2, error: null });
    expect(done.result).toMatchObject({ rows: COUNT, file: { attempt: 2 } });
    // Only the finished run's rounds remain.
    const attempts = await prisma.projectJobOutputChunk.groupBy({ by: ["attempt"], where: { jobId }, _count: true });
    expect(attempts.map((a) => a.attempt)).toEqual([2]);

    const downloaded = Buffer.from(await (await download(project.id, jobId)).arrayBuffer());
    const expected = await bytesOf(generateBackerReportExport(project.id, everyone, "csv", { sort: "amount", dir: "desc", timeZone: project.timeZone }));
    expect(downloaded.equals(expected)).toBe(true);
  }, 300_000);
});
