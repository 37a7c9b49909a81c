import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { createProject, createUser } from "@/lib/demo/factories";
import type { UploadedFile } from "@/lib/backers/import/read-backer-import-files";
import { startBackerImportJob } from "@/lib/backers/import/start-backer-import-job";
import { cancelProjectJobOrThrow } from "@/lib/jobs/cancel-project-job";
import { startJobWorker, type JobWorker } from "@/lib/jobs/start-job-worker";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { spawnMailWorker, waitUntil, type WorkerProcess } from "../support/fault-mail";
import { engineJobCount, killWorkerBeforeAuditEvent, readJob, stopJobTestWorkers, waitForJobStatus } from "../support/project-jobs";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";

let smtp: SmtpTestServer;
let inProcess: JobWorker | undefined;
const children: WorkerProcess[] = [];
beforeEach(async () => {
  smtp = await startSmtpTestServer();
});
afterEach(async () => {
  await stopJobTestWorkers(children, inProcess);
  inProcess = undefined;
  await smtp.stop();
});

const csv = (name: string, rows: number, start = 0): UploadedFile => ({
  name,
  bytes: new TextEncoder().encode(generateKickstarterCsv({ rows, start })),
});

async function previewed(files: UploadedFile[]) {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id, name: "Moonlight Board Game" });
  const preview = await previewImportInTransaction(project.id, files, {}, owner.id);
  expect(preview.plan.ok).toBe(true);
  return { owner, project, importId: preview.importId };
}

function enqueue(setup: Awaited<ReturnType<typeof previewed>>, files: UploadedFile[]) {
  return prisma.$transaction((tx) =>
    startBackerImportJob(tx, {
      projectId: setup.project.id,
      actorId: setup.owner.id,
      form: { files, mapping: undefined, sheets: undefined, importId: setup.importId, levelKinds: undefined, launchedAt: undefined, newPledgeDefaults: undefined },
    }),
  );
}

describe("backer import confirm as a job", () => {
  it("the worker SIGKILLed in the middle of a 5,000-row import: retried, every backer imported exactly once", async () => {
    const COUNT = 5_000;
    const files = [csv("backers.csv", COUNT)];
    const setup = await previewed(files);
    const { jobId } = await enqueue(setup, files);
    expect(await readJob(jobId)).toMatchObject({
      status: "QUEUED",
      kind: "BACKER_IMPORT",
      title: "Import backers from backers.csv",
    });

    await killWorkerBeforeAuditEvent(smtp.url, ["backer", "pledge", "import"], children);
    expect(await readJob(jobId)).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(await prisma.backer.count({ where: { projectId: setup.project.id } })).toBe(0);

    children.push(spawnMailWorker(smtp.url));
    const done = await waitForJobStatus(jobId, ["DONE", "FAILED"], 150_000);
    expect(done).toMatchObject({
      status: "DONE",
      attempts: 2,
      error: null,
      result: { importId: setup.importId, added: COUNT, updated: 0 },
    });
    expect(await prisma.backer.count({ where: { projectId: setup.project.id } })).toBe(COUNT);
    expect(await prisma.pledge.count({ where: { projectId: setup.project.id } })).toBe(COUNT);
    expect(await prisma.import.findUniqueOrThrow({ where: { id: setup.importId } })).toMatchObject({
      status: "APPLIED",
    });
    expect(await prisma.auditEvent.count({ where: { projectId: setup.project.id, action: "backers.import" } })).toBe(1);
  }, 300_000);

  it("several files are stored in order and imported together; confirming twice queues one job", async () => {
    const files = [csv("reward-a.csv", 3), csv("reward-b.csv", 2, 100)];
    const setup = await previewed(files);
    const { jobId } = await enqueue(setup, files);
    expect((await enqueue(setup, files)).jobId).toBe(jobId);
    expect(
      (await prisma.projectJobUpload.findMany({ where: { jobId }, orderBy: { position: "asc" } })).map(
        (u) => u.fileName,
      ),
    ).toEqual(["reward-a.csv", "reward-b.csv"]);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForJobStatus(jobId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE", result: { added: 5 } });
    expect(await prisma.backer.count({ where: { projectId: setup.project.id } })).toBe(5);
    // Confirming an applied import is refused before anything is stored.
    await expect(enqueue(setup, files)).rejects.toThrow(/already applied/);
    expect(await prisma.projectJob.count()).toBe(1);
  }, 60_000);

  it("a domain failure (the backers changed since the preview) is stored once with its message, not retried, and imports nothing", async () => {
    const files = [csv("backers.csv", 3)];
    const setup = await previewed(files);
    const { jobId } = await enqueue(setup, files);
    // Another preview of the same file was confirmed meanwhile: the plan no longer matches ours.
    const other = await previewImportInTransaction(setup.project.id, files, {}, setup.owner.id);
    await applyImportInTransaction(setup.project.id, { importId: other.importId, files }, setup.owner.id);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    const failed = await waitForJobStatus(jobId, ["DONE", "FAILED"]);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(failed.error).toMatch(/changed since the preview/);
    await waitUntil(async () => (await engineJobCount()) === 0, "the engine to drop the job");
    expect((await readJob(jobId)).attempts).toBe(1);
    expect(await prisma.backer.count({ where: { projectId: setup.project.id } })).toBe(3);
    expect(await prisma.import.findUniqueOrThrow({ where: { id: setup.importId } })).toMatchObject({
      status: "PREVIEWED",
    });
  }, 60_000);

  it("a cancelled queued import never runs", async () => {
    const files = [csv("backers.csv", 2)];
    const setup = await previewed(files);
    const { jobId } = await enqueue(setup, files);
    await prisma.$transaction((tx) => cancelProjectJobOrThrow(tx, { projectId: setup.project.id, jobId }));
    // A later confirm of another preview runs, so the worker has certainly looked at the queue.
    const later = await previewImportInTransaction(setup.project.id, files, {}, setup.owner.id);
    const { jobId: laterId } = await enqueue({ ...setup, importId: later.importId }, files);

    inProcess = await startJobWorker({ heartbeatMs: 500 });
    expect(await waitForJobStatus(laterId, ["DONE", "FAILED"])).toMatchObject({
      status: "DONE",
      result: { importId: later.importId, added: 2 },
    });
    expect(await readJob(jobId)).toMatchObject({ status: "CANCELLED", attempts: 0, startedAt: null });
    expect(await prisma.import.findUniqueOrThrow({ where: { id: setup.importId } })).toMatchObject({
      status: "PREVIEWED",
    });
  }, 60_000);
});
