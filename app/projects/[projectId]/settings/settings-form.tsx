"use client";

import { useActionState } from "react";
import { CampaignTimesFields } from "@/components/projects/campaign-times-fields";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";
import type { SettingChange } from "@/lib/projects/update-project-settings";

export type SettingsFormValues = {
  name: string;
  platform: string;
  currency: string;
  timeZone: string;
  launchedAt: string;
  launchTime: string;
  endedAt: string;
  endTime: string;
  earlyBirdHours: string;
};

type SettingsFormProps = {
  projectId: string;
  action: (previous: ActionResult<{ changes: SettingChange[] }> | null, formData: FormData) => Promise<ActionResult<{ changes: SettingChange[] }>>;
  values: SettingsFormValues;
  platforms: { value: string; label: string }[];
  currencies: string[];
  timeZones: string[];
  /** Why the currency cannot change any more, when it cannot. */
  currencyLocked: string | null;
};

/** The Settings tab's form: what the campaign was, and when, on which clock. */
export function SettingsForm({ projectId, action, values, platforms, currencies, timeZones, currencyLocked }: SettingsFormProps) {
  const [result, formAction] = useActionState(action, null);
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {failure && <Alert tone="error">{failure.message}</Alert>}
      {result?.ok && (
        <Alert tone="success">
          {result.data.changes.length === 0 ? "Nothing had changed." : "Settings saved. The Early Bird segment and every time shown follow them."}
        </Alert>
      )}
      <FormField id="name" label="Project name" error={errors.name}>
        {(field) => <Input {...field} name="name" required maxLength={120} autoComplete="off" defaultValue={values.name} />}
      </FormField>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField id="platform" label="Crowdfunding platform" error={errors.platform}>
          {(field) => (
            <Select {...field} name="platform" defaultValue={values.platform}>
              {platforms.map((platform) => (
                <option key={platform.value} value={platform.value}>
                  {platform.label}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField id="currency" label="Currency" error={errors.currency} hint={currencyLocked ?? "The currency backers pledged in."}>
          {(field) =>
            currencyLocked ? (
              <>
                <Input {...field} value={values.currency} readOnly aria-readonly="true" />
                <input type="hidden" name="currency" value={values.currency} />
              </>
            ) : (
              <Select {...field} name="currency" defaultValue={values.currency}>
                {[...new Set([values.currency, ...currencies])].map((currency) => (
                  <option key={currency} value={currency}>
                    {currency}
                  </option>
                ))}
              </Select>
            )
          }
        </FormField>
        <CampaignTimesFields timeZones={timeZones} values={values} errors={errors} />
        <FormField
          id="earlyBirdHours"
          label="Early-bird window (hours)"
          error={errors.earlyBirdHours}
          hint="Backers who pledged within this many hours of the launch are Early Bird Incentive backers."
        >
          {(field) => <Input {...field} name="earlyBirdHours" type="number" min={1} max={8784} required defaultValue={values.earlyBirdHours} />}
        </FormField>
      </div>
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}
