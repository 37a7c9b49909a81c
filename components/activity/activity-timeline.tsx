import Link from "next/link";
import type { ReactNode } from "react";
import { ClockIcon, FilterIcon, GiftIcon, KeyIcon, MailIcon, TruckIcon, UploadIcon, UsersIcon } from "@/components/ui/icons";
import { describeAuditEvent, type AuditEventCategory } from "@/lib/activity/describe-audit-event";
import { listAuditDetailRows } from "@/lib/activity/list-audit-detail-rows";
import type { AuditEventEntry } from "@/lib/activity/list-audit-events";
import { formatInZone } from "@/lib/projects/zoned-time";

const categoryIcons: Record<AuditEventCategory, ReactNode> = {
  import: <UploadIcon className="size-5" />,
  tracking: <TruckIcon className="size-5" />,
  "digital-reward": <KeyIcon className="size-5" />,
  segment: <FilterIcon className="size-5" />,
  incentive: <GiftIcon className="size-5" />,
  mail: <MailIcon className="size-5" />,
  team: <UsersIcon className="size-5" />,
  other: <ClockIcon className="size-5" />,
};

function actorLabel(event: AuditEventEntry): { name: string; email: string | null } {
  if (event.actor)
    return {
      name: event.actor.name.trim() || event.actor.email,
      email: event.actor.name.trim() ? event.actor.email : null,
    };
  return { name: event.actorId ? "A former member" : "Pledgehouse", email: null };
}

/** Events grouped under their day in the project's zone, newest first as they come. */
function groupByDay(events: AuditEventEntry[], timeZone: string): { day: string; events: AuditEventEntry[] }[] {
  const groups: { day: string; events: AuditEventEntry[] }[] = [];
  for (const event of events) {
    const day = formatInZone(event.createdAt, timeZone, "date");
    const last = groups[groups.length - 1];
    if (last?.day === day) last.events.push(event);
    else groups.push({ day, events: [event] });
  }
  return groups;
}

function ActivityEntry({ event, projectPath, timeZone }: { event: AuditEventEntry; projectPath: string; timeZone: string }) {
  const description = describeAuditEvent(event, projectPath);
  const actor = actorLabel(event);
  const details = listAuditDetailRows(event.details);
  return (
    <li className="relative flex gap-3 px-4 py-4 sm:gap-4 sm:px-5" data-testid="activity-entry">
      <div
        aria-hidden="true"
        className="flex size-9 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-1 ring-indigo-100"
      >
        {categoryIcons[description.category]}
      </div>
      <div className="min-w-0 flex-1">
        <p className="text-sm text-slate-800">
          <span className="font-semibold text-slate-900">{actor.name}</span> {description.sentence}.
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          <time dateTime={event.createdAt.toISOString()}>{formatInZone(event.createdAt, timeZone, "time")}</time>
          {actor.email && <span className="break-all"> · {actor.email}</span>}
        </p>
        {description.facts.length > 0 && (
          <dl className="mt-2 flex flex-wrap gap-1.5">
            {description.facts.map((fact) => (
              <div
                key={fact.label}
                className="inline-flex items-baseline gap-1 rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
              >
                <dt>{fact.label}</dt>
                <dd className="font-semibold text-slate-900 tabular-nums">{fact.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {(details.length > 0 || description.link) && (
          <div className="mt-2 flex flex-col items-start gap-1 text-sm">
            {description.link && (
              <Link
                href={description.link.href}
                className="rounded font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                {description.link.label}
              </Link>
            )}
            {details.length > 0 && (
              <details className="w-full max-w-2xl">
                <summary className="cursor-pointer rounded font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                  Details
                </summary>
                <dl className="mt-2 grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-slate-50 p-3 text-xs">
                  {details.map((row) => (
                    <div key={row.label} className="contents">
                      <dt className="text-slate-500">{row.label}</dt>
                      <dd className="font-mono break-all text-slate-800">{row.value}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

/**
 * The project's audit events as a timeline: who did what to how many, one sentence each, by day,
 * the days and times on the clock of the project's `timeZone`.
 */
export function ActivityTimeline({ events, projectPath, timeZone }: { events: AuditEventEntry[]; projectPath: string; timeZone: string }) {
  return (
    <div className="space-y-6">
      {groupByDay(events, timeZone).map((group) => (
        <section key={group.day} aria-label={group.day}>
          <h2 className="mb-2 text-sm font-semibold text-slate-700">{group.day}</h2>
          <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
            {group.events.map((event) => (
              <ActivityEntry key={event.id} event={event} projectPath={projectPath} timeZone={timeZone} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
