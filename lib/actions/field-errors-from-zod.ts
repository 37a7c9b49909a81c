import type { z } from "zod";
import type { FieldErrors } from "./action-result";

/**
 * Turns a zod error into a summary message and per-field messages keyed by the field's dot path,
 * the shape forms show next to their inputs.
 */
export function fieldErrorsFromZod(error: z.ZodError): { message: string; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    if (issue.path.length === 0) {
      formErrors.push(issue.message);
      continue;
    }
    const key = issue.path.map(String).join(".");
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const fields = Object.keys(fieldErrors);
  const message =
    formErrors[0] ??
    (fields.length === 1
      ? fieldErrors[fields[0]][0]
      : `${fields.length} fields need attention: see the messages next to them.`);
  return { message, fieldErrors };
}
