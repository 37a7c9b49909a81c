import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Who may open a route:
 * - public: anyone (landing page, sign-in, Better Auth's endpoints, the dev mailbox, which only
 *   exists when ENABLE_DEV_MAILBOX is set);
 * - user: any signed-in user, who sees only their own things (their projects, their pledges);
 * - project: members of the route's [projectId] only;
 * - pledge: the pledge's backer and members of its project only.
 */
export type RouteAccess = "public" | "user" | "project" | "pledge";

export type DiscoveredRoute = {
  /** The source file, relative to the repository root. */
  file: string;
  /** The URL pattern, e.g. /projects/[projectId]/backers. */
  pattern: string;
  kind: "page" | "route";
  /** HTTP methods a route handler exports; ["GET"] for pages. */
  methods: string[];
};

/**
 * Public and user-level routes are listed one by one, so a new route that is not under a project
 * or a pledge fails the matrix until someone decides who may open it.
 */
const PUBLIC_ROUTES = new Set([
  "/",
  "/sign-in",
  "/sign-in/check-inbox",
  "/api/auth/[...all]",
  "/dev/mailbox",
  "/dev/mailbox/[id]",
  // Health checks for load balancers and orchestrators: instance-wide figures, nothing about a project.
  "/api/health",
  "/api/health/ready",
  // Mail provider webhooks (each verifies its own signature) and the one-click unsubscribe.
  "/api/webhooks/mail/[provider]",
  "/unsubscribe/[token]",
  "/api/unsubscribe/[token]",
  // A team invitation's landing page: the token is the secret; it shows the project's name to
  // whoever holds the emailed link, and asks them to sign in as the invited address.
  "/invitations/[token]",
]);
const USER_ROUTES = new Set(["/projects", "/projects/new", "/pledges"]);

/** The access rule of a route pattern, or undefined when nobody has decided it yet. */
export function classifyRoute(pattern: string): RouteAccess | undefined {
  if (PUBLIC_ROUTES.has(pattern)) return "public";
  if (USER_ROUTES.has(pattern)) return "user";
  if (pattern === "/projects/[projectId]" || pattern.startsWith("/projects/[projectId]/")) return "project";
  if (pattern === "/pledges/[pledgeId]" || pattern.startsWith("/pledges/[pledgeId]/")) return "pledge";
  return undefined;
}

/** "app/projects/[projectId]/backers/page.tsx" → "/projects/[projectId]/backers"; route groups drop out. */
export function patternOfAppFile(file: string): string {
  const segments = path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((segment) => !(segment.startsWith("(") && segment.endsWith(")")) && !segment.startsWith("@"));
  return `/${segments.join("/")}`;
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * The HTTP methods a route handler module exports: declarations (`export async function GET`,
 * `export const POST = …`, `export const { GET, POST } = …`) and export lists, where the exported
 * name is the one after `as` (`export { handler as DELETE }`, `export { GET } from "…"`).
 */
export function exportedMethods(source: string): string[] {
  const exported = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+function\*?|function\*?|const|let|var)\s+([A-Za-z_$][\w$]*)/g)) exported.add(match[1]);
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}/g)) {
    for (const part of match[1].split(",")) {
      // `{ GET, POST: handler }` binds GET and handler.
      const name = (part.includes(":") ? part.slice(part.indexOf(":") + 1) : part).split("=")[0].trim();
      if (name) exported.add(name);
    }
  }
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1].split(",")) {
      const words = part.trim().split(/\s+as\s+/);
      const name = words[words.length - 1].trim();
      if (name) exported.add(name);
    }
  }
  return HTTP_METHODS.filter((method) => exported.has(method));
}

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Every page and route handler under app/, read from the file system. */
export function discoverRoutes(root = process.cwd()): DiscoveredRoute[] {
  return walk(path.join(root, "app"))
    .map((full) => path.relative(root, full))
    .filter((file) => /\/(page|route)\.(tsx|ts|jsx|js)$/.test(file))
    .map((file): DiscoveredRoute => {
      const kind = /\/page\.[jt]sx?$/.test(file) ? "page" : "route";
      return {
        file,
        pattern: patternOfAppFile(file),
        kind,
        methods: kind === "page" ? ["GET"] : exportedMethods(readFileSync(path.join(root, file), "utf8")),
      };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern) || a.file.localeCompare(b.file));
}

/** The names of a pattern's dynamic segments: "/projects/[projectId]/x/[rewardId]" → ["projectId", "rewardId"]. */
export function paramsOf(pattern: string): string[] {
  return [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((match) => match[1]);
}

/** The pattern with each dynamic segment replaced by its value; throws naming a missing one. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_segment, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for [${name}] in ${pattern}: add one to the matrix's route parameters.`);
    return encodeURIComponent(value);
  });
}
