import type { ReactNode } from "react";

/** Props a field's control needs so its label, hint and error are announced with it. */
export type FieldControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
};

type FormFieldProps = {
  id: string;
  label: ReactNode;
  /** Help under the label. */
  hint?: ReactNode;
  /** Messages from the action's fieldErrors for this field. */
  error?: string | string[];
  /** Marks the label; the control still needs its own `required`. */
  optional?: boolean;
  children: (control: FieldControlProps) => ReactNode;
};

/**
 * A label, the control, a hint and the field's errors, wired together for assistive technology:
 *
 *   <FormField id="name" label="Project name" error={result?.fieldErrors?.name}>
 *     {(field) => <Input {...field} name="name" />}
 *   </FormField>
 */
export function FormField({ id, label, hint, error, optional, children }: FormFieldProps) {
  const errors = error === undefined ? [] : Array.isArray(error) ? error : [error];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
        {optional && <span className="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      )}
      {children({ id, "aria-describedby": describedBy, ...(errorId ? { "aria-invalid": true as const } : {}) })}
      {errorId && (
        <div id={errorId} className="space-y-0.5 text-sm text-red-700">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
    </div>
  );
}
