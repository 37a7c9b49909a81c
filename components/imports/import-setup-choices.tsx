"use client";

import { Input, Select } from "@/components/ui/input";
import { formatMoney } from "@/components/ui/format";
import type { BackerImportPreviewView } from "@/lib/backers/import/summarize-backer-import-preview";
import type { PledgeLevelKindValue } from "@/lib/backers/import/suggest-pledge-level-kind";
import { PLEDGE_LEVEL_KIND_LABELS } from "@/lib/pledge-levels/pledge-level-kind-labels";
import type { ImportPledgeStatus } from "@/lib/backers/import/backer-import-types";
import { formatCount } from "@/components/ui/format";
import type { ZonedWallTime } from "@/lib/projects/zoned-time";

/** The payment statuses a creator may give new pledges of a file without a status column. */
const NEW_PLEDGE_STATUSES: { value: ImportPledgeStatus; label: string }[] = [
  { value: "COLLECTED", label: "Collected" },
  { value: "ERRORED", label: "Errored" },
  { value: "FAILED", label: "Failed" },
  { value: "DROPPED", label: "Dropped" },
  { value: "REFUNDED", label: "Refunded" },
];

/** What the creator chose for new pledges of a file without a pledge date or status column. */
export type NewPledgeDefaultsChoice = { pledgedAt: ZonedWallTime | null; status: ImportPledgeStatus };

type ImportSetupChoicesProps = {
  levels: BackerImportPreviewView["newPledgeLevels"];
  kinds: Record<string, PledgeLevelKindValue>;
  onKindChange: (key: string, kind: PledgeLevelKindValue) => void;
  currency: string;
  /** The proposed launch on the project's clock, while the project has none; null otherwise. */
  launch: ZonedWallTime | null;
  onLaunchChange: (launch: ZonedWallTime) => void;
  timeZone: string;
  /** How many new pledges lack a date or a status in the file; null when none does. */
  newPledges: BackerImportPreviewView["newPledgeDefaults"];
  defaults: NewPledgeDefaultsChoice | null;
  onDefaultsChange: (defaults: NewPledgeDefaultsChoice) => void;
  disabled: boolean;
};

/**
 * What the import will set up besides backers, for the creator to confirm before anything is
 * written: the kind of each new pledge level (as suggested from the file) and, for a project
 * without a launch time, the launch (the earliest pledge, to confirm or correct).
 */
export function ImportSetupChoices({
  levels,
  kinds,
  onKindChange,
  currency,
  launch,
  onLaunchChange,
  timeZone,
  newPledges,
  defaults,
  onDefaultsChange,
  disabled,
}: ImportSetupChoicesProps) {
  if (levels.length === 0 && launch === null && (newPledges === null || defaults === null)) return null;
  return (
    <div className="space-y-5 rounded-lg border border-amber-200 bg-amber-50/50 p-4">
      {levels.length > 0 && (
        <fieldset disabled={disabled}>
          <legend className="text-sm font-semibold text-slate-900">Confirm the kind of each new pledge level</legend>
          <p className="mt-1 text-sm text-slate-600">
            Suggested from the file. Segments (“Pledge level kind”), incentives (“Exclude digital-only pledges”) and tracking
            warnings rely on it; change any that is wrong.
          </p>
          <ul className="mt-3 divide-y divide-amber-100">
            {levels.map((level, index) => (
              <li key={level.key} className="grid gap-2 py-2 sm:grid-cols-[1fr_12rem] sm:items-center" data-testid="import-level-kind">
                <div className="min-w-0 text-sm">
                  {/* The name and price share one element, so the level's name alone stays unique on the page. */}
                  <p id={`level-kind-label-${index}`} className="font-medium break-words text-slate-900">
                    {level.name}{" "}
                    <span className="font-normal text-slate-500 tabular-nums">
                      {level.price > 0 ? `from ${formatMoney(level.price, currency)}` : "(no minimum)"}
                    </span>
                  </p>
                  <p className="text-xs text-slate-500">
                    Suggested: {PLEDGE_LEVEL_KIND_LABELS[level.suggestedKind]}. {level.reason}
                  </p>
                </div>
                <Select
                  id={`level-kind-${index}`}
                  aria-label={`Kind of ${level.name}`}
                  value={kinds[level.key] ?? level.suggestedKind}
                  onChange={(event) => onKindChange(level.key, event.target.value as PledgeLevelKindValue)}
                >
                  {(Object.keys(PLEDGE_LEVEL_KIND_LABELS) as PledgeLevelKindValue[]).map((kind) => (
                    <option key={kind} value={kind}>
                      {PLEDGE_LEVEL_KIND_LABELS[kind]}
                    </option>
                  ))}
                </Select>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {launch !== null && (
        <fieldset disabled={disabled}>
          <legend className="text-sm font-semibold text-slate-900">Confirm the launch time</legend>
          <p className="mt-1 text-sm text-slate-600">
            The project has no launch time, so its early birds cannot be found. The earliest pledge in the file is proposed; correct
            it if the campaign launched earlier ({timeZone}).
          </p>
          <div className="mt-3 flex flex-wrap gap-3">
            <label className="text-sm">
              <span className="mb-1 block font-medium text-slate-900">Launch date</span>
              <Input type="date" value={launch.date} onChange={(event) => onLaunchChange({ ...launch, date: event.target.value })} />
            </label>
            <label className="text-sm">
              <span className="mb-1 block font-medium text-slate-900">Launch time</span>
              <Input type="time" value={launch.time} onChange={(event) => onLaunchChange({ ...launch, time: event.target.value })} />
            </label>
          </div>
        </fieldset>
      )}
      {newPledges !== null && defaults !== null && (
        <fieldset disabled={disabled}>
          <legend className="text-sm font-semibold text-slate-900">New pledges without a date or status</legend>
          <p className="mt-1 text-sm text-slate-600">
            {newPledges.withoutDate > 0 && newPledges.withoutStatus > 0
              ? "The file has no pledge date and no payment status column."
              : newPledges.withoutDate > 0
                ? "The file has no pledge date column."
                : "The file has no payment status column."}{" "}
            Choose what its new pledges get; early-bird segments and payment filters rely on them.
          </p>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            {newPledges.withoutDate > 0 && defaults.pledgedAt !== null && (
              <>
                <label className="text-sm">
                  <span className="mb-1 block font-medium text-slate-900">
                    Pledge date of {formatCount(newPledges.withoutDate, "new pledge")}
                  </span>
                  <Input
                    type="date"
                    value={defaults.pledgedAt.date}
                    onChange={(event) => onDefaultsChange({ ...defaults, pledgedAt: { ...defaults.pledgedAt!, date: event.target.value } })}
                  />
                </label>
                <label className="text-sm">
                  <span className="mb-1 block font-medium text-slate-900">Time ({timeZone})</span>
                  <Input
                    type="time"
                    value={defaults.pledgedAt.time}
                    onChange={(event) => onDefaultsChange({ ...defaults, pledgedAt: { ...defaults.pledgedAt!, time: event.target.value } })}
                  />
                </label>
              </>
            )}
            {newPledges.withoutStatus > 0 && (
              <label className="text-sm">
                <span className="mb-1 block font-medium text-slate-900">
                  Payment status of {formatCount(newPledges.withoutStatus, "new pledge")}
                </span>
                <Select value={defaults.status} onChange={(event) => onDefaultsChange({ ...defaults, status: event.target.value as ImportPledgeStatus })}>
                  {NEW_PLEDGE_STATUSES.map((status) => (
                    <option key={status.value} value={status.value}>
                      {status.label}
                    </option>
                  ))}
                </Select>
              </label>
            )}
          </div>
          {newPledges.withoutDate > 0 && (
            <p className="mt-2 text-xs text-slate-500">Proposed: the campaign&apos;s end, or today when the project has no end date.</p>
          )}
        </fieldset>
      )}
    </div>
  );
}
