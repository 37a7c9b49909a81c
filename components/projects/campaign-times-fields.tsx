"use client";

import { useState, useSyncExternalStore } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

type CampaignTimesFieldsProps = {
  /** Every IANA zone, for the searchable list. */
  timeZones: string[];
  /** Values to start from (a saved project's, or what was submitted); a missing zone means the browser's. */
  values: { timeZone?: string; launchedAt?: string; launchTime?: string; endedAt?: string; endTime?: string };
  errors: Record<string, string[] | undefined>;
};

const noSubscription = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The project's time zone (typed to search the IANA list; the creator's browser zone until they
 * choose) and the launch and end as a date and a time on that zone's clock.
 */
export function CampaignTimesFields({ timeZones, values, errors }: CampaignTimesFieldsProps) {
  // The server does not know the browser's zone: it renders empty, the browser fills it in.
  const browserZone = useSyncExternalStore(noSubscription, browserTimeZone, () => "");
  const [typed, setTyped] = useState<string | null>(null);
  const zone = typed ?? values.timeZone ?? browserZone;
  const zoneLabel = zone === "" ? "the project's time zone" : zone;
  return (
    <>
      <div className="sm:col-span-2">
        <FormField
          id="timeZone"
          label="Time zone"
          error={errors.timeZone}
          hint="Launch and end are entered and shown on this zone's clock. Type to search, e.g. “Berlin” or “New_York”."
        >
          {(field) => (
            <>
              <Input
                {...field}
                name="timeZone"
                list="time-zone-options"
                autoComplete="off"
                spellCheck={false}
                value={zone}
                onChange={(event) => setTyped(event.target.value)}
              />
              <datalist id="time-zone-options">
                {timeZones.map((timeZone) => (
                  <option key={timeZone} value={timeZone} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      </div>
      <FormField id="launchedAt" label="Launch date" optional error={errors.launchedAt}>
        {(field) => <Input {...field} name="launchedAt" type="date" defaultValue={values.launchedAt} />}
      </FormField>
      <FormField id="launchTime" label="Launch time" optional error={errors.launchTime} hint={`24-hour clock, ${zoneLabel}; 00:00 if left empty.`}>
        {(field) => <Input {...field} name="launchTime" type="time" defaultValue={values.launchTime} />}
      </FormField>
      <FormField id="endedAt" label="End date" optional error={errors.endedAt}>
        {(field) => <Input {...field} name="endedAt" type="date" defaultValue={values.endedAt} />}
      </FormField>
      <FormField id="endTime" label="End time" optional error={errors.endTime} hint={`24-hour clock, ${zoneLabel}; 00:00 if left empty.`}>
        {(field) => <Input {...field} name="endTime" type="time" defaultValue={values.endTime} />}
      </FormField>
    </>
  );
}
