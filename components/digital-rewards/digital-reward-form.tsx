"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useSubmittedValues } from "@/components/ui/use-submitted-values";
import type { ActionResult } from "@/lib/actions/action-result";

type Reward = {
  id: string;
  name: string;
  kind: "UNIQUE" | "SHARED";
  instructions: string | null;
  sharedValue: string | null;
  codesCaseSensitive: boolean;
};

type DigitalRewardFormProps<T> = {
  projectId: string;
  action: (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;
  /** Editing this reward; omitted: creating one. */
  reward?: Reward;
  cancelHref: string;
};

const radioClasses =
  "mt-0.5 size-4 border-slate-300 text-indigo-600 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/** Create or edit a digital reward: name, kind (fixed once created), shared code or URL, instructions. */
export function DigitalRewardForm<T>({ projectId, action, reward, cancelHref }: DigitalRewardFormProps<T>) {
  const [result, formAction] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const [values, rememberValues] = useSubmittedValues();
  const [kind, setKind] = useState<"UNIQUE" | "SHARED">(
    reward?.kind ?? (values.kind === "SHARED" ? "SHARED" : "UNIQUE"),
  );
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <form action={formAction} onSubmit={rememberValues} className="space-y-5" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {reward && <input type="hidden" name="rewardId" value={reward.id} />}
      {failure && <Alert tone="error">{failure.message}</Alert>}
      {result?.ok && reward && (
        <Alert tone="success">Saved. Later sends use these details; codes already sent stay as they were.</Alert>
      )}
      <FormField
        id="reward-name"
        label="Name"
        error={errors.name}
        hint="As backers will see it in their email, e.g. “Digital soundtrack”."
      >
        {(field) => (
          <Input
            {...field}
            name="name"
            required
            maxLength={120}
            autoComplete="off"
            defaultValue={values.name ?? reward?.name}
          />
        )}
      </FormField>
      {reward ? (
        <input type="hidden" name="kind" value={reward.kind} />
      ) : (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-900">Kind</legend>
          {errors.kind && <p className="text-sm text-red-700">{errors.kind[0]}</p>}
          <label className="flex gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-300">
            <input
              type="radio"
              name="kind"
              value="UNIQUE"
              checked={kind === "UNIQUE"}
              onChange={() => setKind("UNIQUE")}
              className={radioClasses}
            />
            <span>
              <span className="block text-sm font-medium text-slate-900">Unique access codes</span>
              <span className="block text-sm text-slate-600">
                One code per backer, e.g. game keys. Upload a code bank in advance or paste codes when sending.
              </span>
            </span>
          </label>
          <label className="flex gap-3 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-300">
            <input
              type="radio"
              name="kind"
              value="SHARED"
              checked={kind === "SHARED"}
              onChange={() => setKind("SHARED")}
              className={radioClasses}
            />
            <span>
              <span className="block text-sm font-medium text-slate-900">Shared access code</span>
              <span className="block text-sm text-slate-600">
                One code or URL for all backers, e.g. a download page.
              </span>
            </span>
          </label>
        </fieldset>
      )}
      {kind === "SHARED" && (
        <FormField
          id="reward-shared-value"
          label="Shared access code or URL"
          optional
          error={errors.sharedValue}
          hint="Filled in when you send; you can change it then. Links must start with http:// or https://. Pledgehouse does not host files: link to where the reward lives."
        >
          {(field) => (
            <Input
              {...field}
              name="sharedValue"
              autoComplete="off"
              defaultValue={values.sharedValue ?? reward?.sharedValue ?? ""}
            />
          )}
        </FormField>
      )}
      {kind === "UNIQUE" && (
        <label className="flex gap-3 text-sm">
          <input
            type="checkbox"
            name="codesCaseSensitive"
            defaultChecked={values.codesCaseSensitive ? values.codesCaseSensitive === "on" : reward?.codesCaseSensitive}
            className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          />
          <span>
            <span className="block font-medium text-slate-900">Codes are case-sensitive</span>
            <span className="block text-slate-600">
              Leave this off unless your key system treats “ABCD-1234” and “abcd-1234” as two different codes. While it
              is off, codes differing only in letter case are reported as repeats.
            </span>
          </span>
        </label>
      )}
      <FormField
        id="reward-instructions"
        label="Instructions for backers"
        optional
        error={errors.instructions}
        hint="Plain text, sent with the code and shown on Backing details. Web addresses (https://…) become links."
      >
        {(field) => (
          <Textarea
            {...field}
            name="instructions"
            rows={5}
            maxLength={5000}
            defaultValue={values.instructions ?? reward?.instructions ?? ""}
          />
        )}
      </FormField>
      <div className="flex flex-wrap gap-3 pt-1">
        <SubmitButton pendingLabel={reward ? "Saving…" : "Creating…"}>
          {reward ? "Save changes" : "Create digital reward"}
        </SubmitButton>
        <LinkButton href={cancelHref} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </form>
  );
}
