import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/format";
import { formatInZone } from "@/lib/projects/zoned-time";
import type { ImportKind, ImportStatus } from "@/lib/db/generated/enums";
import type { ProjectImportListItem } from "@/lib/backers/import/list-project-imports";

const KIND_LABELS: Record<ImportKind, string> = {
  BACKERS: "Backers",
  TRACKING: "Tracking numbers",
  DIGITAL_CODES: "Digital codes",
  CONTACTS: "Contact list",
};

const STATUS: Record<ImportStatus, { label: string; tone: BadgeTone }> = {
  APPLIED: { label: "Imported", tone: "green" },
  PREVIEWED: { label: "Previewed, not confirmed", tone: "amber" },
  REJECTED: { label: "Rejected, nothing changed", tone: "red" },
};

const n = (value: number) => value.toLocaleString("en-US");

function describeChanges(item: ProjectImportListItem): string {
  if (item.status === "REJECTED") {
    const errors = item.counts?.errors ?? 0;
    return errors > 0 ? `${n(errors)} ${errors === 1 ? "problem" : "problems"} to fix` : "—";
  }
  if (item.tracking) {
    const { newBackers, replacedBackers, addedBackers, packages } = item.tracking;
    const parts = [formatCount(packages, "package"), `${n(newBackers)} new`];
    if (replacedBackers > 0) parts.push(`${n(replacedBackers)} replaced`);
    if (addedBackers > 0) parts.push(`${n(addedBackers)} with another package`);
    return parts.join(" · ");
  }
  if (item.contacts) {
    const { entries, matchedBackers, unmatched } = item.contacts;
    return `${formatCount(entries, "email")} · ${formatCount(matchedBackers, "backer")} · ${n(unmatched)} not ${unmatched === 1 ? "a backer" : "backers"}`;
  }
  if (!item.counts) return "—";
  const { add, update, unchanged } = item.counts;
  return `${n(add)} added · ${n(update)} updated · ${n(unchanged)} unchanged`;
}

/** The imports history: what was uploaded, by whom and when, and what it changed. */
export function ImportHistoryTable({
  projectId,
  imports,
  timeZone,
}: {
  projectId: string;
  imports: ProjectImportListItem[];
  /** The project's zone: times are on its clock. */
  timeZone: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Past imports, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-3">File</th>
            <th scope="col" className="px-4 py-3">Kind</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3 text-right">Rows</th>
            <th scope="col" className="px-4 py-3">Changes</th>
            <th scope="col" className="px-4 py-3">By</th>
            <th scope="col" className="px-4 py-3">When</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {imports.map((item) => (
            <tr key={item.id} className="align-top">
              <td className="max-w-64 px-4 py-3 font-medium break-words text-slate-900">{item.fileName}</td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-700">{KIND_LABELS[item.kind]}</td>
              <td className="px-4 py-3">
                <Badge tone={STATUS[item.status].tone}>{STATUS[item.status].label}</Badge>
              </td>
              <td className="px-4 py-3 text-right text-slate-700 tabular-nums">{n(item.rowCount)}</td>
              <td className="px-4 py-3 text-slate-700">
                <span className="whitespace-nowrap">{describeChanges(item)}</span>
                {item.storedProblems > 0 && (
                  <a
                    href={`/projects/${projectId}/imports/${item.id}/problems`}
                    className="mt-1 block rounded text-indigo-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {item.status === "REJECTED" ? "Problems" : "Notes"} as CSV
                  </a>
                )}
              </td>
              <td className="px-4 py-3 text-slate-700">
                {item.createdBy ? (
                  <span className="block max-w-48 truncate" title={item.createdBy.email}>
                    {item.createdBy.name || item.createdBy.email}
                  </span>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-700">
                <time dateTime={(item.appliedAt ?? item.createdAt).toISOString()}>{formatInZone(item.appliedAt ?? item.createdAt, timeZone)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
