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
const { createProject, createUser } = await import("@/lib/demo/factories");
const { GET: getJobs } = await import("@/app/projects/[projectId]/jobs/route");
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
