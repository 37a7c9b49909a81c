"use client";

import { Input, Select } from "@/components/ui/input";
import { formatMoney } from "@/components/ui/format";
import type { BackerImportPreviewView } from "@/lib/backers/import/summarize-backer-import-preview";
import type { PledgeLevelKindValue } from "@/lib/backers/import/suggest-pledge-level-kind";
import { PLEDGE_LEVEL_KIND_LABELS } from "@/lib/pledge-levels/pledge-level-kind-labels";
import type { ZonedWallTime } from "@/lib/projects/zoned-time";

type ImportSetupChoicesProps = {
  levels: BackerImportPreviewView["newPledgeLevels"];
  kinds: Record<string, PledgeLevelKindValue>;
  onKindChange: (key: string, kind: PledgeLevelKindValue) => void;
  currency: string;
  /** The proposed launch on the project's clock, while the project has none; null otherwise. */
  launch: ZonedWallTime | null;
  onLaunchChange: (launch: ZonedWallTime) => void;
  timeZone: string;
  disabled: boolean;
};

/**
 * What the import will set up besides backers, for the creator to confirm before anything is
 * written: the kind of each new pledge level (as suggested from the file) and, for a project
 * without a launch time, the launch (the earliest pledge, to confirm or correct).
 */
export function ImportSetupChoices({ levels, kinds, onKindChange, currency, launch, onLaunchChange, timeZone, disabled }: ImportSetupChoicesProps) {
  if (levels.length === 0 && launch === null) return null;
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
    </div>
  );
}
