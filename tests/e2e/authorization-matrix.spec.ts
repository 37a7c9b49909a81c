import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { ACTION_PLANS } from "./support/authz-action-inputs";
import { callServerAction, discoverSourceActions, readBuiltActions, type ActionResponse, type BuiltAction } from "./support/authz-actions";
import { createAuthzFixture, fingerprintProject, waitForProjectJobsToSettle, waitForProjectMailToSettle, withDatabase, type AuthzFixture } from "./support/authz-fixture";
import { classifyRoute, discoverRoutes, fillPattern, patternOfAppFile, type DiscoveredRoute } from "./support/authz-routes";
import { signIn } from "./support/sign-in";

/*
 * The authorization matrix: every page, route handler and server action of the build, called as
 * each of six people, against a project of the matrix's own (support/authz-fixture.ts).
 *
 * Rules, as the app implements them (README, "Authorization answers 404"):
 * - A member of the project succeeds.
 * - A viewer of the project (a member with the read-only role) opens every page, and every route
 *   handler and every server action that changes something or exports backers' data answers 403 /
 *   FORBIDDEN with the reason; leaving the project is the one action a viewer may take.
 * - A backer of the project and a creator of another project get 404 from pages and route
 *   handlers, and NOT_FOUND from actions: exactly what a project that does not exist answers.
 * - Signed out, a page redirects to /sign-in?next=<exactly that page> (so the link works after signing
 *   in; the redirect is the same for a project that does not exist); a route handler answers 404
 *   (401 is accepted: it says nothing about the project either); an action answers FORBIDDEN
 *   with the signed-out message.
 * - A pledge's pages are its backer's and its project's members'; everyone else as above.
 * - A collaborator does all the work but not the team or the deletion: those actions answer
 *   FORBIDDEN with "Only an owner…", and the Team and Delete pages say so.
 * - A member naming their own project with a segment, reward, import, email, backer, pledge, item,
 *   level, incentive, job, invitation or user of another project gets 404 / a refusal, sees none of
 *   that project's names and changes none of its rows.
 * - A redirect goes where the action's plan says, on this site: any other redirect is a failure.
 * - No refused answer contains any of the project's names (project, backer, email, tier, reward,
 *   segment, incentive), and no refused call changes a row of the project.
 * Routes and actions are discovered from the source and the build, so a new one is covered, or
 * fails the matrix until someone states who may use it.
 */

const MEMBER_EMAIL = "authz-member@example.com";
const VIEWER_EMAIL = "authz-viewer@example.com";
const COLLABORATOR_EMAIL = "authz-collaborator@example.com";
/** A backer of the matrix's project only: the fixture gives them their pledge there. */
const BACKER_EMAIL = "authz-backer@example.com";
const OTHER_CREATOR_EMAIL = "authz-other-creator@example.com";
const SIGNED_OUT_MESSAGE = "You are signed out. Sign in again to continue.";

type Role = "anonymous" | "backer" | "otherCreator" | "viewer" | "collaborator" | "member";
const ROLES: Role[] = ["anonymous", "backer", "otherCreator", "viewer", "collaborator", "member"];
const OUTSIDERS: Role[] = ["anonymous", "backer", "otherCreator"];

test.describe.configure({ mode: "serial" });

let baseURL = "";
let fixture: AuthzFixture;
/** Another creator's project with children of every kind, to be named alongside the member's own project id. */
let foreign: AuthzFixture;
const clients = {} as Record<Role, APIRequestContext>;

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  baseURL = String(testInfo.project.use.baseURL);
  const storage: Partial<Record<Role, Awaited<ReturnType<APIRequestContext["storageState"]>>>> = {};
  const signedIn: [Role, string][] = [
    ["member", MEMBER_EMAIL],
    ["viewer", VIEWER_EMAIL],
    ["collaborator", COLLABORATOR_EMAIL],
    ["backer", BACKER_EMAIL],
    ["otherCreator", OTHER_CREATOR_EMAIL],
  ];
  for (const [role, email] of signedIn) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, email);
    storage[role] = await context.storageState();
    await context.close();
  }
  for (const role of ROLES) {
    clients[role] = await playwrightRequest.newContext({
      baseURL,
      ...(storage[role] ? { storageState: storage[role] } : {}),
      // Each person from an address of their own, as in support/sign-in.ts.
      extraHTTPHeaders: { "x-forwarded-for": `10.77.${ROLES.indexOf(role)}.${process.pid & 255}` },
    });
  }
  fixture = await createAuthzFixture(MEMBER_EMAIL, BACKER_EMAIL, VIEWER_EMAIL, COLLABORATOR_EMAIL);
  foreign = await createAuthzFixture(OTHER_CREATOR_EMAIL, `authz-foreign-${process.pid}-${Date.now()}@example.com`, null);
});

test.afterAll(async () => {
  for (const client of Object.values(clients)) await client.dispose();
});

/** The fixture's names that `role` must never see in the answer to `url`. */
function forbiddenSecrets(role: Role, allowedProjectName: boolean): string[] {
  if (role === "member" || role === "viewer" || role === "collaborator") return [];
  const { projectName, ...rest } = fixture.secrets;
  return [...Object.values(rest), ...(allowedProjectName ? [] : [projectName])];
}

function leaksIn(body: string, secrets: string[]): string[] {
  return secrets.filter((secret) => body.includes(secret));
}

function describeResponse(status: number, body: string, location?: string): string {
  return `status ${status}${location ? ` → ${location}` : ""}, body: ${body.replace(/\s+/g, " ").slice(0, 200)}`;
}

function describeAction(response: ActionResponse): string {
  if (response.error !== undefined) return `a thrown error (${response.error}), status ${response.status}`;
  return JSON.stringify(response.result) ?? describeResponse(response.status, response.body, response.redirect);
}

/**
 * Whether `location` sends a signed-out visitor of `url` to sign in and back. The project and
 * pledge layouts ask first, so `next` is the project's or pledge's own page rather than the
 * section opened: the same for every id, existing or not.
 */
function isSignInRedirectFor(url: string, location: string | undefined): boolean {
  if (!location) return false;
  const target = new URL(location, baseURL);
  const next = target.searchParams.get("next");
  return target.pathname === "/sign-in" && next === url;
}

const ROUTE_PARAMS = (): Record<string, string> => ({
  projectId: fixture.projectId,
  backerId: fixture.secretBackerId,
  rewardId: fixture.digitalRewardId,
  segmentId: fixture.segmentId,
  importId: fixture.importId,
  jobId: fixture.exportJobId,
  token: fixture.invitationToken,
});

/** A plausible body for each POST route handler, as its page would send it. */
const ROUTE_BODIES: Record<string, (f: AuthzFixture) => FormData> = {
  "/projects/[projectId]/backers/export": (f) => selectionForm(f),
  "/projects/[projectId]/segments/[segmentId]/export/sku-per-column": () => new FormData(),
  "/projects/[projectId]/tracking/template": (f) => selectionForm(f),
  "/projects/[projectId]/tracking/preview": (f) => trackingForm(f),
  "/projects/[projectId]/tracking/problems": (f) => trackingForm(f),
  "/projects/[projectId]/tracking/apply": (f) => trackingForm(f),
  "/projects/[projectId]/imports/preview": (f) => importForm(f),
  "/projects/[projectId]/digital-rewards/[rewardId]/codes": (f) => {
    const form = new FormData();
    form.append("codes", `MATRIX-${f.projectId.slice(0, 8)}-1\nMATRIX-${f.projectId.slice(0, 8)}-2`);
    return form;
  },
  "/projects/[projectId]/digital-rewards/[rewardId]/send/preview": (f) => digitalRewardSendForm(f),
  "/projects/[projectId]/digital-rewards/[rewardId]/send": (f) => {
    const form = digitalRewardSendForm(f);
    form.append("token", randomUUID());
    return form;
  },
  "/projects/[projectId]/imports/confirm": (f) => {
    const form = importForm(f);
    form.append("importId", f.importId);
    return form;
  },
};

function selectionForm(f: AuthzFixture): FormData {
  const form = new FormData();
  form.append("selection", JSON.stringify({ kind: "ids", ids: [f.secretBackerId] }));
  return form;
}

function digitalRewardSendForm(f: AuthzFixture): FormData {
  const form = selectionForm(f);
  form.append("source", "bank");
  return form;
}

function trackingForm(f: AuthzFixture): FormData {
  const form = selectionForm(f);
  form.append("file", new File(["Backer Number,Tracking Number\n2,1Z999AA10123456784\n"], "tracking.csv", { type: "text/csv" }));
  return form;
}

function importForm(f: AuthzFixture): FormData {
  const form = new FormData();
  const csv = `Backer Number,Backer UID,Backer Name,Email,Reward Title,Pledge Amount,Pledged At,Pledged Status\n3,9001,Matrix Newcomer,matrix-newcomer@example.com,${f.secrets.backerTier},$50.00,"2025/01/02, 10:00",collected\n`;
  form.append("file", new File([csv], "backers.csv", { type: "text/csv" }));
  return form;
}

type Call = { route: DiscoveredRoute; method: string; url: string; access: "user" | "project" | "pledge"; pledge?: "own" | "secret" };

/** Every request the route matrix makes, one per route, method and pledge. */
function routeCalls(): Call[] {
  const calls: Call[] = [];
  for (const route of discoverRoutes()) {
    const access = classifyRoute(route.pattern);
    if (access === undefined || access === "public") continue;
    for (const method of route.methods) {
      if (access === "pledge") {
        for (const pledge of ["own", "secret"] as const) {
          const pledgeId = pledge === "own" ? fixture.backerPledgeId : fixture.secretPledgeId;
          calls.push({ route, method, url: fillPattern(route.pattern, { ...ROUTE_PARAMS(), pledgeId }), access, pledge });
        }
      } else {
        calls.push({ route, method, url: fillPattern(route.pattern, ROUTE_PARAMS()), access });
      }
    }
  }
  return calls;
}

async function send(role: Role, call: Call, bodyFixture: AuthzFixture = fixture): Promise<{ status: number; body: string; location?: string }> {
  const client = clients[role];
  let response: APIResponse;
  if (call.method === "GET") response = await client.get(call.url, { maxRedirects: 0 });
  else if (call.method === "POST") {
    const body = ROUTE_BODIES[call.route.pattern];
    response = await client.post(call.url, { multipart: body(bodyFixture), headers: { Origin: baseURL }, maxRedirects: 0 });
  } else throw new Error(`${call.method} ${call.route.pattern}: the matrix does not know how to call this method yet.`);
  return { status: response.status(), body: await response.text(), location: response.headers()["location"] };
}

/** Who succeeds on a call: project members always; the backer on their own pledge; everyone signed in on user routes. */
function allowed(role: Role, call: Call): boolean {
  if (role === "member") return true;
  if (call.access === "user") return role !== "anonymous";
  if (call.access === "pledge") return role === "backer" && call.pledge === "own";
  return false;
}

test("every page and route handler is classified, and every parameter has a value", () => {
  const routes = discoverRoutes();
  expect(routes.length, "no routes found under app/: is the spec run from the repository root?").toBeGreaterThan(10);
  const unclassified = routes.filter((route) => classifyRoute(route.pattern) === undefined);
  expect(
    unclassified.map((route) => `${route.file} (${route.pattern})`),
    "routes nobody has classified: add them to support/authz-routes.ts as public or user routes, or move them under a project or pledge",
  ).toEqual([]);
  const withoutMethods = routes.filter((route) => route.methods.length === 0);
  expect(withoutMethods.map((route) => route.file), "route handlers whose methods the matrix cannot read").toEqual([]);
  const missingBodies = routes
    .filter((route) => route.kind === "route" && classifyRoute(route.pattern) !== "public" && route.methods.includes("POST"))
    .filter((route) => !ROUTE_BODIES[route.pattern])
    .map((route) => route.pattern);
  expect(missingBodies, "POST route handlers without a body in ROUTE_BODIES (authorization-matrix.spec.ts)").toEqual([]);
  expect(() => routeCalls()).not.toThrow();
});

/**
 * Route handlers a viewer may call: they read what the project's pages already show a viewer and
 * hold no backer's personal data (the jobs route feeds every page header's running indicator).
 */
const VIEWER_READABLE_ROUTES = new Set(["app/projects/[projectId]/jobs/route.ts"]);

test("pages and route handlers answer members (and a pledge's backer) only; the rest get 404 and no names", async () => {
  test.setTimeout(180_000);
  const calls = routeCalls();
  const problems: string[] = [];
  await waitForProjectJobsToSettle(fixture.projectId);
  await waitForProjectMailToSettle(fixture.projectId);
  const before = await fingerprintProject(fixture.projectId);

  // Everyone but the member first, including the POST handlers, which must not write.
  for (const call of calls) {
    for (const role of OUTSIDERS) {
      const { status, body, location } = await send(role, call);
      const where = `${call.method} ${call.url} (${call.route.file}${call.pledge ? `, ${call.pledge} pledge` : ""}) as ${role}`;
      if (allowed(role, call)) {
        if (status !== 200) problems.push(`${where}: expected 200, got ${describeResponse(status, body, location)}`);
        const ownPledge = call.access === "pledge" || call.route.pattern === "/pledges";
        const leaks = leaksIn(body, forbiddenSecrets(role, ownPledge));
        if (leaks.length) problems.push(`${where}: shows ${leaks.join(", ")}`);
        if (call.access === "pledge" && !body.includes(fixture.secrets.projectName)) {
          problems.push(`${where}: the backer's own pledge page does not show its project`);
        }
        continue;
      }
      const signInRedirect = role === "anonymous" && call.route.kind === "page";
      if (signInRedirect) {
        if (status !== 307 || !isSignInRedirectFor(call.url, location)) {
          problems.push(`${where}: expected 307 to /sign-in?next=${encodeURIComponent(call.url)}, got ${describeResponse(status, body, location)}`);
        }
      } else {
        const refused = role === "anonymous" ? [404, 401] : [404];
        if (!refused.includes(status)) problems.push(`${where}: expected ${refused.join(" or ")}, got ${describeResponse(status, body, location)}`);
      }
      const leaks = leaksIn(body, forbiddenSecrets(role, false));
      if (leaks.length) problems.push(`${where}: refused, but the body contains ${leaks.join(", ")}`);
    }
  }
  // The viewer: every page opens; every route handler that changes something or exports backers'
  // personal data answers 403 with the reason; the few that only read what every page shows answer 200.
  for (const call of calls) {
    const { status, body, location } = await send("viewer", call);
    const where = `${call.method} ${call.url} (${call.route.file}) as viewer`;
    if (call.route.kind === "page") {
      if (status === 307 && location?.startsWith(`/projects/${fixture.projectId}/`)) continue;
      if (status !== 200) problems.push(`${where}: expected 200, got ${describeResponse(status, body, location)}`);
      else if (call.access === "project" && !body.includes(fixture.secrets.projectName)) problems.push(`${where}: the page does not show the project's name`);
    } else if (call.access === "project" && VIEWER_READABLE_ROUTES.has(call.route.file)) {
      if (status !== 200) problems.push(`${where}: expected 200 (viewers may read it), got ${describeResponse(status, body, location)}`);
    } else if (call.access === "project") {
      if (status !== 403 || !/viewer/i.test(body)) problems.push(`${where}: expected 403 saying the viewer may not, got ${describeResponse(status, body, location)}`);
    }
  }
  expect(await fingerprintProject(fixture.projectId), "a refused request changed the project's rows").toEqual(before);

  // Then the member: every page renders the project; every handler answers something other than a refusal.
  for (const call of calls) {
    const { status, body, location } = await send("member", call);
    const where = `${call.method} ${call.url} (${call.route.file}) as member`;
    if (call.route.kind === "page" && status === 307 && location?.startsWith(`/projects/${fixture.projectId}/`)) {
      continue; // The project's overview opens its first section.
    }
    if (call.route.kind === "page" || call.method === "GET") {
      if (status !== 200) problems.push(`${where}: expected 200, got ${describeResponse(status, body, location)}`);
      else if (call.route.kind === "page" && call.access !== "user" && !body.includes(fixture.secrets.projectName)) {
        problems.push(`${where}: the page does not show the project's name`);
      }
    } else if ([401, 403, 404].includes(status) || status >= 500) {
      problems.push(`${where}: expected an answer, got ${describeResponse(status, body, location)}`);
    }
  }
  expect(problems, `${problems.length} of ${calls.length * ROLES.length} route checks failed:\n${problems.join("\n")}`).toEqual([]);
  console.log(`authorization matrix: ${calls.length} route requests × ${ROLES.length} roles`);
});

test("every server action in the source is in the build, and the matrix has an input for it", () => {
  const source = discoverSourceActions();
  const built = readBuiltActions(source);
  const builtKeys = new Set(built.map((action) => action.key));
  const sourceKeys = new Set(source.map((action) => action.key));
  expect(source.filter((action) => !builtKeys.has(action.key)).map((action) => action.key), "actions in the source that the build does not register").toEqual([]);
  expect(built.filter((action) => !sourceKeys.has(action.key)).map((action) => `${action.key} (${action.id})`), "actions in the build the source scan missed").toEqual([]);
  expect(
    source.filter((action) => !ACTION_PLANS[action.key]).map((action) => action.key),
    "server actions without an entry in ACTION_PLANS (tests/e2e/support/authz-action-inputs.ts): add one with valid input aimed at the fixture project",
  ).toEqual([]);
  expect(Object.keys(ACTION_PLANS).filter((key) => !sourceKeys.has(key)), "ACTION_PLANS entries for actions that no longer exist").toEqual([]);
});

/** The page the action is posted to: the first page of the build that uses it. */
function pageUrlFor(action: BuiltAction): string {
  const page = action.workers.find((worker) => worker.endsWith("/page") && !worker.startsWith("app/_"));
  if (!page) throw new Error(`${action.key}: no page of the build uses this action`);
  return fillPattern(patternOfAppFile(page), { ...ROUTE_PARAMS(), pledgeId: fixture.backerPledgeId });
}

/**
 * The encrypted closure values Next bound to an inline action on a member's page, read from that
 * page's RSC payload (the browser receives them the same way). Empty for module-level actions.
 */
async function boundArgsFor(action: BuiltAction, pageUrl: string): Promise<unknown[]> {
  if (!action.exportedName.startsWith("$$RSC_SERVER_ACTION_")) return [];
  const response = await clients.member.get(pageUrl, { headers: { RSC: "1" } });
  const payload = await response.text();
  const reference = new RegExp(`"id":"${action.id}","bound":"\\$@([0-9a-f]+)"`).exec(payload);
  if (!reference) throw new Error(`${action.key}: no bound reference to ${action.id} in the RSC payload of ${pageUrl}`);
  // Next encrypts the closure asynchronously, so each bound value is itself a reference ("$@<row>").
  const resolve = (value: unknown): unknown => {
    if (typeof value !== "string" || !value.startsWith("$")) return value;
    if (value.startsWith("$$")) return value.slice(1);
    const ref = /^\$@([0-9a-f]+)$/.exec(value);
    if (!ref) throw new Error(`${action.key}: bound value ${value} is of a kind the matrix cannot read`);
    const row = new RegExp(`(?:^|\\n)${ref[1]}:(.*)\\n`).exec(payload);
    if (!row) throw new Error(`${action.key}: row ${ref[1]} is missing from the RSC payload of ${pageUrl}`);
    const parsed = JSON.parse(row[1]) as unknown;
    return Array.isArray(parsed) ? parsed.map(resolve) : resolve(parsed);
  };
  const bound = resolve(`$@${reference[1]}`);
  if (!Array.isArray(bound)) throw new Error(`${action.key}: the bound arguments of ${action.id} are not a list`);
  return bound;
}

function resultOf(response: ActionResponse): { ok?: boolean; code?: string; message?: string } {
  const result = response.result;
  return typeof result === "object" && result !== null ? (result as { ok?: boolean; code?: string; message?: string }) : {};
}

type ActionCall = {
  action: BuiltAction;
  pageUrl: string;
  args: (f: AuthzFixture) => unknown[];
  member: string;
  access: string;
  viewer?: string;
  redirectTo?: (f: AuthzFixture) => RegExp;
};

/** Every non-public action of the build with its page and arguments; actions without a plan are named in `problems`. */
async function actionCalls(problems: string[]): Promise<ActionCall[]> {
  const source = discoverSourceActions();
  const built = readBuiltActions(source).sort((a, b) => a.key.localeCompare(b.key));
  const calls: ActionCall[] = [];
  for (const action of built) {
    const plan = ACTION_PLANS[action.key];
    if (!plan) {
      problems.push(`${action.key}: no entry in ACTION_PLANS`);
      continue;
    }
    if (plan.access === "public") continue;
    const pageUrl = pageUrlFor(action);
    const bound = await boundArgsFor(action, pageUrl);
    calls.push({ action, pageUrl, args: (f) => [...bound, ...plan.args(f)], member: plan.member, access: plan.access, viewer: plan.viewer, redirectTo: plan.redirectTo });
  }
  return calls;
}

/**
 * What is wrong with where an action sent the caller: nothing (null) when it is a path on this
 * site that the plan's pattern matches whole.
 */
function redirectProblem(call: ActionCall, location: string | undefined): string | null {
  if (!location) return "no redirect";
  if (!call.redirectTo) return `redirected to ${location}, but its ACTION_PLANS entry has no redirectTo to check it against`;
  const target = new URL(location, baseURL);
  if (target.origin !== new URL(baseURL).origin) return `redirected off the site, to ${location}`;
  const path = `${target.pathname}${target.search}`;
  const expected = call.redirectTo(fixture);
  return expected.test(path) ? null : `redirected to ${path}, expected ${expected}`;
}

test("server actions refuse everyone but the project's members, leak nothing and change nothing", async () => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const calls = await actionCalls(problems);

  await waitForProjectJobsToSettle(fixture.projectId);
  await waitForProjectMailToSettle(fixture.projectId);
  const before = await fingerprintProject(fixture.projectId);
  let outsiderCalls = 0;
  for (const call of calls) {
    for (const role of OUTSIDERS) {
      if (call.access === "user" && role !== "anonymous") continue;
      outsiderCalls += 1;
      const response = await callServerAction(clients[role], { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args: call.args(fixture) });
      const result = resultOf(response);
      const where = `${call.action.key} posted to ${call.pageUrl} as ${role}`;
      const expected =
        role === "anonymous"
          ? result.ok === false && result.code === "FORBIDDEN" && result.message === SIGNED_OUT_MESSAGE
          : result.ok === false && result.code === "NOT_FOUND";
      if (!expected) {
        const hint = result.code === "INVALID_INPUT" ? " (the input failed validation before the membership check: fix its ACTION_PLANS entry)" : "";
        problems.push(`${where}: expected ${role === "anonymous" ? "FORBIDDEN (signed out)" : "NOT_FOUND"}, got ${describeAction(response)}${hint}`);
      }
      const leaks = leaksIn(response.body, forbiddenSecrets(role, false));
      if (leaks.length) problems.push(`${where}: refused, but the answer contains ${leaks.join(", ")}`);
    }
  }
  // The viewer: every project action refuses with FORBIDDEN and the reason, except the ones a
  // viewer may take (leaving), which are made last because they end the viewer's membership.
  let viewerCalls = 0;
  for (const call of calls.filter((c) => c.access === "project" && !c.viewer)) {
    viewerCalls += 1;
    const response = await callServerAction(clients.viewer, { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args: call.args(fixture) });
    const result = resultOf(response);
    if (!(result.ok === false && result.code === "FORBIDDEN" && result.message && result.message !== SIGNED_OUT_MESSAGE)) {
      problems.push(`${call.action.key} posted to ${call.pageUrl} as viewer: expected FORBIDDEN with the reason, got ${describeAction(response)}`);
    }
  }
  expect(await fingerprintProject(fixture.projectId), "a refused action changed the project's rows").toEqual(before);
  for (const call of calls.filter((c) => c.viewer)) {
    viewerCalls += 1;
    const response = await callServerAction(clients.viewer, { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args: call.args(fixture) });
    if (call.viewer === "redirect") {
      const wrong = redirectProblem(call, response.redirect);
      if (wrong) problems.push(`${call.action.key} as viewer: ${wrong} (${describeAction(response)})`);
    }
  }
  const created = await withDatabase((client) =>
    client.query("SELECT id FROM project WHERE name = $1", [`Created by the matrix ${fixture.secrets.projectName}`]),
  );
  expect(created.rowCount, "a signed-out createProjectFromForm created a project").toBe(0);

  for (const call of calls) {
    const response = await callServerAction(clients.member, { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args: call.args(fixture) });
    const result = resultOf(response);
    const where = `${call.action.key} posted to ${call.pageUrl} as member`;
    const got = describeAction(response);
    if (call.member === "redirect") {
      const wrong = redirectProblem(call, response.redirect);
      if (wrong) problems.push(`${where}: ${wrong} (${got})`);
    }
    if (call.member === "ok" && result.ok !== true) problems.push(`${where}: expected { ok: true }, got ${got}`);
    if (call.member === "answer" && (response.status !== 200 || ["NOT_FOUND", "FORBIDDEN"].includes(result.code ?? ""))) {
      problems.push(`${where}: expected an answer that is not a refusal, got ${got}`);
    }
  }
  // The same digest moves when the member acts, so an unchanged digest above means something.
  expect(await fingerprintProject(fixture.projectId), "the member's actions changed nothing: is the digest blind?").not.toEqual(before);
  expect(problems, `${problems.length} action checks failed:\n${problems.join("\n")}`).toEqual([]);
  console.log(`authorization matrix: ${calls.length} actions, ${outsiderCalls} refused calls + ${viewerCalls} viewer calls + ${calls.length} member calls`);
});

/** The source permission of each `createProjectAction` export, keyed like ACTION_PLANS. */
function declaredPermissions(calls: ActionCall[]): Map<string, string> {
  const permissions = new Map<string, string>();
  for (const call of calls) {
    const [file, name] = call.action.key.split("#");
    const source = readFileSync(file, "utf8");
    const start = source.indexOf(`export const ${name} = createProjectAction(`);
    if (start === -1) continue;
    const next = source.indexOf("\nexport ", start + 1);
    const declaration = source.slice(start, next === -1 ? undefined : next);
    const permission = /permission:\s*"([\w-]+)"/.exec(declaration);
    if (permission) permissions.set(call.action.key, permission[1]);
  }
  return permissions;
}

const OWNER_ONLY_MESSAGES: Record<string, string> = {
  "manage-team": "Only an owner can manage the team.",
  "delete-project": "Only an owner can delete the project.",
};

test("a collaborator does the work but cannot manage the team or delete the project", async () => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const calls = await actionCalls(problems);
  const permissions = declaredPermissions(calls);
  const ownerOnly = calls.filter((call) => OWNER_ONLY_MESSAGES[permissions.get(call.action.key) ?? ""]);
  // Named, so a scan that finds nothing cannot pass for a collaborator refused nothing.
  expect(ownerOnly.map((call) => call.action.key).sort()).toEqual([
    "app/projects/[projectId]/delete/actions.ts#deleteProjectAction",
    "app/projects/[projectId]/team/actions.ts#changeMemberRoleAction",
    "app/projects/[projectId]/team/actions.ts#inviteTeamMemberAction",
    "app/projects/[projectId]/team/actions.ts#removeMemberAction",
    "app/projects/[projectId]/team/actions.ts#revokeInvitationAction",
  ]);
  await waitForProjectMailToSettle(fixture.projectId);
  const before = await fingerprintProject(fixture.projectId);
  for (const call of ownerOnly) {
    const response = await callServerAction(clients.collaborator, { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args: call.args(fixture) });
    const result = resultOf(response);
    const message = OWNER_ONLY_MESSAGES[permissions.get(call.action.key)!];
    if (!(result.ok === false && result.code === "FORBIDDEN" && result.message === message)) {
      problems.push(`${call.action.key} as collaborator: expected FORBIDDEN "${message}", got ${describeAction(response)}`);
    }
  }
  expect(await fingerprintProject(fixture.projectId), "a collaborator's refused team or deletion call changed the project's rows").toEqual(before);

  // Every page and every reading route handler answers the collaborator as it answers an owner.
  for (const call of routeCalls()) {
    if (call.access !== "project" || call.method !== "GET") continue;
    const { status, body, location } = await send("collaborator", call);
    const where = `GET ${call.url} (${call.route.file}) as collaborator`;
    if (call.route.kind === "page" && status === 307 && location?.startsWith(`/projects/${fixture.projectId}/`)) continue;
    if (status !== 200) problems.push(`${where}: expected 200, got ${describeResponse(status, body, location)}`);
    else if (call.route.kind === "page" && !body.includes(fixture.secrets.projectName)) problems.push(`${where}: the page does not show the project's name`);
  }
  // The pages open and say why their controls are missing.
  for (const [section, text] of [
    ["team", "Only an owner can invite people or change roles."],
    ["delete", OWNER_ONLY_MESSAGES["delete-project"]],
  ]) {
    const { status, body } = await send("collaborator", { route: { pattern: section } as DiscoveredRoute, method: "GET", url: `/projects/${fixture.projectId}/${section}`, access: "project" });
    if (status !== 200 || !body.includes(text)) problems.push(`/${section} as collaborator: expected 200 saying "${text}", got ${describeResponse(status, body)}`);
  }
  expect(problems, `${problems.length} collaborator checks failed:\n${problems.join("\n")}`).toEqual([]);
});

/** Every id of the foreign project a call could name: children, users, invitation (not the project itself). */
function foreignIds(): string[] {
  const { projectId: _project, secrets: _secrets, invitationToken: _token, ...rest } = foreign;
  return Object.values(rest).filter((value): value is string => typeof value === "string" && value !== "");
}

/** Whether `value` (arguments, FormData included) names any of `ids`. */
function mentions(value: unknown, ids: string[]): boolean {
  if (typeof value === "string") return ids.some((id) => value.includes(id));
  if (value instanceof FormData) return [...value.values()].some((entry) => mentions(entry, ids));
  if (Array.isArray(value)) return value.some((entry) => mentions(entry, ids));
  if (typeof value === "object" && value !== null) return Object.values(value).some((entry) => mentions(entry, ids));
  return false;
}

test("the member's own project id with another project's children: refused, nothing of it shown or changed", async () => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const ids = foreignIds();
  const foreignSecrets = Object.values(foreign.secrets);
  // The member's project with everything else from the other project; names stay the member's own,
  // so a foreign name in an answer can only have come from the other project's rows.
  const mixed: AuthzFixture = { ...foreign, projectId: fixture.projectId, secrets: fixture.secrets, invitationToken: fixture.invitationToken };
  await waitForProjectMailToSettle(foreign.projectId);
  const before = await fingerprintProject(foreign.projectId);

  let routeChecks = 0;
  const CHILD_PARAMS = { backerId: foreign.secretBackerId, rewardId: foreign.digitalRewardId, segmentId: foreign.segmentId, importId: foreign.importId };
  for (const call of routeCalls()) {
    if (call.access !== "project") continue;
    const childParams = Object.keys(CHILD_PARAMS).filter((param) => call.route.pattern.includes(`[${param}]`));
    const carriesChild = call.method === "POST" && mentions(ROUTE_BODIES[call.route.pattern]?.(mixed), ids);
    if (childParams.length === 0 && !carriesChild) continue;
    routeChecks += 1;
    const url = fillPattern(call.route.pattern, { ...ROUTE_PARAMS(), ...CHILD_PARAMS });
    const { status, body, location } = await send("member", { ...call, url }, mixed);
    const where = `${call.method} ${url} (${call.route.file}) as member with the other project's ids`;
    if (childParams.length > 0 && status !== 404) problems.push(`${where}: expected 404, got ${describeResponse(status, body, location)}`);
    const leaks = leaksIn(body, foreignSecrets);
    if (leaks.length) problems.push(`${where}: shows the other project's ${leaks.join(", ")}`);
  }

  let actionChecks = 0;
  for (const call of await actionCalls(problems)) {
    if (call.access !== "project") continue;
    const args = call.args(mixed);
    if (!mentions(args, ids)) continue;
    actionChecks += 1;
    const response = await callServerAction(clients.member, { actionId: call.action.id, pageUrl: call.pageUrl, origin: baseURL, args });
    const result = resultOf(response);
    const where = `${call.action.key} as member with the other project's ids`;
    const refused = response.redirect === undefined && (result.ok === false || response.error !== undefined);
    if (!refused) problems.push(`${where}: expected a refusal, got ${describeAction(response)}`);
    const leaks = leaksIn(response.body, foreignSecrets);
    if (leaks.length) problems.push(`${where}: the answer shows the other project's ${leaks.join(", ")}`);
  }
  await waitForProjectMailToSettle(foreign.projectId);
  const after = await fingerprintProject(foreign.projectId);
  const changed = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
  if (changed.length) problems.push(`calls naming the member's project changed the other project's rows in ${changed.join(", ")}`);
  expect(routeChecks, "no route took another project's child id: is the pattern list blind?").toBeGreaterThan(3);
  expect(actionChecks, "no action took another project's child id: is the scan blind?").toBeGreaterThan(10);
  expect(problems, `${problems.length} cross-project checks failed:\n${problems.join("\n")}`).toEqual([]);
  console.log(`authorization matrix: ${routeChecks} routes and ${actionChecks} actions called with another project's ids`);
});
