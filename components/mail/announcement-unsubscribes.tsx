import type { AnnouncementUnsubscribe } from "@/lib/mail/unsubscribe/list-announcement-unsubscribes";
import { formatInZone } from "@/lib/projects/zoned-time";

type Props = {
  total: number;
  rows: AnnouncementUnsubscribe[];
  /** The project's zone: dates are on its calendar. */
  timeZone: string;
};

/**
 * Backers who stopped this project's announcements from their unsubscribe link: they get no
 * incentive notices, but still their tracking numbers and digital rewards. Nothing shows when there
 * are none.
 */
export function AnnouncementUnsubscribes({ total, rows, timeZone }: Props) {
  if (total === 0) return null;
  const count = total === 1 ? "1 backer" : `${total.toLocaleString("en-US")} backers`;
  return (
    <section
      aria-labelledby="announcement-unsubscribes-heading"
      className="mb-6 rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="px-4 py-3 sm:px-5">
        <h2 id="announcement-unsubscribes-heading" className="text-base font-semibold text-slate-900">
          {count} unsubscribed from announcements
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          They receive no incentive notices from this project, but still their tracking numbers and digital rewards.
          Only they can undo it, from the link in any announcement.
        </p>
      </div>
      <details className="border-t border-slate-200">
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-indigo-700 sm:px-5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          Show who
        </summary>
        <ul className="divide-y divide-slate-200 border-t border-slate-200">
          {rows.map((row) => (
            <li key={row.email} className="px-4 py-2.5 text-sm sm:px-5">
              <span className="font-medium break-words text-slate-900">
                {row.backerName ? `${row.backerName} · ` : ""}
                {row.email}
              </span>
              <span className="text-slate-600"> since {formatInZone(row.unsubscribedAt, timeZone)}</span>
            </li>
          ))}
          {total > rows.length && (
            <li className="px-4 py-2.5 text-sm text-slate-600 sm:px-5">
              and {(total - rows.length).toLocaleString("en-US")} more
            </li>
          )}
        </ul>
      </details>
    </section>
  );
}
