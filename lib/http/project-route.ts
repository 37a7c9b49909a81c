import "server-only";
import type { CurrentUser } from "@/lib/auth/get-current-user";
import { isCrossSiteRequest } from "@/lib/auth/is-cross-site-request";
import { authorizeProjectRoute } from "@/lib/projects/authorize-project-route";
import type { MemberProject } from "@/lib/projects/get-project-for-member-or-throw";
import type { ProjectPermission } from "@/lib/projects/project-permissions";
import { readRouteForm, type RouteFormMessages } from "./read-route-form";
import { domainErrorRouteResponse, routeFailureResponse, type RouteFailureFormat } from "./route-responses";

export type ProjectRouteOptions = {
  /** What the member's role must allow (lib/projects/project-permissions.ts). */
  permission: ProjectPermission;
  format: RouteFailureFormat;
  /**
   * The 403 message for a request from another site's page (lib/auth/is-cross-site-request.ts);
   * set on every route that changes data or answers with backers' details to a script.
   */
  crossSite?: string;
  /** Read the posted form within `limit` bytes (REQUEST_BODY_LIMITS), refusing it with these messages. */
  form?: { limit: number; messages: RouteFormMessages };
};

export type ProjectRouteContext<P> = { request: Request; params: P; user: CurrentUser; project: MemberProject };

type RouteHandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/**
 * The one wrapper of project route handlers, as `createProjectAction` is for actions: the member
 * and the project (404 for anyone else, exactly as for a project that does not exist; 403 with
 * the reason for a member whose role lacks `permission`), the cross-site check, the form read
 * within its limit, and domain errors answered through DOMAIN_ERROR_STATUS.
 */
export function projectRoute<P extends { projectId: string }>(
  options: ProjectRouteOptions & { form: NonNullable<ProjectRouteOptions["form"]> },
  handler: (context: ProjectRouteContext<P> & { form: FormData }) => Promise<Response>,
): RouteHandler<P>;
export function projectRoute<P extends { projectId: string }>(
  options: ProjectRouteOptions & { form?: undefined },
  handler: (context: ProjectRouteContext<P>) => Promise<Response>,
): RouteHandler<P>;
export function projectRoute<P extends { projectId: string }>(
  options: ProjectRouteOptions,
  handler: (context: ProjectRouteContext<P> & { form: FormData }) => Promise<Response>,
): RouteHandler<P> {
  return async (request, { params }) => {
    const resolved = await params;
    const member = await authorizeProjectRoute(resolved.projectId, options.permission);
    if (!member.ok) return routeFailureResponse(options.format, member.status, member.code, member.message);
    if (options.crossSite && isCrossSiteRequest(request)) {
      return routeFailureResponse(options.format, 403, "FORBIDDEN", options.crossSite);
    }
    let form = undefined as unknown as FormData;
    if (options.form) {
      const posted = await readRouteForm(request, options.format, options.form);
      if (!posted.ok) return posted.response;
      form = posted.form;
    }
    try {
      return await handler({ request, params: resolved, user: member.user, project: member.project, form });
    } catch (error) {
      return domainErrorRouteResponse(options.format, error);
    }
  };
}
