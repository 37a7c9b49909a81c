import { describeEmailKind } from "@/lib/activity/describe-email-status";
import type { ProjectSuppression } from "@/lib/mail/suppression/list-project-suppressions";
import { formatInZone } from "@/lib/projects/zoned-time";
import { LiftSuppressionButton, type LiftSuppressionAction } from "./lift-suppression-button";

const REASONS: Record<ProjectSuppression["reason"], string> = {
  HARD_BOUNCE: "Bounced permanently",
  COMPLAINT: "Marked an email as spam",
  UNSUBSCRIBE: "Unsubscribed from all email",
};

type Props = {
  projectId: string;
  total: number;
  rows: ProjectSuppression[];
  backerReportHref: string;
  action: LiftSuppressionAction;
  /** The project's zone: dates are on its calendar. */
  timeZone: string;
};

/**
 * Backers of this project whose address receives no email, and why (the provider's report and the
 * email that caused it), each with "Lift suppression". Nothing shows when there are none.
 */
export function SuppressedAddresses({ projectId, total, rows, backerReportHref, action, timeZone }: Props) {
  if (total === 0) return null;
  return (
    <section
      aria-labelledby="suppressed-heading"
      className="mb-6 rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
        <h2 id="suppressed-heading" className="text-base font-semibold text-slate-900">
          {total === 1 ? "1 backer receives no email" : `${total.toLocaleString("en-US")} backers receive no email`}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Their address bounced permanently, they marked an email as spam, or they unsubscribed. Mail providers suspend
          senders who keep mailing such addresses, so nothing is sent to them.{" "}
          <a href={backerReportHref} className="font-medium text-indigo-700 underline underline-offset-2">
            See them in the backer report
          </a>
          .
        </p>
      </div>
      <ul className="divide-y divide-slate-200">
        {rows.map((row) => (
          <li key={row.email} className="grid gap-3 px-4 py-3 sm:px-5 md:grid-cols-[1fr_auto] md:items-start">
            <div className="min-w-0 text-sm">
              <p className="font-medium break-words text-slate-900">
                {row.backerName ? `${row.backerName} · ` : ""}
                {row.email}
              </p>
              <p className="mt-0.5 text-slate-700">
                {REASONS[row.reason]} on {formatInZone(row.suppressedAt, timeZone)} (reported by {row.provider})
                {row.causedBy && (
                  <>
                    , after the {describeEmailKind(row.causedBy.kind).toLowerCase()} “{row.causedBy.subject}”
                  </>
                )}
                .
              </p>
              {row.detail && <p className="mt-1 text-xs break-words text-slate-500">{row.detail}</p>}
            </div>
            <LiftSuppressionButton projectId={projectId} email={row.email} action={action} />
          </li>
        ))}
      </ul>
      {total > rows.length && (
        <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600 sm:px-5">
          Showing the {rows.length} most recent; the backer report lists all {total.toLocaleString("en-US")}.
        </p>
      )}
    </section>
  );
}
