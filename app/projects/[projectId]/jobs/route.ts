import { z } from "zod";
import { listProjectJobs } from "@/lib/jobs/list-project-jobs";
import { guardTrackingRoute, textResponse } from "@/lib/tracking/tracking-route-guard";

const QuerySchema = z.object({ id: z.uuid().optional(), active: z.enum(["1"]).optional() });

/**
 * The project's jobs as JSON, for polling: `?id=<job>` the one job a dialog started (404 when it is
 * not this project's), `?active=1` the queued and running ones (the header's indicator).
 */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardTrackingRoute(request, projectId, "read");
  if (!guard.ok) return guard.response;
  const url = new URL(request.url);
  const query = QuerySchema.safeParse({ id: url.searchParams.get("id") ?? undefined, active: url.searchParams.get("active") ?? undefined });
  if (!query.success) return textResponse(400, "Ask for ?id=<job id> or ?active=1.");
  const jobs = await listProjectJobs(guard.project.id, { jobId: query.data.id, activeOnly: query.data.active === "1", limit: 20 });
  if (query.data.id && jobs.length === 0) return textResponse(404, "This job does not exist.");
  return Response.json({ jobs }, { headers: { "Cache-Control": "no-store" } });
}
