import type { DomainErrorCode } from "@/lib/errors";

/** Field name (dot path for nested input) → messages for that field. */
export type FieldErrors = Record<string, string[]>;

export type ActionFailure = { ok: false; code: DomainErrorCode; message: string; fieldErrors?: FieldErrors };

/** What every server action returns: expected failures come back as values, bugs throw. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/**
 * A server action made by the action wrapper. Call it with an object (or FormData) from code, or
 * hand it to `useActionState`/`<form action>`, which call it with the previous result and the
 * form's FormData.
 */
export type ServerAction<Input, T> = {
  (input: Input | FormData): Promise<ActionResult<T>>;
  (previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>>;
};
