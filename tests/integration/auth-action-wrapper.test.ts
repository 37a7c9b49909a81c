import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

// The wrapper reads the session from Next's request headers; tests supply them. Everything below
// the headers (Better Auth, sessions, Postgres) is real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => {
    throw new Error("`cookies` was called outside a request scope.");
  },
}));

const { auth } = await import("@/lib/auth/auth");
const { createAction } = await import("@/lib/actions/create-action");
const { createProjectAction } = await import("@/lib/actions/create-project-action");
const { prisma } = await import("@/lib/db/client");
const { createProject, createUser } = await import("@/lib/demo/factories");
const { DomainError } = await import("@/lib/errors");

const ORIGIN = "http://localhost:3000";

/** Signs `email` in through the real magic link and makes the next action calls carry its cookie. */
async function signInAs(email: string): Promise<string> {
  const requested = await auth.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/magic-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": "203.0.113.50" },
      body: JSON.stringify({ email, callbackURL: "/" }),
    }),
  );
  expect(requested.status).toBe(200);
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { toEmail: email },
    orderBy: { createdAt: "desc" },
  });
  const url = message.text.match(/https?:\/\/\S+?\/api\/auth\/magic-link\/verify\?[^\s\]>)]+/)![0];
  const verified = await auth.handler(new Request(url));
  const cookie = verified.headers.getSetCookie().find((line) => line.includes("session_token="))!;
  request.headers = new Headers({ cookie: cookie.split(";")[0] });
  return (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
}

const RenameSchema = z.object({
  projectId: z.string(),
  name: z.string().trim().min(1, "Enter a project name."),
});

const renameProject = createProjectAction({
  schema: RenameSchema,
  handler: async ({ projectId, name }) => {
    await prisma.project.update({ where: { id: projectId }, data: { name } });
    return { name };
  },
});

const ownersOnlyRename = createProjectAction({
  schema: RenameSchema,
  permission: "manage-team",
  handler: async ({ projectId, name }) => {
    await prisma.project.update({ where: { id: projectId }, data: { name } });
    return { name };
  },
});

const echo = createAction({
  schema: z.object({
    count: z.coerce.number().int().min(1, "Count must be at least 1."),
    tags: z.array(z.string()).optional(),
  }),
  handler: async (input, { user }) => ({ ...input, userEmail: user.email }),
});

const failing = createAction({
  schema: z.object({ kind: z.enum(["domain", "bug"]) }),
  handler: async ({ kind }): Promise<never> => {
    if (kind === "domain") throw new DomainError("CONFLICT", "That name is taken.", { name: ["Choose another name."] });
    throw new TypeError("a real bug");
  },
});

beforeEach(() => {
  request.headers = new Headers();
});

describe("createAction", () => {
  it("refuses signed-out callers before running the handler", async () => {
    const result = await echo({ count: 1 });
    expect(result).toEqual({ ok: false, code: "FORBIDDEN", message: "You are signed out. Sign in again to continue." });
  });

  it("parses the input and passes the signed-in user to the handler", async () => {
    await signInAs("maker@example.com");
    expect(await echo({ count: 3 })).toEqual({ ok: true, data: { count: 3, userEmail: "maker@example.com" } });
  });

  it("accepts FormData, both directly and as useActionState calls it", async () => {
    await signInAs("maker@example.com");
    const form = new FormData();
    form.set("count", "2");
    form.append("tags", "a");
    form.append("tags", "b");
    form.set("$ACTION_ID_abc", "");
    const expected = { ok: true, data: { count: 2, tags: ["a", "b"], userEmail: "maker@example.com" } };
    expect(await echo(form)).toEqual(expected);
    expect(await echo(null, form)).toEqual(expected);
  });

  it("returns zod's messages per field", async () => {
    await signInAs("maker@example.com");
    expect(await echo({ count: 0 })).toEqual({
      ok: false,
      code: "INVALID_INPUT",
      message: "Count must be at least 1.",
      fieldErrors: { count: ["Count must be at least 1."] },
    });
  });

  it("maps a DomainError to a failure and rethrows bugs", async () => {
    await signInAs("maker@example.com");
    expect(await failing({ kind: "domain" })).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "That name is taken.",
      fieldErrors: { name: ["Choose another name."] },
    });
    await expect(failing({ kind: "bug" })).rejects.toThrow(TypeError);
  });
});

describe("createProjectAction", () => {
  it("runs for a member of that project", async () => {
    const userId = await signInAs("owner@example.com");
    const project = await createProject(prisma, { name: "Before", ownerId: userId });
    expect(await renameProject({ projectId: project.id, name: "After" })).toEqual({
      ok: true,
      data: { name: "After" },
    });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("After");
  });

  it("answers NOT_FOUND on another creator's project and changes nothing", async () => {
    const other = await createUser(prisma);
    const project = await createProject(prisma, { name: "Theirs", ownerId: other.id });
    await signInAs("intruder@example.com");
    const result = await renameProject({ projectId: project.id, name: "Mine now" });
    expect(result).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("Theirs");
  });

  it("checks the role's permission when the action needs more than editing", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { name: "Shared", ownerId: owner.id });
    const helperId = await signInAs("helper@example.com");
    await prisma.membership.create({ data: { projectId: project.id, userId: helperId, role: "COLLABORATOR" } });
    expect(await ownersOnlyRename({ projectId: project.id, name: "Renamed" })).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "Only an owner can manage the team.",
    });
    expect(await renameProject({ projectId: project.id, name: "Renamed" })).toMatchObject({ ok: true });
  });

  it("refuses a viewer every action that does not say it only reads, with the reason", async () => {
    const owner = await createUser(prisma);
    const project = await createProject(prisma, { name: "Read only", ownerId: owner.id });
    const viewerId = await signInAs("viewer@example.com");
    await prisma.membership.create({ data: { projectId: project.id, userId: viewerId, role: "VIEWER" } });
    expect(await renameProject({ projectId: project.id, name: "Changed" })).toEqual({
      ok: false,
      code: "FORBIDDEN",
      message: "You are a viewer of this project: you can read it but not change it. Ask an owner to make you a collaborator.",
    });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("Read only");
  });

  it("refuses signed-out callers", async () => {
    const project = await createProject(prisma, { name: "Quiet" });
    expect(await renameProject({ projectId: project.id, name: "Loud" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("Quiet");
  });
});
