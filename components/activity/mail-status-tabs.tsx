import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { EMAIL_STATUS_LABELS } from "@/lib/activity/describe-email-status";
import { mailLogHref, type MailLogFilter, type MailLogStatus } from "@/lib/activity/mail-log-query";
import type { ProjectEmailCounts } from "@/lib/activity/count-project-emails";

type Props = { path: string; filter: MailLogFilter; counts: ProjectEmailCounts };

const toneOf: Record<MailLogStatus | "ALL", string> = {
  ALL: "text-slate-900",
  QUEUED: "text-amber-700",
  SENDING: "text-indigo-700",
  SENT: "text-green-700",
  FAILED: "text-red-700",
  SKIPPED: "text-slate-700",
};

/**
 * How many messages are in each status, as links that filter the log by it. "Sending" only shows
 * while something is being sent (or when it is the chosen filter): it is a moment, not a state.
 */
export function MailStatusTabs({ path, filter, counts }: Props) {
  const statuses: MailLogStatus[] = [
    "QUEUED",
    ...(counts.SENDING > 0 || filter.status === "SENDING" ? (["SENDING"] as const) : []),
    "SENT",
    "FAILED",
    ...(counts.SKIPPED > 0 || filter.status === "SKIPPED" ? (["SKIPPED"] as const) : []),
  ];
  const tabs = [
    {
      key: "ALL" as const,
      label: "All",
      count: counts.total,
      href: mailLogHref(path, { ...filter, status: undefined }),
    },
    ...statuses.map((status) => ({
      key: status,
      label: EMAIL_STATUS_LABELS[status],
      count: counts[status],
      href: mailLogHref(path, { ...filter, status }),
    })),
  ];
  const current = filter.status ?? "ALL";
  return (
    <nav aria-label="Filter by status" className="mb-4">
      <ul className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
        {tabs.map((tab) => (
          <li key={tab.key} className="sm:min-w-32">
            <Link
              href={tab.href}
              aria-current={tab.key === current ? "page" : undefined}
              className={cn(
                "flex flex-col rounded-lg border bg-white px-4 py-2.5 shadow-sm transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                tab.key === current
                  ? "border-indigo-600 ring-1 ring-indigo-600"
                  : "border-slate-200 hover:border-slate-300",
              )}
            >
              <span className="text-xs font-medium text-slate-600">{tab.label}</span>
              <span
                className={cn("text-xl font-semibold tabular-nums", toneOf[tab.key])}
                data-testid={`count-${tab.key.toLowerCase()}`}
              >
                {tab.count.toLocaleString("en-US")}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
