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

const { prisma } = await import("@/lib/db/client");
const { createBacker, createProject, createUser } = await import("@/lib/demo/factories");
const { GET: getJobs } = await import("@/app/projects/[projectId]/jobs/route");
const { POST: postTrackingTemplate } = await import("@/app/projects/[projectId]/tracking/template/route");
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
