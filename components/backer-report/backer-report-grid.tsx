"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import {
  OPTIONAL_BACKER_REPORT_COLUMNS,
  formatBackerReportColumns,
  type OptionalBackerReportColumn,
} from "@/lib/backers/report/backer-report-columns";
import { backerReportHref, type BackerReportQuery, type BackerReportSortKey } from "@/lib/backers/report/backer-report-query-schema";
import { BackerPageCheckbox, BackerRowCheckbox } from "./backer-selection-context";
import { BACKER_ROW_MENU_ID, BackerRowMenu, type BackerRowMenuTarget } from "./backer-row-menu";
import { FilterDisclosure } from "./filter-disclosure";
import type { BackerGridRow } from "./to-backer-grid-rows";

type Cell = (row: BackerGridRow) => ReactNode;
type ColumnDef = { label: string; sort: BackerReportSortKey | null; numeric?: boolean; wrap?: boolean; cell: Cell };

const none = <span className="text-slate-400">—</span>;

const OPTIONAL: Record<OptionalBackerReportColumn, ColumnDef> = {
  number: { label: "Backer #", sort: "number", numeric: true, cell: (r) => r.number ?? none },
  email: { label: "Email", sort: "email", cell: (r) => r.email },
  amount: { label: "Amount", sort: "amount", numeric: true, cell: (r) => r.amount ?? none },
  pledged: { label: "Pledged at", sort: "pledged", cell: (r) => r.pledged ?? none },
  country: { label: "Country", sort: "country", cell: (r) => r.country ?? none },
  rewards: { label: "Digital rewards", sort: null, cell: (r) => r.rewards ?? none },
  credit: { label: "Credit", sort: null, numeric: true, cell: (r) => r.credit ?? none },
};

const LEVEL: ColumnDef = { label: "Pledge level", sort: null, wrap: true, cell: (r) => r.level ?? none };
const STATUS: ColumnDef = {
  label: "Payment status",
  sort: "status",
  cell: (r) =>
    r.status ? <span data-s={r.status}>{r.status.charAt(0) + r.status.slice(1).toLowerCase()}</span> : none,
};
const TRACKING: ColumnDef = {
  label: "Tracking number",
  sort: null,
  cell: (r) =>
    r.tracking ? (
      <>
        <code>{r.tracking}</code>
        {r.carrier && <small>{r.carrier}</small>}
      </>
    ) : (
      none
    ),
};

/** The columns in the table's order: the always-shown ones with the chosen ones among them. */
function visibleColumns(chosen: ReadonlySet<OptionalBackerReportColumn>): ColumnDef[] {
  const pick = (...keys: OptionalBackerReportColumn[]) => keys.filter((key) => chosen.has(key)).map((key) => OPTIONAL[key]);
  return [...pick("number", "email"), LEVEL, ...pick("amount"), STATUS, ...pick("pledged", "country"), TRACKING, ...pick("rewards", "credit")];
}

function SortLink({ label, sort, query, path }: { label: string; sort: BackerReportSortKey; query: BackerReportQuery; path: string }) {
  const active = query.sort === sort;
  // Clicking the active column flips it; another column starts ascending.
  const dir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <Link href={backerReportHref(path, query, { sort, dir })} className={cn("rounded hover:text-slate-900", active && "text-indigo-700")}>
      {label}
      <span aria-hidden="true" className={cn("ml-1 text-[10px]", !active && "text-slate-300")}>
        {active ? (query.dir === "asc" ? "▲" : "▼") : "▲▼"}
      </span>
      <span className="sr-only">{active ? `, sorted ${query.dir === "asc" ? "ascending" : "descending"}; sort ${dir === "asc" ? "ascending" : "descending"}` : ", sort ascending"}</span>
    </Link>
  );
}

function ariaSort(query: BackerReportQuery, sort: BackerReportSortKey | null) {
  if (sort === null || query.sort !== sort) return sort === null ? undefined : "none";
  return query.dir === "asc" ? "ascending" : "descending";
}

// The table's look is set once here for every cell, rather than as a class string on each of
// several hundred cells. Children of a row: 1 tick box, 2 backer (both pinned left), last the
// row menu (pinned right from sm up; on a phone only the name stays, leaving room to scroll).
const TABLE = cn(
  "w-full border-separate border-spacing-0 text-sm text-slate-700",
  "[&_tr>*]:border-b [&_tr>*]:border-slate-100 [&_tr>*]:bg-white [&_tr>*]:px-3 [&_tr>*]:py-2.5 [&_tr>*]:text-left [&_tr>*]:font-normal [&_tr>*]:whitespace-nowrap",
  "[&_thead_th]:border-slate-200 [&_thead_th]:bg-slate-50 [&_thead_th]:text-xs [&_thead_th]:font-semibold [&_thead_th]:tracking-wide [&_thead_th]:text-slate-600 [&_thead_th]:uppercase",
  "[&_tbody_tr:hover>*]:bg-slate-50 [&_tbody_tr:last-child>*]:border-b-0",
  "[&_tr>:first-child]:sticky [&_tr>:first-child]:left-0 [&_tr>:first-child]:z-10 [&_tr>:first-child]:w-10",
  "[&_tr>:nth-child(2)]:sticky [&_tr>:nth-child(2)]:left-10 [&_tr>:nth-child(2)]:z-10",
  "sm:[&_tr>:last-child]:sticky sm:[&_tr>:last-child]:right-0 sm:[&_tr>:last-child]:z-10 [&_tr>:last-child]:w-14 [&_tr>:last-child]:text-right",
  // The backer: name over email, cut to the pinned column's width.
  "[&_tbody_th>span]:block [&_tbody_th>span]:w-28 [&_tbody_th>span]:truncate sm:[&_tbody_th>span]:w-52 [&_tbody_th>span]:font-medium [&_tbody_th>span]:text-slate-900",
  "[&_tbody_th>span+span]:text-xs [&_tbody_th>span+span]:font-normal [&_tbody_th>span+span]:text-slate-500",
  "[&_[data-n]]:text-right [&_[data-n]]:tabular-nums [&_[data-w]]:min-w-32 [&_[data-w]]:whitespace-normal",
  "[&_code]:block [&_code]:text-xs [&_small]:block [&_small]:text-xs [&_small]:text-slate-500",
  "[&_[data-s]]:rounded-md [&_[data-s]]:px-2 [&_[data-s]]:py-0.5 [&_[data-s]]:text-xs [&_[data-s]]:font-medium",
  "[&_[data-s=COLLECTED]]:bg-green-50 [&_[data-s=COLLECTED]]:text-green-700 [&_[data-s=ERRORED]]:bg-amber-50 [&_[data-s=ERRORED]]:text-amber-800",
  "[&_[data-s=FAILED]]:bg-red-50 [&_[data-s=FAILED]]:text-red-700 [&_[data-s=DROPPED]]:bg-slate-100 [&_[data-s=REFUNDED]]:bg-slate-100",
  "[&_td_input]:size-4 [&_td_input]:accent-indigo-600",
  "[&_td>button]:size-8 [&_td>button]:rounded-lg [&_td>button]:text-lg [&_td>button]:text-slate-500 [&_td>button:hover]:bg-slate-100",
);

// The pinned columns cast a shadow over the scrolling ones while there is more to either side.
const BOX = cn(
  "relative overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200",
  "[&[data-left]_tr>:nth-child(2)]:shadow-[6px_0_6px_-4px_rgb(15_23_42/0.25)]",
  "sm:[&[data-right]_tr>:last-child]:shadow-[-6px_0_6px_-4px_rgb(15_23_42/0.25)]",
  // Keyboard focus scrolled into view lands clear of the pinned columns, never under them.
  "scroll-pl-44 sm:scroll-pr-16 sm:scroll-pl-72",
);

/** Remembers the choice for the next visit: a year, sent only to this report's path. */
function writeColumnsCookie(remember: { cookieName: string; userId: string }, path: string, chosen: ReadonlySet<OptionalBackerReportColumn>) {
  const keys = OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => column.key).filter((key) => chosen.has(key));
  const value = encodeURIComponent(formatBackerReportColumns(remember.userId, keys));
  document.cookie = `${remember.cookieName}=${value}; path=${path}; max-age=31536000; samesite=lax`;
}

export type BackerReportGridProps = {
  rows: BackerGridRow[];
  query: BackerReportQuery;
  /** The report's path, e.g. /projects/…/backers; sort links keep the rest of the view. */
  path: string;
  totalCount: number;
  /** The optional columns shown at first (the remembered choice). */
  columns: OptionalBackerReportColumn[];
  /** Where the choice is remembered: the cookie's name and the user it belongs to. */
  remember: { cookieName: string; userId: string };
};

/**
 * The backer report's table: a client component rendering plain rows, with the tick box and
 * backer pinned on the left and the row menu on the right while the other columns scroll; the
 * creator chooses those columns. Needs a BackerSelectionProvider above it for the tick boxes.
 */
export function BackerReportGrid({ rows, query, path, totalCount, columns: initial, remember }: BackerReportGridProps) {
  const [chosen, setChosen] = useState<ReadonlySet<OptionalBackerReportColumn>>(() => new Set(initial));
  const [menu, setMenu] = useState<(BackerRowMenuTarget & { rowId: string }) | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  const columns = visibleColumns(chosen);

  const choose = (key: OptionalBackerReportColumn, shown: boolean) => {
    const next = new Set(chosen);
    if (shown) next.add(key);
    else next.delete(key);
    setChosen(next);
    writeColumnsCookie(remember, path, next);
  };

  // Marks which sides have more columns, for the shadows and the hint.
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const update = () => {
      const left = box.scrollLeft > 0;
      const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
      box.toggleAttribute("data-left", left);
      box.toggleAttribute("data-right", right);
      setOverflows(box.scrollWidth > box.clientWidth + 1);
    };
    update();
    box.addEventListener("scroll", update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(box);
    return () => {
      box.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, [chosen]);

  const closeMenu = useCallback(() => setMenu(null), []);
  const openMenu = (event: MouseEvent<HTMLButtonElement>, row: BackerGridRow) => {
    const trigger = event.currentTarget;
    if (menu?.trigger === trigger) return setMenu(null);
    setMenu({
      rowId: row.id,
      trigger,
      backerLabel: row.name || row.email,
      addTrackingNumberHref: row.pledgeId ? `${path}/${row.id}/tracking` : null,
      sendDigitalRewardHref: row.pledgeId ? `${path}/${row.id}/digital-reward` : null,
      pledgeSummaryHref: row.pledgeId ? `${path}/${row.id}` : null,
    });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="pt-1.5 text-xs text-slate-500" aria-hidden={!overflows}>
          {overflows && "Scroll the table sideways for more columns →"}
        </p>
        <FilterDisclosure className="group">
          <summary className="cursor-pointer list-none rounded-lg bg-white px-2.5 py-1.5 text-sm font-semibold shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
            Columns <span className="font-normal text-slate-600">({chosen.size} of {OPTIONAL_BACKER_REPORT_COLUMNS.length} extra)</span>
            <span aria-hidden="true" className="ml-1 inline-block text-slate-400 group-open:rotate-180">
              ▾
            </span>
          </summary>
          {/* In the page's flow, not floating: the open list pushes the table down rather than covering it. */}
          <fieldset className="mt-2 grid gap-1 rounded-lg bg-white p-2 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2">
            <legend className="sr-only">Columns to show</legend>
            <p className="px-2 py-1 text-xs text-slate-500 sm:col-span-2">Backer, pledge level, payment status and tracking number are always shown.</p>
            {OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => (
              <label key={column.key} className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="size-4 accent-indigo-600"
                  checked={chosen.has(column.key)}
                  onChange={(event) => choose(column.key, event.target.checked)}
                />
                {column.label}
              </label>
            ))}
          </fieldset>
        </FilterDisclosure>
      </div>
      <div ref={boxRef} className={BOX} role="region" aria-label="Backers table" tabIndex={0}>
        <table className={TABLE}>
          <caption className="sr-only">
            Backers: {rows.length.toLocaleString("en-US")} of {totalCount.toLocaleString("en-US")} shown
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <BackerPageCheckbox />
              </th>
              <th scope="col" aria-sort={ariaSort(query, "name")}>
                <SortLink label="Backer" sort="name" query={query} path={path} />
              </th>
              {columns.map((column) => (
                <th key={column.label} scope="col" aria-sort={ariaSort(query, column.sort)} data-n={column.numeric ? "" : undefined}>
                  {column.sort ? <SortLink label={column.label} sort={column.sort} query={query} path={path} /> : column.label}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const label = row.name || row.email;
              const open = menu?.rowId === row.id;
              return (
                <tr key={row.id}>
                  <td>
                    <BackerRowCheckbox backerId={row.id} label={`Select ${label}`} bare />
                  </td>
                  <th scope="row">
                    <span>{row.name || none}</span>
                    <span>{row.email}</span>
                  </th>
                  {columns.map((column) => (
                    <td key={column.label} data-n={column.numeric ? "" : undefined} data-w={column.wrap ? "" : undefined}>
                      {column.cell(row)}
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      aria-label={`Actions for ${label}`}
                      aria-haspopup="menu"
                      aria-expanded={open}
                      aria-controls={open ? BACKER_ROW_MENU_ID : undefined}
                      onClick={(event) => openMenu(event, row)}
                    >
                      <span aria-hidden="true">⋯</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <BackerRowMenu target={menu} onClose={closeMenu} />
    </div>
  );
}
