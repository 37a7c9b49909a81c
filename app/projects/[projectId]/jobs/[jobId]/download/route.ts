import { z } from "zod";
import { downloadResponse } from "@/lib/http/download-response";
import { projectRoute } from "@/lib/http/project-route";
import { routeFailureResponse } from "@/lib/http/route-responses";
import { readJobOutputOrThrow } from "@/lib/jobs/read-job-output-or-throw";

/**
 * The file a finished job wrote (a large backer report export), for the export dialog's and the
 * Activity page's download links. Members who may export only; another project's job answers 404
 * like one that does not exist. A download link, so a GET without the cross-site check: the
 * browser saves the file and no other site can read it.
 */
export const GET = projectRoute<{ projectId: string; jobId: string }>(
  { permission: "export", format: "text" },
  async ({ project, params: { jobId } }) => {
    if (!z.uuid().safeParse(jobId).success) return routeFailureResponse("text", 404, "NOT_FOUND", "This export does not exist in this project.");
    const { file, chunks } = await readJobOutputOrThrow(project.id, jobId);
    return downloadResponse(chunks, file);
  },
);
