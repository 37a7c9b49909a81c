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

const { prisma } = await import("@/lib/db/client");
const { createItem, createPledgeLevel, createUser } = await import("@/lib/demo/factories");
const { describeProjectJobResult } = await import("@/lib/jobs/describe-project-job-result");
const { runProjectJob } = await import("@/lib/jobs/run-project-job");
const { runSkuPerColumnExportJobWith } = await import("@/lib/segments/run-sku-per-column-export-job");
const { saveSegment } = await import("@/lib/segments/save-segment");
const { POST: exportRoute } =
  await import("@/app/projects/[projectId]/segments/[segmentId]/export/sku-per-column/route");
const { GET: downloadRoute } = await import("@/app/projects/[projectId]/jobs/[jobId]/download/route");
const { connectSecondSession, spawnMailWorker, waitForBlockedBackends } = await import("../support/fault-mail");
const { startSmtpTestServer } = await import("../support/smtp-test-server");
const { largeJobCampaign, stopJobTestWorkers, waitForJobStatus } = await import("../support/project-jobs");
const { signInThroughMagicLink } = await import("../support/sign-in-through-magic-link");
const { skuPerColumnExport } = await import("../support/sku-per-column-export");
type WorkerProcess = import("../support/fault-mail").WorkerProcess;

const ORIGIN = "http://localhost:3000";
const children: WorkerProcess[] = [];
afterEach(async () => {
  await stopJobTestWorkers(children, undefined);
  request.headers = new Headers();
});

async function signInAs(email: string): Promise<void> {
  request.headers = new Headers({ cookie: await signInThroughMagicLink(email) });
}

/**
 * 130 backers in Europe/Berlin; the even-numbered 65 have an errored payment (the segment below)
 * and the Deluxe level (a Core game each), one of them a name a spreadsheet would run as a formula.
 */
async function campaign(count = 130) {
  const { owner, project } = await largeJobCampaign(count, "Tidewater: Second Edition");
  await prisma.project.update({ where: { id: project.id }, data: { timeZone: "Europe/Berlin" } });
  const game = await createItem(prisma, project.id, { name: "Core game", sku: "GAME-1" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  await prisma.pledgeLevelItem.create({ data: { pledgeLevelId: level.id, itemId: game.id, quantity: 1 } });
  await prisma.$executeRaw`
    UPDATE pledge p SET status = 'ERRORED', pledge_level_id = ${level.id}::uuid, amount = 1000 + b.backer_number * 7,
           pledged_at = timestamptz '2026-03-01 12:00Z' + b.backer_number * interval '1 minute'
    FROM backer b WHERE b.id = p.backer_id AND b.project_id = ${project.id}::uuid AND b.backer_number % 2 = 0`;
  await prisma.$executeRaw`UPDATE backer SET name = '=HYPERLINK("http://evil")' WHERE project_id = ${project.id}::uuid AND backer_number = 4`;
  const segment = await prisma.$transaction((tx) =>
    saveSegment(tx, project.id, { name: "Errored payments", filter: { type: "paymentStatus", statuses: ["ERRORED"] } }),
  );
  return { owner, project: { ...project, timeZone: "Europe/Berlin" }, segment };
}

function postExport(
  projectId: string,
  segmentId: string,
  format: "csv" | "xlsx",
  accept = "application/json",
  origin?: string,
) {
  const form = new FormData();
  if (format === "xlsx") form.set("format", "xlsx");
  const headers = new Headers({ accept });
  if (origin) headers.set("origin", origin);
  return exportRoute(
    new Request(`${ORIGIN}/projects/${projectId}/segments/${segmentId}/export/sku-per-column`, {
      method: "POST",
      headers,
      body: form,
    }),
    {
      params: Promise.resolve({ projectId, segmentId }),
    },
  );
}

function download(projectId: string, jobId: string) {
  return downloadRoute(new Request(`${ORIGIN}/projects/${projectId}/jobs/${jobId}/download`), {
    params: Promise.resolve({ projectId, jobId }),
  });
}

/**
 * Runs a queued export job as the worker does (runProjectJob marks it running, the runner writes
 * the file), with small rounds of rows and of stored bytes so a few rows make several of each.
 */
async function runExportJob(jobId: string, options: { batchSize: number; chunkBytes?: number }) {
  const batches: number[] = [];
  const progress: [string, number][] = [];
  await runProjectJob(
    {
      SEGMENT_SKU_EXPORT: (context) =>
        runSkuPerColumnExportJobWith(
          {
            ...context,
            reportProgress: (step, percent) => (progress.push([step, percent]), context.reportProgress(step, percent)),
          },
          {
            batchSize: options.batchSize,
            chunkBytes: options.chunkBytes,
            onBatch: (batch) => batches.push(batch.rows),
          },
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

describe("SKU per Column export as a job", () => {
  it("more than a page of backers (CSV): queued, read in rounds, stored in several, downloaded byte for byte as the immediate export", async () => {
    const { owner, project, segment } = await campaign();
    await signInAs(owner.email);
    const started = await postExport(project.id, segment.id, "csv");
    expect(started.status).toBe(202);
    const { jobId, rows } = (await started.json()) as { jobId: string; rows: number };
    expect(rows).toBe(65);
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      kind: "SEGMENT_SKU_EXPORT",
      status: "QUEUED",
      title: "Export SKU per Column of “Errored payments” (65 backers) as CSV",
    });
    expect((await download(project.id, jobId)).status).toBe(409);

    const { batches, progress } = await runExportJob(jobId, { batchSize: 20, chunkBytes: 1_000 });
    // Never all rows at once: 65 rows came in rounds of at most 20.
    expect(batches).toEqual([20, 20, 20, 5]);
    expect(progress).toContainEqual(["Writing backers (20 of 65)", (20 / 65) * 95]);
    const job = await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "DONE", percent: 100, error: null });
    expect(describeProjectJobResult(job.kind, job.result)).toMatch(
      /^SKU per Column of “Errored payments”: 65 backers exported to errored-payments-sku-per-column-\d{4}-\d{2}-\d{2}\.csv \(\d+ KB\)\.$/,
    );
    const rounds = await prisma.projectJobOutputChunk.findMany({ where: { jobId }, select: { attempt: true } });
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    expect(rounds.every((round) => round.attempt === 1)).toBe(true);

    const response = await download(project.id, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="errored-payments-sku-per-column-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const downloaded = Buffer.from(await response.arrayBuffer());
    const immediate = await skuPerColumnExport(project.id, segment.id, "csv");
    expect(downloaded.equals(immediate.bytes)).toBe(true);
    const lines = downloaded
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines).toHaveLength(66);
    expect(lines[0]).toBe(
      "Backer Number,Backer UID,Backer Name,Email,Country,Pledge Level,Pledge Amount,Pledge Status,Pledged At (Europe/Berlin),Complimentary Credit,Core game (GAME-1)",
    );
    // In Pledged At order, on the project's clock, with the level's contents as quantities.
    expect(lines[1]).toBe("2,,Backer 2,backer2@example.com,,Deluxe,10.14,errored,2026-03-01 13:02,0.00,1");
    expect(lines[2]).toBe(
      `4,,"'=HYPERLINK(""http://evil"")",backer4@example.com,,Deluxe,10.28,errored,2026-03-01 13:04,0.00,1`,
    );
    expect(lines[65]).toMatch(/^130,,Backer 130,backer130@example\.com,/);
  }, 60_000);

  it("more than a page of backers (Excel): the job's workbook holds the immediate export's cells", async () => {
    const { owner, project, segment } = await campaign();
    await signInAs(owner.email);
    const started = await postExport(project.id, segment.id, "xlsx");
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const { batches } = await runExportJob(jobId, { batchSize: 30, chunkBytes: 4_000 });
    expect(batches).toEqual([30, 30, 5]);

    const response = await download(project.id, jobId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(response.headers.get("content-disposition")).toMatch(
      /filename="errored-payments-sku-per-column-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const fromJob = await sheetRows(Buffer.from(await response.arrayBuffer()));
    expect(fromJob).toHaveLength(66);
    expect(fromJob).toEqual(await sheetRows((await skuPerColumnExport(project.id, segment.id, "xlsx")).bytes));
    // Backer numbers as text, amounts and quantities as numbers, Pledged At a date on the project's clock.
    expect(fromJob[1]).toEqual([
      "2",
      undefined,
      "Backer 2",
      "backer2@example.com",
      undefined,
      "Deluxe",
      10.14,
      "errored",
      new Date("2026-03-01T13:02:00Z"),
      0,
      1,
    ]);
  }, 60_000);

  it("one page of backers or fewer downloads at once, with no job; a plain form post of more goes to the Activity page", async () => {
    const { owner, project, segment } = await campaign(100);
    await signInAs(owner.email);
    const response = await postExport(project.id, segment.id, "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /filename="errored-payments-sku-per-column-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(51);
    expect(bytes.equals((await skuPerColumnExport(project.id, segment.id, "csv")).bytes)).toBe(true);
    expect(await prisma.projectJob.count({ where: { projectId: project.id } })).toBe(0);

    await prisma.$executeRaw`UPDATE pledge SET status = 'ERRORED' WHERE project_id = ${project.id}::uuid`;
    const posted = await postExport(project.id, segment.id, "xlsx", "text/html");
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(`${ORIGIN}/projects/${project.id}/activity`);
    expect(await prisma.projectJob.findFirstOrThrow({ where: { projectId: project.id } })).toMatchObject({
      kind: "SEGMENT_SKU_EXPORT",
      title: "Export SKU per Column of “Errored payments” (100 backers) as Excel",
    });
  }, 60_000);

  it("members who may export only: another project's member gets 404, a viewer 403, another site's page 403; the segment must be the project's", async () => {
    const { owner, project, segment } = await campaign();
    const { owner: stranger, project: theirs } = await largeJobCampaign(1, "Their project");
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, segment.id, "csv")).json()) as { jobId: string };
    await runExportJob(jobId, { batchSize: 50 });
    const crossSite = await postExport(project.id, segment.id, "csv", "application/json", "https://evil.example");
    expect(crossSite.status).toBe(403);
    // A segment of another project, through this project's address: as if it did not exist.
    const theirSegment = await prisma.$transaction((tx) =>
      saveSegment(tx, theirs.id, { name: "Theirs", filter: { type: "and", conditions: [] } }),
    );
    const foreign = await postExport(project.id, theirSegment.id, "csv");
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toMatch(/segment does not exist in this project/);

    await signInAs(stranger.email);
    expect((await postExport(project.id, segment.id, "csv")).status).toBe(404);
    expect((await download(theirs.id, jobId)).status).toBe(404);
    expect((await download(project.id, jobId)).status).toBe(404);

    const viewer = await createUser(prisma, { email: "viewer@example.com" });
    await prisma.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
    await signInAs(viewer.email);
    expect((await postExport(project.id, segment.id, "csv")).status).toBe(403);
    expect((await download(project.id, jobId)).status).toBe(403);

    await signInAs(owner.email);
    expect((await download(project.id, jobId)).status).toBe(200);
    expect(await prisma.projectJob.count({ where: { projectId: project.id } })).toBe(1);
  }, 60_000);

  it("a segment deleted before its export ran: the job fails once with a message and writes no file", async () => {
    const { owner, project, segment } = await campaign();
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, segment.id, "csv")).json()) as { jobId: string };
    await prisma.segment.delete({ where: { id: segment.id } });
    await runExportJob(jobId, { batchSize: 50 });
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/segment does not exist in this project/),
    });
    expect(await prisma.projectJobOutputChunk.count({ where: { jobId } })).toBe(0);
  }, 60_000);

  it("the worker SIGKILLed in the middle of writing the file: the retry writes one whole, correct file", async () => {
    const COUNT = 20_000;
    const { owner, project } = await largeJobCampaign(COUNT);
    const everyone = await prisma.$transaction((tx) =>
      saveSegment(tx, project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
    );
    await signInAs(owner.email);
    const { jobId } = (await (await postExport(project.id, everyone.id, "csv")).json()) as { jobId: string };

    // A second session holds an uncommitted round at position 1 of the first attempt: the worker
    // writes round 0, then waits on that key, and is killed right there, half a file stored.
    const session = await connectSecondSession();
    await session.query("BEGIN");
    await session.query(
      `INSERT INTO project_job_output_chunk (job_id, attempt, position, bytes) VALUES ($1, 1, 1, '\\x00')`,
      [jobId],
    );
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
    expect(await prisma.projectJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      status: "RUNNING",
      attempts: 1,
    });

    const second = spawnMailWorker(smtp.url);
    children.push(second);
    const done = await waitForJobStatus(jobId, ["DONE", "FAILED"], 150_000).finally(() => smtp.stop());
    expect(done).toMatchObject({ status: "DONE", attempts: 2, error: null });
    expect(done.result).toMatchObject({ rows: COUNT, file: { attempt: 2 } });
    const attempts = await prisma.projectJobOutputChunk.groupBy({ by: ["attempt"], where: { jobId }, _count: true });
    expect(attempts.map((a) => a.attempt)).toEqual([2]);

    const downloaded = Buffer.from(await (await download(project.id, jobId)).arrayBuffer());
    expect(downloaded.equals((await skuPerColumnExport(project.id, everyone.id, "csv")).bytes)).toBe(true);
    expect(downloaded.toString("utf8").split("\r\n").filter(Boolean)).toHaveLength(COUNT + 1);
  }, 300_000);
});
