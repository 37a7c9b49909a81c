import "server-only";
import type { CurrentUser } from "@/lib/auth/get-current-user";
import { DomainError } from "@/lib/errors";
import { authorizeProjectRoute } from "@/lib/projects/authorize-project-route";
import type { MemberProject } from "@/lib/projects/get-project-for-member-or-throw";
import type { ProjectPermission } from "@/lib/projects/project-permissions";
import { isCrossSiteRequest } from "@/lib/auth/is-cross-site-request";
import { readFormWithinLimit } from "@/lib/http/read-form-within-limit";
import { describeOversizedUpload } from "@/lib/http/describe-oversized-upload";
import { MAX_UPLOAD_FILE_BYTES } from "@/lib/http/request-body-limits";

/** A JSON response that no cache or proxy keeps or rewrites. */
export function jsonResponse(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/** An expected failure, as the import page shows it. */
export function failureResponse(status: number, code: string, message: string): Response {
  return jsonResponse(status, { ok: false, code, message });
}

/**
 * For the import route handlers: the signed-in member and the project, or the Response to send —
 * 404 for anyone but a member (exactly as for a project that does not exist), 403 for a member
 * whose role lacks `permission`, 403 cross-site.
 */
export async function guardImportRoute(
  request: Request,
  projectId: string,
  permission: ProjectPermission,
): Promise<{ ok: true; user: CurrentUser; project: MemberProject } | { ok: false; response: Response }> {
  const member = await authorizeProjectRoute(projectId, permission);
  if (!member.ok) return { ok: false, response: failureResponse(member.status, member.code, member.message) };
  if (request.method !== "GET" && isCrossSiteRequest(request)) {
    return { ok: false, response: failureResponse(403, "FORBIDDEN", "Backers can only be imported from the Imports page. Open it and try again.") };
  }
  return { ok: true, user: member.user, project: member.project };
}

/**
 * The posted import form, or the Response to send: 413 as soon as the body passes `maxBytes`
 * (counted while it arrives, whatever `Content-Length` says), 400 when it is cut off or not a form.
 */
export async function readImportRouteForm(request: Request, maxBytes: number): Promise<{ ok: true; form: FormData } | { ok: false; response: Response }> {
  const read = await readFormWithinLimit(request, maxBytes);
  if (read.ok) return read;
  if (read.reason === "too-large") {
    return {
      ok: false,
      response: failureResponse(
        413,
        "INVALID_INPUT",
        `${describeOversizedUpload(read.declared, Math.min(read.limit, MAX_UPLOAD_FILE_BYTES))} Split the report into smaller files (for example one per reward). Nothing was changed.`,
      ),
    };
  }
  return { ok: false, response: failureResponse(400, "INVALID_INPUT", "The upload did not arrive complete. Choose the file and try again; nothing was changed.") };
}

const STATUS: Record<DomainError["code"], number> = { NOT_FOUND: 404, FORBIDDEN: 403, CONFLICT: 409, INVALID_INPUT: 400 };

/** Maps a DomainError to its response; anything else is a bug and is rethrown. */
export function domainErrorResponse(error: unknown): Response {
  if (error instanceof DomainError) return failureResponse(STATUS[error.code], error.code, error.message);
  throw error;
}
