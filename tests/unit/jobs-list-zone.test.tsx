import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ProjectJobView } from "@/lib/jobs/project-job-types";

// The list refreshes itself through the App Router, which a static render has no instance of.
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {} }) }));

const { ProjectJobList } = await import("@/components/jobs/project-job-list");

const job: ProjectJobView = {
  id: "5d2c1a0e-0000-4000-8000-000000000001",
  kind: "TRACKING_APPLY",
  status: "DONE",
  title: "Add tracking numbers from orders.csv",
  step: null,
  percent: 100,
  result: null,
  error: null,
  createdAt: "2026-10-24T12:00:00.000Z",
  startedAt: null,
  finishedAt: null,
  createdByName: "Olive Owner",
};

describe("the Activity page's job list", () => {
  it("shows when a job started on the project's clock with the zone's label, not in UTC", () => {
    const html = renderToStaticMarkup(
      createElement(ProjectJobList, { projectId: "p", jobs: [job], timeZone: "America/Los_Angeles", cancelAction: async () => ({ ok: true as const, data: { cancelled: true } }) }),
    );
    expect(html).toContain("Oct 24, 2026, 05:00 PDT");
    expect(html).not.toContain("UTC");
  });
});
