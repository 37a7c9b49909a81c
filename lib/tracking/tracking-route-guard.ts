import "server-only";
import type { CurrentUser } from "@/lib/auth/get-current-user";
import { authorizeProjectRoute } from "@/lib/projects/authorize-project-route";
import type { MemberProject } from "@/lib/projects/get-project-for-member-or-throw";
import type { ProjectPermission } from "@/lib/projects/project-permissions";
import { isCrossSiteRequest } from "@/lib/auth/is-cross-site-request";
import { readFormWithinLimit } from "@/lib/http/read-form-within-limit";
import { describeOversizedUpload } from "@/lib/http/describe-oversized-upload";
import { MAX_UPLOAD_FILE_BYTES } from "@/lib/http/request-body-limits";

/** A plain-text response, for route handlers whose callers show the message as is. */
export function textResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * For the tracking route handlers: the signed-in member and the project, or the Response to send
 * (404 for anyone but a member, exactly as for a project that does not exist; 403 for a member
 * whose role lacks `permission`; 403 cross-site).
 */
export async function guardTrackingRoute(
  request: Request,
  projectId: string,
  permission: ProjectPermission,
): Promise<{ ok: true; user: CurrentUser; project: MemberProject } | { ok: false; response: Response }> {
  const member = await authorizeProjectRoute(projectId, permission);
  if (!member.ok) return { ok: false, response: textResponse(member.status, member.message) };
  if (isCrossSiteRequest(request)) {
    return { ok: false, response: textResponse(403, "Tracking numbers can only be added from the backer report. Open it and try again.") };
  }
  return { ok: true, user: member.user, project: member.project };
}

/**
 * The posted form of a tracking route, or the Response to send: 413 as soon as the body passes
 * `maxBytes` (counted while it arrives, whatever `Content-Length` says), 400 when it is not a form.
 */
export async function readTrackingRouteForm(request: Request, maxBytes: number): Promise<{ ok: true; form: FormData } | { ok: false; response: Response }> {
  const read = await readFormWithinLimit(request, maxBytes);
  if (read.ok) return read;
  if (read.reason === "too-large") {
    return {
      ok: false,
      response: textResponse(413, `${describeOversizedUpload(read.declared, Math.min(read.limit, MAX_UPLOAD_FILE_BYTES))} Split the file into smaller files (for example one per reward). Nothing was changed.`),
    };
  }
  if (read.reason === "incomplete") return { ok: false, response: textResponse(400, "The upload did not arrive complete. Try again; nothing was changed.") };
  return { ok: false, response: textResponse(400, "The upload was not a form. Reload the page and upload the file again.") };
}
