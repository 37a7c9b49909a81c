import { z } from "zod";
import { projectRoute } from "@/lib/http/project-route";
import { jsonRouteResponse, routeFailureResponse } from "@/lib/http/route-responses";
import { listProjectJobs } from "@/lib/jobs/list-project-jobs";
import { JOBS_CROSS_SITE_MESSAGE } from "./jobs-route-options";

const QuerySchema = z.object({ id: z.uuid().optional(), active: z.enum(["1"]).optional() });

/**
 * The project's jobs as JSON, for polling: `?id=<job>` the one job a dialog started (404 when it is
 * not this project's), `?active=1` the queued and running ones (the header's indicator).
 */
export const GET = projectRoute(
  { permission: "read", format: "text", crossSite: JOBS_CROSS_SITE_MESSAGE },
  async ({ request, project }) => {
    const url = new URL(request.url);
    const query = QuerySchema.safeParse({
      id: url.searchParams.get("id") ?? undefined,
      active: url.searchParams.get("active") ?? undefined,
    });
    if (!query.success) return routeFailureResponse("text", 400, "INVALID_INPUT", "Ask for ?id=<job id> or ?active=1.");
    const jobs = await listProjectJobs(project.id, {
      jobId: query.data.id,
      activeOnly: query.data.active === "1",
      limit: 20,
    });
    if (query.data.id && jobs.length === 0)
      return routeFailureResponse("text", 404, "NOT_FOUND", "This job does not exist.");
    return jsonRouteResponse({ jobs });
  },
);
