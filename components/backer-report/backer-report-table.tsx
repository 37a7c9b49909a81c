import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatDate, formatMoney } from "@/components/ui/format";
import {
  backerReportHref,
  type BackerReportQuery,
  type BackerReportSortKey,
} from "@/lib/backers/report/backer-report-query-schema";
import type { BackerReportRow } from "@/lib/backers/report/list-backer-report";
import { BackerPageCheckbox, BackerRowCheckbox } from "./backer-selection-context";
import { BackerRowMenu } from "./backer-row-menu";

const STATUS_TONES: Record<NonNullable<BackerReportRow["status"]>, BadgeTone> = {
  COLLECTED: "green",
  ERRORED: "amber",
  FAILED: "red",
  DROPPED: "neutral",
  REFUNDED: "neutral",
};

export type BackerRowLinks = {
  pledgeSummary?: string | null;
  addTrackingNumber?: string | null;
  sendDigitalReward?: string | null;
};

export type BackerReportTableProps = {
  rows: BackerReportRow[];
  query: BackerReportQuery;
  /** The report's path, e.g. /projects/…/backers; sort links keep the rest of the view. */
  path: string;
  totalCount: number;
  /** Where each row's menu entries lead; an entry without a link shows as coming soon. */
  rowLinks?: (row: BackerReportRow) => BackerRowLinks;
  caption?: string;
};

type Column = { key: BackerReportSortKey | null; label: string; className?: string };

const COLUMNS: Column[] = [
  { key: "number", label: "Backer #", className: "text-right" },
  { key: "name", label: "Name" },
  { key: "email", label: "Email" },
  { key: null, label: "Pledge level" },
  { key: "amount", label: "Amount", className: "text-right" },
  { key: "status", label: "Payment status" },
  { key: "pledged", label: "Pledged at" },
  { key: "country", label: "Country" },
  { key: null, label: "Tracking number" },
  { key: null, label: "Digital rewards" },
  { key: null, label: "Credit", className: "text-right" },
];

function SortHeader({ column, query, path }: { column: Column; query: BackerReportQuery; path: string }) {
  const th = "px-3 py-3 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase";
  if (!column.key) {
    return (
      <th scope="col" className={cn(th, column.className)}>
        {column.label}
      </th>
    );
  }
  const active = query.sort === column.key;
  // Clicking the active column flips it; another column starts ascending.
  const dir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"} className={cn(th, column.className)}>
      <Link
        href={backerReportHref(path, query, { sort: column.key, dir })}
        className={cn(
          "inline-flex items-center gap-1 rounded-md hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
          active && "text-indigo-700",
        )}
      >
        {column.label}
        <span aria-hidden="true" className={cn("text-[10px]", !active && "text-slate-300")}>
          {active ? (query.dir === "asc" ? "▲" : "▼") : "▲▼"}
        </span>
        <span className="sr-only">{active ? `, sorted ${query.dir === "asc" ? "ascending" : "descending"}; sort ${dir === "asc" ? "ascending" : "descending"}` : ", sort ascending"}</span>
      </Link>
    </th>
  );
}

const dash = <span className="text-slate-400">—</span>;

/**
 * The backer report's table (a server component rendering plain rows). Needs a
 * BackerSelectionProvider above it for the tick boxes.
 */
export function BackerReportTable({ rows, query, path, totalCount, rowLinks, caption }: BackerReportTableProps) {
  // `relative`: the sort headers' sr-only labels are absolutely positioned; without a positioned
  // scroll box they escape its clipping and widen the whole page on phones.
  return (
    <div className="relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">
          {caption ?? `Backers: ${rows.length.toLocaleString("en-US")} of ${totalCount.toLocaleString("en-US")} shown`}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="w-10 px-3 py-3">
              <BackerPageCheckbox />
            </th>
            {COLUMNS.map((column) => (
              <SortHeader key={column.label} column={column} query={query} path={path} />
            ))}
            <th scope="col" className="w-12 px-3 py-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const label = row.name || row.email;
            const links = rowLinks?.(row) ?? {};
            return (
              <tr key={row.id} className="hover:bg-slate-50">
                <td className="px-3 py-2.5">
                  <BackerRowCheckbox backerId={row.id} label={`Select ${label}`} />
                </td>
                <td className="px-3 py-2.5 text-right text-slate-500 tabular-nums">{row.backerNumber ?? dash}</td>
                <th scope="row" className="px-3 py-2.5 text-left font-medium whitespace-nowrap text-slate-900">
                  {row.name || dash}
                </th>
                <td className="max-w-64 truncate px-3 py-2.5 text-slate-600" title={row.email}>
                  {row.email}
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap text-slate-700">{row.pledgeLevelName ?? dash}</td>
                <td className="px-3 py-2.5 text-right whitespace-nowrap text-slate-900 tabular-nums">
                  {row.amount === null ? dash : formatMoney(row.amount, row.currency)}
                </td>
                <td className="px-3 py-2.5">
                  {row.status ? <Badge tone={STATUS_TONES[row.status]}>{row.status.charAt(0) + row.status.slice(1).toLowerCase()}</Badge> : dash}
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">{row.pledgedAt ? formatDate(row.pledgedAt) : dash}</td>
                <td className="px-3 py-2.5 text-slate-600">{row.country ?? dash}</td>
                <td className="px-3 py-2.5 whitespace-nowrap">
                  {row.trackingNumber ? (
                    <span className="font-mono text-xs text-slate-800">
                      {row.trackingNumber}
                      {row.carrier && <span className="ml-1.5 font-sans text-slate-500">{row.carrier}</span>}
                    </span>
                  ) : (
                    dash
                  )}
                </td>
                <td className="px-3 py-2.5 text-slate-600">{row.digitalRewards.length ? row.digitalRewards.join(", ") : dash}</td>
                <td className="px-3 py-2.5 text-right whitespace-nowrap tabular-nums text-slate-700">
                  {row.creditBalance ? formatMoney(row.creditBalance, row.currency) : dash}
                </td>
                <td className="px-3 py-2.5 text-right">
                  <BackerRowMenu
                    backerLabel={label}
                    pledgeSummaryHref={links.pledgeSummary}
                    addTrackingNumberHref={links.addTrackingNumber}
                    sendDigitalRewardHref={links.sendDigitalReward}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
