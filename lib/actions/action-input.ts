import { formDataToObject } from "./form-data-to-object";

/**
 * The raw input of an action call, however it was invoked: `action(object)`, `action(formData)`, or
 * by `useActionState`/`<form action>` as `action(previousResult, formData)`.
 */
export function actionInput(args: unknown[]): unknown {
  const raw = args.length >= 2 ? args[1] : args[0];
  return raw instanceof FormData ? formDataToObject(raw) : raw;
}
