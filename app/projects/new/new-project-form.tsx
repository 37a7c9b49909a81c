"use client";

import { useActionState } from "react";
import { CampaignTimesFields } from "@/components/projects/campaign-times-fields";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useSubmittedValues } from "@/components/ui/use-submitted-values";
import type { ActionResult } from "@/lib/actions/action-result";

type NewProjectFormProps = {
  action: (previous: ActionResult<never> | null, formData: FormData) => Promise<ActionResult<never>>;
  platforms: { value: string; label: string }[];
  currencies: string[];
  timeZones: string[];
};

export function NewProjectForm({ action, platforms, currencies, timeZones }: NewProjectFormProps) {
  const [result, formAction] = useActionState(action, null);
  const [values, rememberValues] = useSubmittedValues();
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <form action={formAction} onSubmit={rememberValues} className="space-y-5" noValidate>
      {failure && <Alert tone="error">{failure.message}</Alert>}
      <FormField
        id="name"
        label="Project name"
        error={errors.name}
        hint="As backers know it, e.g. “Lanterns of Ashfall: Deluxe Edition”."
      >
        {(field) => (
          <Input {...field} name="name" required maxLength={120} autoComplete="off" defaultValue={values.name} />
        )}
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField id="platform" label="Crowdfunding platform" error={errors.platform}>
          {(field) => (
            <Select {...field} name="platform" defaultValue={values.platform ?? "KICKSTARTER"}>
              {platforms.map((platform) => (
                <option key={platform.value} value={platform.value}>
                  {platform.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField id="currency" label="Currency" error={errors.currency} hint="The currency backers pledged in.">
          {(field) => (
            <Select {...field} name="currency" defaultValue={values.currency ?? "USD"}>
              {currencies.map((currency) => (
                <option key={currency} value={currency}>
                  {currency}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <CampaignTimesFields timeZones={timeZones} values={values} errors={errors} />
      </div>
      <div className="flex flex-wrap gap-3 pt-2">
        <SubmitButton pendingLabel="Creating…">Create project</SubmitButton>
        <LinkButton href="/projects" variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </form>
  );
}
