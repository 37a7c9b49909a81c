import { Alert } from "@/components/ui/alert";
import type { DigitalRewardSendPreview } from "@/lib/digital-rewards/preview-digital-reward-send";

const n = (value: number) => value.toLocaleString("en-US");
const backers = (value: number) => `${n(value)} ${value === 1 ? "backer" : "backers"}`;

/** What a send will do: recipients, skipped backers, the first recipients with their code, and every problem. */
export function SendPreview({ preview }: { preview: DigitalRewardSendPreview }) {
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
            {n(preview.skippedCount + preview.withoutPledgeCount)}
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
                <code className="font-mono text-xs break-all text-indigo-900">{row.value}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
