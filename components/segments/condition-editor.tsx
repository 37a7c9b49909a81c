"use client";

import { Input, Select, Textarea } from "@/components/ui/input";
import { parseEmailList } from "@/lib/segments/parse-email-list";
import type { SegmentBuilderOptions } from "@/lib/segments/list-segment-builder-options";
import type { DraftValues } from "./filter-draft";
import type { SegmentConditionType } from "@/lib/segments/segment-filter-schema";

const STATUS_LABELS: [string, string][] = [
  ["COLLECTED", "Collected"],
  ["ERRORED", "Errored"],
  ["FAILED", "Failed"],
  ["DROPPED", "Dropped"],
  ["REFUNDED", "Refunded"],
];
const KIND_LABELS: [string, string][] = [
  ["PHYSICAL", "Physical"],
  ["DIGITAL", "Digital only"],
  ["NO_REWARD", "No reward"],
];

type EditorProps = {
  id: string;
  type: SegmentConditionType;
  values: DraftValues;
  onChange: (values: DraftValues) => void;
  options: SegmentBuilderOptions;
  /** The segment being edited: it cannot refer to itself. */
  selfId?: string;
  unmatchedEmails: string[];
};

function CheckboxList({
  legend,
  choices,
  selected,
  onChange,
  empty,
}: {
  legend: string;
  choices: [string, string][];
  selected: string[];
  onChange: (next: string[]) => void;
  empty: string;
}) {
  if (choices.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <fieldset>
      <legend className="sr-only">{legend}</legend>
      <div className="flex max-h-48 flex-wrap gap-x-4 gap-y-1.5 overflow-y-auto">
        {choices.map(([value, label]) => (
          <label key={value} className="inline-flex items-center gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
              checked={selected.includes(value)}
              onChange={(event) =>
                onChange(event.target.checked ? [...selected, value] : selected.filter((v) => v !== value))
              }
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The inputs of one condition of the segment builder. */
export function ConditionEditor({ id, type, values, onChange, options, selfId, unmatchedEmails }: EditorProps) {
  const set = (patch: Partial<DraftValues>) => onChange({ ...values, ...patch });
  switch (type) {
    case "inPledgeLevels":
      return (
        <CheckboxList
          legend="Pledge levels"
          choices={options.pledgeLevels.map((l) => [l.id, l.name])}
          selected={values.ids}
          onChange={(ids) => set({ ids })}
          empty="This project has no pledge levels yet; import backers first."
        />
      );
    case "pledgedMoreThan":
    case "pledgedLessThan":
      return (
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-amount`} className="text-sm text-slate-600">
            Amount ({options.currency})
          </label>
          <Input
            id={`${id}-amount`}
            inputMode="decimal"
            className="max-w-[8rem]"
            placeholder="25.00"
            value={values.amount}
            onChange={(e) => set({ amount: e.target.value })}
          />
        </div>
      );
    case "pledgedWithinFirstHours":
      return (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-hours`} className="text-sm text-slate-600">
            First
          </label>
          <Input
            id={`${id}-hours`}
            type="number"
            min={1}
            className="max-w-[6rem]"
            value={values.hours}
            onChange={(e) => set({ hours: e.target.value })}
          />
          <span className="text-sm text-slate-600">hours after launch</span>
          {!options.launchedAt && (
            <span className="text-sm text-amber-700">The project has no launch time, so this matches nobody.</span>
          )}
        </div>
      );
    case "pledgedBetween":
      return (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-from`} className="text-sm text-slate-600">
            From ({options.timeZone})
          </label>
          <Input
            id={`${id}-from`}
            type="datetime-local"
            className="sm:max-w-xs"
            value={values.from}
            onChange={(e) => set({ from: e.target.value })}
          />
          <label htmlFor={`${id}-to`} className="text-sm text-slate-600">
            to ({options.timeZone})
          </label>
          <Input
            id={`${id}-to`}
            type="datetime-local"
            className="sm:max-w-xs"
            value={values.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </div>
      );
    case "paymentStatus":
      return (
        <CheckboxList
          legend="Payment statuses"
          choices={STATUS_LABELS}
          selected={values.statuses}
          onChange={(statuses) => set({ statuses })}
          empty=""
        />
      );
    case "backersWithEmails": {
      const parsed = parseEmailList(values.emailsText);
      return (
        <div className="space-y-1.5">
          <label htmlFor={`${id}-emails`} className="block text-sm text-slate-600">
            Paste emails, separated by commas, spaces or new lines (case does not matter)
          </label>
          <Textarea
            id={`${id}-emails`}
            rows={4}
            value={values.emailsText}
            onChange={(e) => set({ emailsText: e.target.value })}
            placeholder={"ada@example.com, grace@example.com"}
          />
          <p className="text-sm text-slate-600" aria-live="polite">
            {parsed.emails.length.toLocaleString("en-US")} email{parsed.emails.length === 1 ? "" : "s"}
            {parsed.duplicateCount > 0 && `, ${parsed.duplicateCount} repeated`}
            {parsed.invalid.length > 0 && (
              <span className="text-amber-700">
                {" "}
                · not emails, ignored: {parsed.invalid.slice(0, 5).join(", ")}
                {parsed.invalid.length > 5 && ` and ${parsed.invalid.length - 5} more`}
              </span>
            )}
          </p>
          {unmatchedEmails.length > 0 && (
            <p className="text-sm text-amber-800">
              {unmatchedEmails.length.toLocaleString("en-US")} match no backer of this project:{" "}
              {unmatchedEmails.slice(0, 10).join(", ")}
              {unmatchedEmails.length > 10 && ` and ${unmatchedEmails.length - 10} more`}
            </p>
          )}
        </div>
      );
    }
    case "inAnyOfTheseSegments":
    case "notInAnyOfTheseSegments":
      return (
        <CheckboxList
          legend="Segments"
          choices={options.segments.filter((s) => s.id !== selfId).map((s) => [s.id, s.name])}
          selected={values.ids}
          onChange={(ids) => set({ ids })}
          empty="There are no other segments yet."
        />
      );
    case "inContactList":
      return (
        <CheckboxList
          legend="Contact lists"
          choices={options.contactLists.map((l) => [l.id, l.name])}
          selected={values.ids}
          onChange={(ids) => set({ ids })}
          empty="No contact lists yet: import leads or a partner list in Advanced Segment Actions."
        />
      );
    case "country":
      return (
        <CheckboxList
          legend="Countries"
          choices={options.countries.map((c) => [c, c])}
          selected={values.countries}
          onChange={(countries) => set({ countries })}
          empty="No backer has a country yet."
        />
      );
    case "hasItem": {
      const item = options.items.find((i) => i.id === values.itemId);
      return (
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor={`${id}-item`} className="sr-only">
            Item
          </label>
          <Select
            id={`${id}-item`}
            className="sm:max-w-xs"
            value={values.itemId}
            onChange={(e) => set({ itemId: e.target.value, itemOptionId: "" })}
          >
            <option value="">Choose an item…</option>
            {options.items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </Select>
          {item && item.options.length > 0 && (
            <>
              <label htmlFor={`${id}-option`} className="sr-only">
                Option
              </label>
              <Select
                id={`${id}-option`}
                className="sm:max-w-xs"
                value={values.itemOptionId}
                onChange={(e) => set({ itemOptionId: e.target.value })}
              >
                <option value="">Any option</option>
                {item.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
            </>
          )}
        </div>
      );
    }
    case "pledgeLevelKind":
      return (
        <CheckboxList
          legend="Pledge level kinds"
          choices={KIND_LABELS}
          selected={values.kinds}
          onChange={(kinds) => set({ kinds })}
          empty=""
        />
      );
    case "receivedDigitalReward":
      return (
        <CheckboxList
          legend="Digital rewards"
          choices={options.digitalRewards.map((r) => [r.id, r.name])}
          selected={values.ids}
          onChange={(ids) => set({ ids })}
          empty="This project has no digital rewards yet."
        />
      );
    case "returningBacker":
      return (
        <p className="text-sm text-slate-600">
          Backed an earlier project of yours in Pledgehouse, or marked as returning in the import.
        </p>
      );
    case "hasTrackingNumber":
      return <p className="text-sm text-slate-600">Has a current tracking number.</p>;
  }
}
