import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { previewTrackingUpload, type TrackingUploadInput } from "@/lib/tracking/preview-tracking-upload";
import {
  previewTrackingUploadInThread,
  TRACKING_PREVIEW_APPLICATION_NAME,
  TRACKING_PREVIEW_THREADS_AT_ONCE,
} from "@/lib/tracking/preview-tracking-upload-in-thread";
import { lagAgainstReference } from "../support/event-loop-lag";
import { HOSTILE_FILES, TRACKING_BACKERS } from "../support/hostile-files";
import { seedLargeTrackingProject } from "../support/seed-large-tracking-project";
import { cell, craftWorkbook, row } from "../support/workbook-files";

const UPS = "1Z999AA10123456784";
const USPS = "9400111202555842332669";

/** The niceness of a thread or process, from its /proc stat line (field 19, after the parenthesised name). */
function niceOf(statPath: string): number {
  const stat = readFileSync(statPath, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}

async function smallProject() {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Tiny Forest" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Physical", kind: "PHYSICAL" });
  const backers = [];
  for (const { backerNumber, email } of TRACKING_BACKERS) {
    backers.push((await createBacker(prisma, project.id, { backerNumber, email, pledge: { pledgeLevelId: level.id } })).backer);
  }
  const selection: BackerSelection = { kind: "ids", ids: backers.map((b) => b.id) };
  return { project, selection };
}

describe("the tracking preview in its worker thread", () => {
  it("answers exactly what the in-process preview answers: counts, warnings, problem rows, sheets, fingerprint", async () => {
    const { project, selection } = await smallProject();
    const base = { projectId: project.id, selection, skipExisting: false, separatePackages: false };
    const text = (lines: string[]) => new TextEncoder().encode(`Backer Number,Email,Tracking Number,Carrier (optional)\n${lines.join("\n")}\n`);
    const inputs: TrackingUploadInput[] = [
      { ...base, fileName: "tracking.csv", bytes: text([`1,first@example.com,${UPS},`, `2,second@example.com,${USPS},`]) },
      // One new, one unknown backer, one unreadable number: warnings and problem rows.
      { ...base, fileName: "tracking.csv", bytes: text([`1,first@example.com,${UPS},`, `3,nobody@example.com,${USPS},`, "2,second@example.com,not a number,"]) },
      { ...base, separatePackages: true, skipExisting: true, fileName: "tracking.csv", bytes: text([`1,first@example.com,${UPS},`, `1,first@example.com,${USPS},`]) },
      ...HOSTILE_FILES.filter((file) => file.target === "tracking").map((file) => ({ ...base, fileName: file.fileName, bytes: file.bytes() })),
    ];
    const workbook = craftWorkbook({
      sheets: [
        { name: "Read me", rows: row(1, cell.inline("A1", "Shipped by Harbour Fulfilment")) },
        { name: "Shipped", rows: row(1, cell.inline("A1", "Backer Number"), cell.inline("B1", "Tracking Number")) + row(2, cell.number("A2", 1), cell.inline("B2", UPS)) },
      ],
    });
    inputs.push({ ...base, fileName: "harbour.xlsx", bytes: workbook }, { ...base, fileName: "harbour.xlsx", bytes: workbook, sheet: "Shipped" });
    inputs.push({ ...base, fileName: "harbour.xlsx", bytes: workbook, sheet: "Shipped Jan" });

    let readable = 0;
    // Four asked at a time (the gate runs their threads one after another; each start loads the bundle, ~0.3–0.5 s).
    for (let at = 0; at < inputs.length; at += 4) {
      const batch = inputs.slice(at, at + 4);
      const inThread = await Promise.all(batch.map((input) => previewTrackingUploadInThread(input)));
      for (const [index, input] of batch.entries()) {
        expect(inThread[index], input.fileName).toEqual(await previewTrackingUpload(input));
        if (inThread[index].fingerprint) readable++;
      }
    }
    // The comparison covered previews that can be applied, not only refused files.
    expect(readable).toBeGreaterThanOrEqual(4);
  });

  it("refuses a selection the way the in-process preview does: the same DomainError code and message", async () => {
    const { project } = await smallProject();
    // A report view whose segment was deleted since the creator selected from it.
    const input: TrackingUploadInput = {
      projectId: project.id,
      selection: { kind: "matching", filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, segmentId: "00000000-0000-4000-8000-000000000000" }, exceptIds: [] },
      skipExisting: false,
      separatePackages: false,
      fileName: "tracking.csv",
      bytes: new TextEncoder().encode(`Backer Number,Tracking Number\n1,${UPS}\n`),
    };
    const inProcess = await previewTrackingUpload(input).then(() => null, (error: unknown) => error);
    const inThread = await previewTrackingUploadInThread(input).then(() => null, (error: unknown) => error);
    expect(inProcess).toBeInstanceOf(DomainError);
    expect(inThread).toBeInstanceOf(DomainError);
    expect({ code: (inThread as DomainError).code, message: (inThread as DomainError).message }).toEqual({
      code: (inProcess as DomainError).code,
      message: (inProcess as DomainError).message,
    });
    expect((inThread as DomainError).message).toBe("That segment does not exist in this project any more. Remove the segment filter.");
  });

  it("fails with the in-process preview's message when the preview throws", async () => {
    const { selection } = await smallProject();
    // A project id that is no uuid: Postgres refuses the first query.
    const input: TrackingUploadInput = {
      projectId: "not-a-project",
      selection,
      skipExisting: false,
      separatePackages: false,
      fileName: "tracking.csv",
      bytes: new TextEncoder().encode(`Backer Number,Tracking Number\n1,${UPS}\n`),
    };
    const inProcess = await previewTrackingUpload(input).then(
      () => null,
      (error: Error) => error,
    );
    const inThread = await previewTrackingUploadInThread(input).then(
      () => null,
      (error: Error) => error,
    );
    expect(inProcess).toBeInstanceOf(Error);
    expect(inThread).toBeInstanceOf(Error);
    expect(inThread!.message).toBe(inProcess!.message);
  });
});

const BACKERS = 30_000;

describe("a large tracking preview leaves the web process's requests first", () => {
  it("runs on a niced thread with a niced Postgres backend, and the request thread's timers keep running", async () => {
    const { input } = await seedLargeTrackingProject(BACKERS);
    const seen = { threadNice: [] as number[], backendNice: [] as number[] };
    let threadId: number | null = null;
    let preview: Awaited<ReturnType<typeof previewTrackingUploadInThread>> | null = null;
    const lag = await lagAgainstReference(async () => {
      const running = previewTrackingUploadInThread(input, { onStarted: (thread) => (threadId = thread.threadId) });
      let done = false;
      void running.finally(() => (done = true)).catch(() => undefined);
      // While it runs, read the kernel's niceness of the thread and of its database backend.
      while (!done) {
        if (threadId !== null) {
          try {
            seen.threadNice.push(niceOf(`/proc/self/task/${threadId}/stat`));
          } catch {
            // the thread ended between two reads
          }
        }
        // A new connection's first statement asks for its backend's pid, which is reniced once it
        // answers (lowerBackendPriorityOnConnect): every backend past that statement has been; one
        // that has run nothing yet shows an empty query.
        const backends = await prisma.$queryRaw<{ pid: number }[]>`
          SELECT pid FROM pg_stat_activity
          WHERE application_name = ${TRACKING_PREVIEW_APPLICATION_NAME} AND datname = current_database()
            AND query <> '' AND query NOT LIKE 'SELECT pg_backend_pid()%'`;
        for (const { pid } of backends) {
          try {
            seen.backendNice.push(niceOf(`/proc/${pid}/stat`));
          } catch {
            // the backend ended between two reads
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      preview = await running;
    });
    console.log(`tracking preview in its thread, request-thread lag: ${lag.summary}`);

    expect(preview!.summary).toMatchObject({ rows: BACKERS, newBackers: BACKERS, errorRows: 0 });
    // Not the request thread, which keeps normal priority.
    expect(threadId).not.toBe(process.pid);
    expect(niceOf("/proc/thread-self/stat")).toBe(0);
    expect(seen.threadNice.length).toBeGreaterThan(0);
    expect(env.WORKER_NICE).toBeGreaterThan(0);
    expect(new Set(seen.threadNice)).toEqual(new Set([env.WORKER_NICE]));
    expect(seen.backendNice.length).toBeGreaterThan(0);
    expect(new Set(seen.backendNice)).toEqual(new Set([env.WORKER_NICE]));
    // In-process, sliced, the same preview stalls this thread for 2–7 reference stretches (3.2 here,
    // tracking-event-loop.test.ts saw 2.1–6.9 on the shared machine); in its thread 0.6 with the
    // machine busy, the reads above included.
    expect(lag.ratio, lag.summary).toBeLessThan(1.5);
    // And it is the same preview.
    expect(preview).toEqual(await previewTrackingUpload(input));
  });
});

describe("an abandoned tracking preview", () => {
  it("ends its thread and its database work when the request is aborted", async () => {
    const { input } = await seedLargeTrackingProject(BACKERS);
    const previewBackends = async () =>
      (
        await prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE application_name = ${TRACKING_PREVIEW_APPLICATION_NAME} AND datname = current_database()`
      )[0].n;
    // How long the whole preview takes here and now, to tell an ended thread from a finished one.
    let started = performance.now();
    await previewTrackingUploadInThread(input);
    const whole = performance.now() - started;
    const controller = new AbortController();
    let threadId: number | null = null;
    const running = previewTrackingUploadInThread(input, { signal: controller.signal, onStarted: (thread) => (threadId = thread.threadId) });
    const outcome = running.then(
      () => "answered",
      (error: unknown) => error,
    );
    // Abort once the thread is at work in the database.
    const deadline = Date.now() + 30_000;
    while ((threadId === null || (await previewBackends()) === 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await previewBackends()).toBeGreaterThan(0);
    controller.abort(new Error("The creator closed the dialog."));
    started = performance.now();
    expect(await outcome).toEqual(new Error("The creator closed the dialog."));
    // The thread and its connections are gone, long before the preview could have finished.
    while ((await previewBackends()) > 0 || existsSync(`/proc/self/task/${threadId}`)) await new Promise((resolve) => setTimeout(resolve, 20));
    const ended = performance.now() - started;
    expect(ended, `ended ${ended.toFixed(0)} ms after the abort; the whole preview takes ${whole.toFixed(0)} ms`).toBeLessThan(whole / 3);
  });
});

describe("large previews at the same moment", () => {
  it("run their threads one after another, and one abandoned while it waits never starts a thread", async () => {
    expect(TRACKING_PREVIEW_THREADS_AT_ONCE).toBe(1);
    const { project, selection } = await smallProject();
    const input: TrackingUploadInput = {
      projectId: project.id,
      selection,
      skipExisting: false,
      separatePackages: false,
      fileName: "tracking.csv",
      bytes: new TextEncoder().encode(`Backer Number,Email,Tracking Number\n1,first@example.com,${UPS}\n2,second@example.com,${USPS}\n`),
    };
    const events: string[] = [];
    const preview = (name: string, signal?: AbortSignal) =>
      previewTrackingUploadInThread(input, { signal, onStarted: () => events.push(`${name} started`) }).then(
        (answer) => {
          events.push(`${name} answered`);
          return answer;
        },
        (error: unknown) => {
          events.push(`${name} refused`);
          throw error;
        },
      );
    const controller = new AbortController();
    const first = preview("first");
    const abandoned = preview("abandoned", controller.signal).catch((error: unknown) => error);
    const second = preview("second");
    // The creator closes the dialog while the first preview runs: the waiting one leaves at once.
    controller.abort(new Error("The creator closed the dialog."));
    expect(await abandoned).toEqual(new Error("The creator closed the dialog."));
    const [one, two] = await Promise.all([first, second]);
    expect(one).toEqual(two);
    expect(one.summary).toMatchObject({ rows: 2, errorRows: 0 });
    expect(events).toEqual(["abandoned refused", "first started", "first answered", "second started", "second answered"]);
  });
});
