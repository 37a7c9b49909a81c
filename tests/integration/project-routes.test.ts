import { randomUUID } from "node:crypto";
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
const { createBacker, createProject, createUser } = await import("@/lib/demo/factories");
const { GET: getJobs } = await import("@/app/projects/[projectId]/jobs/route");
const { POST: postTrackingTemplate } = await import("@/app/projects/[projectId]/tracking/template/route");
const { POST: postCodes } = await import("@/app/projects/[projectId]/digital-rewards/[rewardId]/codes/route");
const { POST: postSendPreview } = await import("@/app/projects/[projectId]/digital-rewards/[rewardId]/send/preview/route");
const { POST: postSend } = await import("@/app/projects/[projectId]/digital-rewards/[rewardId]/send/route");
const { startJobWorker } = await import("@/lib/jobs/start-job-worker");
const { readJob, waitForJobStatus } = await import("../support/project-jobs");
const { cell, craftWorkbook, row } = await import("../support/workbook-files");
const { signInThroughMagicLink } = await import("../support/sign-in-through-magic-link");

const ORIGIN = "http://localhost:3000";
let projectId: string;
let cookie: string;

beforeEach(async () => {
  const creator = await createUser(prisma, { email: "creator@example.com" });
  projectId = (await createProject(prisma, { ownerId: creator.id, name: "Tiny Forest" })).id;
  cookie = await signInThroughMagicLink("creator@example.com", ORIGIN);
  request.headers = new Headers({ cookie });
});

function jobsRequest(headers: Record<string, string>): Request {
  return new Request(`${ORIGIN}/projects/${projectId}/jobs?active=1`, { headers: { cookie, host: "localhost:3000", ...headers } });
}

describe("the jobs poll route", () => {
  it("answers the project's own pages", async () => {
    const response = await getJobs(jobsRequest({ origin: ORIGIN }), { params: Promise.resolve({ projectId }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ jobs: [] });
  });

  it("refuses another site's page with its own words, not the tracking dialog's", async () => {
    const crossSite: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of crossSite) {
      const response = await getJobs(jobsRequest(headers), { params: Promise.resolve({ projectId }) });
      expect(response.status).toBe(403);
      const text = await response.text();
      expect(text).toBe(
        "Job progress can only be read from this project's pages. Open the project in Pledgehouse and try again.\n",
      );
      expect(text).not.toMatch(/tracking/i);
    }
  });
});

function postRequest(path: string, form: FormData): Request {
  return new Request(`${ORIGIN}/projects/${projectId}/${path}`, {
    method: "POST",
    headers: { cookie, host: "localhost:3000", origin: ORIGIN },
    body: form,
  });
}

describe("the tracking template route", () => {
  it("answers the lib's file as a download named after the project, in the format asked for", async () => {
    const { backer } = await createBacker(prisma, projectId, { email: "ada@example.com", name: "Ada", backerNumber: 7 });
    const form = () => {
      const data = new FormData();
      data.set("selection", JSON.stringify({ kind: "ids", ids: [backer.id] }));
      return data;
    };
    const csv = await postTrackingTemplate(postRequest("tracking/template", form()), { params: Promise.resolve({ projectId }) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="tracking-numbers-tiny-forest.csv"');
    expect(csv.headers.get("cache-control")).toBe("no-store");
    const text = await csv.text();
    expect(text).toContain("Backer Number");
    expect(text).toContain("7,ada@example.com,Ada");

    const xlsxForm = form();
    xlsxForm.set("format", "xlsx");
    const xlsx = await postTrackingTemplate(postRequest("tracking/template", xlsxForm), { params: Promise.resolve({ projectId }) });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("content-disposition")).toBe('attachment; filename="tracking-numbers-tiny-forest.xlsx"');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a ZIP, as every .xlsx is
  });
});

describe("the code bank route", () => {
  let rewardId: string;
  beforeEach(async () => {
    rewardId = (await prisma.digitalReward.create({ data: { projectId, name: "Soundtrack key", kind: "UNIQUE" } })).id;
  });

  const post = (fields: Record<string, string | File>, headers: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const request = postRequest(`digital-rewards/${rewardId}/codes`, form);
    for (const [key, value] of Object.entries(headers)) request.headers.set(key, value);
    return postCodes(request, { params: Promise.resolve({ projectId, rewardId }) });
  };
  const bank = async () =>
    (await prisma.digitalCode.findMany({ where: { digitalRewardId: rewardId }, orderBy: { value: "asc" } })).map((code) => code.value);

  it("adds pasted codes, a CSV and a workbook, answering what was added and what the bank holds", async () => {
    const pasted = await post({ codes: "KEY-1, KEY-2" });
    expect(pasted.status).toBe(200);
    expect(await pasted.json()).toEqual({ added: 2, bankLeft: 2 });

    const csv = await post({ codes: "", file: new File(["Code\nKEY-3\nKEY-4\n"], "codes.csv", { type: "text/csv" }) });
    expect(await csv.json()).toEqual({ added: 2, bankLeft: 4 });

    const workbook = craftWorkbook({ sheets: [{ name: "Codes", rows: row(1, cell.inline("A1", "Code")) + row(2, cell.inline("A2", "KEY-5")) }] });
    const xlsx = await post({ file: new File([workbook as BlobPart], "codes.xlsx") });
    expect(await xlsx.json()).toEqual({ added: 1, bankLeft: 5 });
    expect(await bank()).toEqual(["KEY-1", "KEY-2", "KEY-3", "KEY-4", "KEY-5"]);
  });

  it("refuses a list with problems, one per line naming the rows, and adds nothing", async () => {
    const repeated = await post({ file: new File(["KEY-1\nKEY-2\nKEY-1\n"], "codes.txt", { type: "text/plain" }) });
    expect(repeated.status).toBe(400);
    expect(await repeated.text()).toContain('"KEY-1" (2 times: row 1 of codes.txt; row 3 of codes.txt)');

    await post({ codes: "KEY-1" });
    const already = await post({ codes: "KEY-1\nKEY-9" });
    expect(already.status).toBe(400);
    expect(await already.text()).toContain("“KEY-1” (already in the bank)");

    const both = await post({ codes: "KEY-7", file: new File(["KEY-8"], "codes.csv") });
    expect(await both.text()).toMatch(/You both pasted codes and chose a file/);

    const notAList = await post({ file: new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0, 1, 2])], "codes.pdf") });
    expect(notAList.status).toBe(400);
    expect(await notAList.text()).not.toBe("");
    expect(await bank()).toEqual(["KEY-1"]);
  });

  it("refuses a shared reward, another site's page, and a list past the size limit as it arrives", async () => {
    await prisma.digitalReward.update({ where: { id: rewardId }, data: { kind: "SHARED", sharedValue: "https://example.com/w" } });
    const shared = await post({ codes: "KEY-1" });
    expect(shared.status).toBe(400);
    expect(await shared.text()).toContain("is a shared access code reward");
    await prisma.digitalReward.update({ where: { id: rewardId }, data: { kind: "UNIQUE", sharedValue: null } });

    const crossSite = await post({ codes: "KEY-1" }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("Codes can only be added from the digital reward's page.");

    const huge = await post({ file: new File([new Uint8Array(32 * 1024 * 1024).fill(0x41)], "codes.txt") });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/limit (is|of) 30\.0 MB\. Split the codes into smaller files/);
    expect(await bank()).toEqual([]);
  });
});

describe("the digital reward send routes", () => {
  let rewardId: string;
  let selection: string;
  beforeEach(async () => {
    rewardId = (await prisma.digitalReward.create({ data: { projectId, name: "Soundtrack key", kind: "UNIQUE" } })).id;
    const ids = [];
    for (const [number, name] of [[1, "Ada"], [2, "Grace"]] as const) {
      ids.push((await createBacker(prisma, projectId, { email: `${name.toLowerCase()}@example.com`, name, backerNumber: number })).backer.id);
    }
    selection = JSON.stringify({ kind: "ids", ids });
  });

  const post = (route: "preview" | "send", fields: Record<string, string | File>, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("selection", selection);
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const request = postRequest(`digital-rewards/${rewardId}/send${route === "preview" ? "/preview" : ""}`, form);
    for (const [key, value] of Object.entries(headers)) request.headers.set(key, value);
    const context = { params: Promise.resolve({ projectId, rewardId }) };
    return route === "preview" ? postSendPreview(request, context) : postSend(request, context);
  };
  const codesFile = () => new File(["Code\nKEY-1\nKEY-2\n"], "codes.csv", { type: "text/csv" });

  it("previews and sends an uploaded file of codes: the job gives each backer the file's code, once per token", async () => {
    const preview = await post("preview", { source: "file", file: codesFile() });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      recipientCount: 2,
      codesGiven: 2,
      problems: [],
      sample: [
        { name: "Ada", value: "KEY-1" },
        { name: "Grace", value: "KEY-2" },
      ],
    });

    const token = randomUUID();
    const sent = await post("send", { source: "file", file: codesFile(), token });
    expect(sent.status).toBe(202);
    const { jobId } = (await sent.json()) as { jobId: string };
    expect(await readJob(jobId)).toMatchObject({ status: "QUEUED", kind: "DIGITAL_REWARD_SEND" });
    // A double submit of the same dialog gives the job already queued.
    expect(await (await post("send", { source: "file", file: codesFile(), token })).json()).toEqual({ jobId });

    const worker = await startJobWorker({ heartbeatMs: 500 });
    try {
      expect(await waitForJobStatus(jobId, ["DONE", "FAILED"])).toMatchObject({ status: "DONE", result: { sent: 2 } });
    } finally {
      await worker.stop();
    }
    const deliveries = await prisma.digitalRewardDelivery.findMany({
      where: { digitalRewardId: rewardId },
      select: { value: true, pledge: { select: { backer: { select: { name: true } } } } },
      orderBy: { value: "asc" },
    });
    expect(deliveries.map((d) => [d.pledge.backer.name, d.value])).toEqual([["Ada", "KEY-1"], ["Grace", "KEY-2"]]);
    expect(await prisma.projectJob.count({ where: { projectId } })).toBe(1);
  });

  it("refuses a file with problems (one per line, naming the file and row), another site's page and an oversized list, queueing nothing", async () => {
    const repeated = () => new File(["KEY-1\nKEY-2\nKEY-1\n"], "codes.txt", { type: "text/plain" });
    const named = '"KEY-1" (2 times: row 1 of codes.txt; row 3 of codes.txt)';
    // The preview lists the problems beside the counts; the send refuses with them as text.
    const preview = (await (await post("preview", { source: "file", file: repeated() })).json()) as { problems: string[] };
    expect(preview.problems.join("\n")).toContain(named);
    const refused = await post("send", { source: "file", file: repeated(), token: randomUUID() });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(named);
    const crossSite = await post("send", { source: "file", file: codesFile(), token: randomUUID() }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("Digital rewards can only be sent from this project's pages.");
    const huge = await post("send", { source: "file", file: new File([new Uint8Array(32 * 1024 * 1024).fill(0x41)], "codes.txt"), token: randomUUID() });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/limit (is|of) 30\.0 MB\. Split the codes into smaller files[\s\S]*Nothing was sent\./);
    expect(await prisma.projectJob.count({ where: { projectId } })).toBe(0);
  });
});
