import { Alert } from "@/components/ui/alert";
import { formatCount } from "@/components/ui/format";
import type { DigitalRewardSendExclusionKey } from "@/lib/digital-rewards/send-exclusions";
import type { DigitalRewardSendPreview } from "@/lib/digital-rewards/preview-digital-reward-send";

const n = (value: number) => value.toLocaleString("en-US");
const backers = (value: number) => formatCount(value, "backer");

/**
 * What a send will do: recipients, skipped backers, the pledges left out for their payment (each
 * exclusion with its count and a toggle, as in the incentive preview), the first recipients with
 * their code, and every problem.
 */
export function SendPreview({
  preview,
  onToggleExclusion,
  disabled = false,
}: {
  preview: DigitalRewardSendPreview;
  onToggleExclusion: (key: DigitalRewardSendExclusionKey, value: boolean) => void;
  disabled?: boolean;
}) {
  const ready = preview.problems.length === 0;
  return (
    <div className="space-y-3" data-testid="send-preview">
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3">
        <div className="rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-slate-500">Recipients</dt>
          <dd className="text-lg font-semibold text-slate-900">{n(preview.recipientCount)}</dd>
        </div>
        <div className="rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-slate-500">Skipped</dt>
          <dd className="text-lg font-semibold text-slate-900">
            {n(preview.skippedCount + preview.withoutPledgeCount + preview.excludedCount)}
          </dd>
        </div>
        {preview.kind === "UNIQUE" && (
          <div className="rounded-lg bg-slate-50 px-3 py-2">
            <dt className="text-slate-500">{preview.bankLeft !== null ? "Codes left in bank" : "Codes given"}</dt>
            <dd className="text-lg font-semibold text-slate-900">{n(preview.bankLeft ?? preview.codesGiven ?? 0)}</dd>
          </div>
        )}
      </dl>
      {preview.skippedCount > 0 && (
        <p className="text-sm text-slate-600">
          Skipped: {backers(preview.skippedCount)} already received “{preview.rewardName}” (
          {preview.skippedNames.join(", ")}
          {preview.skippedCount > preview.skippedNames.length ? ", …" : ""}). They are not sent a second one.
        </p>
      )}
      {preview.withoutPledgeCount > 0 && (
        <p className="text-sm text-slate-600">Skipped: {backers(preview.withoutPledgeCount)} without a pledge.</p>
      )}
      {preview.exclusions.some((exclusion) => exclusion.count > 0) && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">Exclusions</legend>
          <ul className="mt-1 space-y-1.5">
            {preview.exclusions
              .filter((exclusion) => exclusion.count > 0)
              .map((exclusion) => (
                <li key={exclusion.key}>
                  <label className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      className="size-4 rounded border-slate-300 accent-indigo-600"
                      checked={exclusion.enabled}
                      disabled={disabled}
                      onChange={(event) => onToggleExclusion(exclusion.key, event.target.checked)}
                    />
                    <span>
                      Exclude {exclusion.label.charAt(0).toLowerCase() + exclusion.label.slice(1)}{" "}
                      <span className="text-slate-500">({backers(exclusion.count)} in the selection)</span>
                    </span>
                  </label>
                </li>
              ))}
          </ul>
        </fieldset>
      )}
      {!ready && (
        <Alert tone="error" title="Fix this before sending">
          <ul className="list-disc space-y-1 pl-5">
            {preview.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      {ready && preview.sample.length > 0 && (
        <div>
          <p className="mb-1 text-sm font-medium text-slate-900">
            {preview.recipientCount > preview.sample.length
              ? `The first ${preview.sample.length} of ${n(preview.recipientCount)} recipients`
              : "Recipients"}
          </p>
          <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
            {preview.sample.map((row) => (
              <li
                key={row.email}
                className="flex flex-col gap-0.5 px-3 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4"
              >
                <span className="min-w-0 truncate text-slate-700">
                  {row.name || row.email} <span className="text-slate-400">{row.name ? row.email : ""}</span>
                </span>
                {/* Never broken inside: on a narrow screen the code takes its own line, and scrolls if longer still. */}
                <code className="max-w-full overflow-x-auto font-mono text-xs whitespace-nowrap text-indigo-900 sm:shrink-0">
                  {row.value}
                </code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {ready && preview.kind === "UNIQUE" && (
        <p className="text-sm text-slate-600">
          A code given away is spent: once sent, it belongs to that backer and cannot be taken back or given to someone
          else.
        </p>
      )}
    </div>
  );
}
