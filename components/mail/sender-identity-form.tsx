"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";

type Saved = { senderName: string | null; replyTo: string | null };

type Props = {
  projectId: string;
  projectName: string;
  /** The instance's MAIL_FROM address, which every email keeps. */
  fromAddress: string;
  /** The name shown when the project sets none. */
  defaultName: string;
  senderName: string | null;
  replyTo: string | null;
  action: (previous: ActionResult<Saved> | null, formData: FormData) => Promise<ActionResult<Saved>>;
};

/**
 * Who backer emails appear to come from and where replies go. The address stays the instance's
 * verified one (providers reject mail from any other); only the name shown beside it changes.
 */
export function SenderIdentityForm({ projectId, projectName, fromAddress, defaultName, senderName, replyTo, action }: Props) {
  const [result, formAction] = useActionState(action, null);
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <section aria-labelledby="sender-identity-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <h2 id="sender-identity-heading" className="text-base font-semibold text-slate-900">
        Sender
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Every email to your backers (shipping notices, digital rewards, gifts) comes from {fromAddress}, with the name
        below. Backers&rsquo; replies go to your Reply-To address.
      </p>
      <form action={formAction} className="mt-4 grid gap-4 md:grid-cols-2" noValidate>
        <input type="hidden" name="projectId" value={projectId} />
        <FormField
          id="sender-name"
          label="Sender name"
          optional
          hint={`Empty: “${defaultName}”.`}
          error={fieldErrors?.senderName}
        >
          {(field) => (
            <Input
              {...field}
              name="senderName"
              defaultValue={senderName ?? ""}
              placeholder={`${projectName} via Pledgehouse`}
              maxLength={78}
              autoComplete="off"
            />
          )}
        </FormField>
        <FormField
          id="reply-to"
          label="Reply-To address"
          optional
          hint="Your support address. Empty: replies go to the sending address, which nobody reads."
          error={fieldErrors?.replyTo}
        >
          {(field) => (
            <Input
              {...field}
              name="replyTo"
              type="email"
              defaultValue={replyTo ?? ""}
              placeholder="support@example.com"
              autoComplete="email"
            />
          )}
        </FormField>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Save sender
          </SubmitButton>
          {result?.ok && (
            <p role="status" className="text-sm text-green-700">
              Saved. Emails sent from now on use it.
            </p>
          )}
        </div>
        {result && !result.ok && !result.fieldErrors && (
          <Alert tone="error" className="md:col-span-2">
            {result.message}
          </Alert>
        )}
      </form>
    </section>
  );
}
