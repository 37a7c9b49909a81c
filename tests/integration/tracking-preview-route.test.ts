import { beforeEach, describe, expect, it, vi } from "vitest";

// Route handlers read the session from Next's request headers; the test supplies them. Better Auth
// and Postgres are real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => {
    throw new Error("`cookies` was called outside a request scope.");
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { prisma } = await import("@/lib/db/client");
const { createBacker, createPledgeLevel, createProject, createUser } = await import("@/lib/demo/factories");
const { POST: postPreview } = await import("@/app/projects/[projectId]/tracking/preview/route");
const { previewTrackingUpload } = await import("@/lib/tracking/preview-tracking-upload");
const { previewTrackingUploadForRequest, TRACKING_PREVIEW_THREAD_MIN_BYTES } = await import("@/lib/tracking/preview-tracking-upload-in-thread");
const { listUnconfirmedLevelKindsOfSelection } = await import("@/lib/pledge-levels/list-unconfirmed-level-kinds-of-selection");
const { signInThroughMagicLink } = await import("../support/sign-in-through-magic-link");

const ORIGIN = "http://localhost:3000";
const UPS = "1Z999AA10123456784";
let projectId: string;
let cookie: string;
let backerIds: string[];

beforeEach(async () => {
  const creator = await createUser(prisma, { email: "creator@example.com" });
  projectId = (await createProject(prisma, { ownerId: creator.id, name: "Tiny Forest" })).id;
  const level = await createPledgeLevel(prisma, projectId, { name: "Physical", kind: "PHYSICAL" });
  backerIds = [];
  for (const n of [1, 2]) {
    backerIds.push((await createBacker(prisma, projectId, { backerNumber: n, email: `backer${n}@example.com`, pledge: { pledgeLevelId: level.id } })).backer.id);
  }
  cookie = await signInThroughMagicLink("creator@example.com", ORIGIN);
  request.headers = new Headers({ cookie });
});

/** The two backers' numbers, one unknown backer, then `blankRows` rows without a number (counted as blank) to make the file large. */
function trackingCsv(blankRows: number): Uint8Array {
  const lines = ["Backer Number,Email,Tracking Number,Carrier (optional)", `1,backer1@example.com,${UPS},`, "2,backer2@example.com,not a number,", `9,nobody@example.com,${UPS},`];
  for (let i = 0; i < blankRows; i++) lines.push("1,,,");
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

describe("the tracking preview route", () => {
  it("answers a large file, previewed in its thread, with what the in-process preview says", async () => {
    const bytes = trackingCsv(60_000);
    expect(bytes.byteLength).toBeGreaterThan(TRACKING_PREVIEW_THREAD_MIN_BYTES);
    const selection = { kind: "ids" as const, ids: backerIds };
    const form = new FormData();
    form.set("selection", JSON.stringify(selection));
    form.set("file", new File([bytes as BlobPart], "tracking.csv", { type: "text/csv" }));
    const response = await postPreview(
      new Request(`${ORIGIN}/projects/${projectId}/tracking/preview`, { method: "POST", headers: { cookie, host: "localhost:3000", origin: ORIGIN }, body: form }),
      { params: Promise.resolve({ projectId }) },
    );
    expect(response.status).toBe(200);
    const expected = await previewTrackingUpload({ projectId, selection, fileName: "tracking.csv", bytes, skipExisting: false, separatePackages: false });
    expect(await response.json()).toEqual({ ...expected, unconfirmedLevelKinds: await listUnconfirmedLevelKindsOfSelection(projectId, selection) });
    expect(expected.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(expected.problems.length).toBeGreaterThan(0);
  });

  it("starts a thread for large files only: a few rows are previewed at once on the request thread", async () => {
    const input = { projectId, selection: { kind: "ids" as const, ids: backerIds }, fileName: "tracking.csv", skipExisting: false, separatePackages: false };
    const threads: (number | null)[] = [];
    const onStarted = (thread: { threadId: number | null }) => threads.push(thread.threadId);
    const small = await previewTrackingUploadForRequest({ ...input, bytes: trackingCsv(0) }, { onStarted });
    expect(threads).toEqual([]);
    const large = await previewTrackingUploadForRequest({ ...input, bytes: trackingCsv(60_000) }, { onStarted });
    expect(threads).toHaveLength(1);
    expect(threads[0]).not.toBe(process.pid);
    // The same rows were matched either way; the large file only adds blank rows.
    expect(large.summary!.newBackers).toBe(small.summary!.newBackers);
  });
});
