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
      createElement(ProjectJobList, { projectId: "p", jobs: [job], canDownload: true, timeZone: "America/Los_Angeles", cancelAction: async () => ({ ok: true as const, data: { cancelled: true } }) }),
    );
    expect(html).toContain("Oct 24, 2026, 05:00 PDT");
    expect(html).not.toContain("UTC");
  });

  it("offers a finished export's file to a member who may download it, and not to a viewer", () => {
    const exported: ProjectJobView = {
      ...job,
      kind: "BACKER_REPORT_EXPORT",
      title: "Export 120 backers as CSV",
      result: { rows: 120, format: "csv", file: { name: "tidewater-backers-2026-10-24.csv", mediaType: "text/csv; charset=utf-8", attempt: 1, bytes: 20_480 } },
    };
    const render = (canDownload: boolean) =>
      renderToStaticMarkup(
        createElement(ProjectJobList, { projectId: "p", jobs: [exported], canDownload, timeZone: "UTC", cancelAction: async () => ({ ok: true as const, data: { cancelled: true } }) }),
      );
    const html = render(true);
    expect(html).toContain("120 backers exported to tidewater-backers-2026-10-24.csv (20 KB).");
    expect(html).toContain(`href="/projects/p/jobs/${job.id}/download"`);
    expect(html).toContain("Download CSV");
    expect(render(false)).not.toContain("/download");
  });
});
