"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useSubmittedValues } from "@/components/ui/use-submitted-values";
import type { ActionResult } from "@/lib/actions/action-result";

type SignInFormProps = {
  action: (previous: ActionResult<never> | null, formData: FormData) => Promise<ActionResult<never>>;
  next?: string;
  defaultEmail?: string;
};

export function SignInForm({ action, next, defaultEmail }: SignInFormProps) {
  const [result, formAction] = useActionState(action, null);
  const [values, rememberValues] = useSubmittedValues();
  const failure = result && !result.ok ? result : null;
  const emailError = failure?.fieldErrors?.email;
  return (
    <form action={formAction} onSubmit={rememberValues} className="space-y-5" noValidate>
      {failure && !emailError && <Alert tone="error">{failure.message}</Alert>}
      {next && <input type="hidden" name="next" value={next} />}
      <FormField id="email" label="Email address" error={emailError}>
        {(field) => (
          <Input
            {...field}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            autoFocus
            defaultValue={values.email ?? defaultEmail}
            placeholder="you@example.com"
          />
        )}
      </FormField>
      <SubmitButton className="w-full" pendingLabel="Sending your link…">
        Email me a sign-in link
      </SubmitButton>
    </form>
  );
}
