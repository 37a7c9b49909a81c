import "server-only";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/get-current-user";
import { DomainError } from "@/lib/errors";
import type { ActionResult, ServerAction } from "./action-result";
import { fieldErrorsFromZod } from "./field-errors-from-zod";
import { actionInput } from "./action-input";

type ActionOptions<S extends z.ZodType, T, Context> = {
  schema: S;
  handler: (input: z.output<S>, context: Context) => Promise<T>;
};

export const SIGNED_OUT_MESSAGE = "You are signed out. Sign in again to continue.";

/**
 * Parses the input, runs the handler and maps expected failures to results; shared by every
 * wrapper. DomainErrors become `{ ok: false }`; anything else (bugs, and Next's redirect/notFound
 * signals) is rethrown untouched.
 */
export async function runAction<S extends z.ZodType, T>(
  schema: S,
  rawInput: unknown,
  run: (input: z.output<S>) => Promise<T>,
): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    const { message, fieldErrors } = fieldErrorsFromZod(parsed.error);
    return { ok: false, code: "INVALID_INPUT", message, fieldErrors };
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (error) {
    if (error instanceof DomainError) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      };
    }
    throw error;
  }
}

/**
 * A server action for signed-in users: signed-out callers get FORBIDDEN, the input is parsed with
 * `schema` (field errors come back per field), then `handler` runs with the user. Actions on a
 * project's data use `createProjectAction`, which also checks membership of that project.
 */
export function createAction<S extends z.ZodType, T>(
  options: ActionOptions<S, T, { user: CurrentUser }>,
): ServerAction<z.input<S>, T> {
  const action = async (...args: unknown[]): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "FORBIDDEN", message: SIGNED_OUT_MESSAGE };
    return runAction(options.schema, actionInput(args), (input) => options.handler(input, { user }));
  };
  return action as ServerAction<z.input<S>, T>;
}

/** A server action anyone may call (sign-in); `user` is null when signed out. */
export function createPublicAction<S extends z.ZodType, T>(
  options: ActionOptions<S, T, { user: CurrentUser | null }>,
): ServerAction<z.input<S>, T> {
  const action = async (...args: unknown[]): Promise<ActionResult<T>> => {
    const user = await getCurrentUser();
    return runAction(options.schema, actionInput(args), (input) => options.handler(input, { user }));
  };
  return action as ServerAction<z.input<S>, T>;
}
