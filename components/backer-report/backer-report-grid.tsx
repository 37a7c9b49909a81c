"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  Suspense,
  use,
  useCallback,
  useEffect,
  useRef,
  useState,
  useTransition,
  type MouseEvent,
  type ReactNode,
} from "react";
import {
  OPTIONAL_BACKER_REPORT_COLUMNS,
  formatBackerReportColumns,
  type OptionalBackerReportColumn,
} from "@/lib/backers/report/backer-report-columns";
import {
  backerReportHref,
  type BackerReportQuery,
  type BackerReportSortKey,
} from "@/lib/backers/report/backer-report-query-schema";
import { BackerPageCheckbox, BackerRowCheckbox } from "./backer-selection-context";
import { BACKER_ROW_MENU_ID, BackerRowMenu, type BackerRowMenuTarget } from "./backer-row-menu";
import { FilterDisclosure } from "./filter-disclosure";
import {
  BACKER_GRID_STATUSES,
  GRID,
  backerEmailOf,
  backerIdOf,
  type BackerGridPage,
  type BackerGridRow,
} from "./backer-grid-row";

type Cell = (row: BackerGridRow, words: string[]) => ReactNode;
type ColumnDef = { label: string; sort: BackerReportSortKey | null; numeric?: boolean; wrap?: boolean; cell: Cell };

/** Ids of the hidden words and of each row's backer label (short: they are written on every row). */
const SELECT_WORD_ID = "bs";
const ACTIONS_WORD_ID = "ba";
const ROW_LABEL_ID = "b";

// No value: an empty cell, which the stylesheet shows as a faint "—" (`.backer-grid :empty`), rather
// than a span of its own in every such cell of the page.
const none = null;
const word = (position: number | null | undefined, words: string[]) => (position == null ? none : words[position]);

const OPTIONAL: Record<OptionalBackerReportColumn, ColumnDef> = {
  number: { label: "Backer #", sort: "number", numeric: true, cell: (r) => r[GRID.number] ?? none },
  email: { label: "Email", sort: "email", cell: (r, words) => backerEmailOf(r, words) },
  amount: { label: "Amount", sort: "amount", numeric: true, cell: (r) => r[GRID.amount] ?? none },
  pledged: { label: "Pledged at", sort: "pledged", cell: (r) => r[GRID.pledged] ?? none },
  country: { label: "Country", sort: "country", cell: (r) => r[GRID.country] ?? none },
  rewards: { label: "Digital rewards", sort: null, cell: (r, words) => word(r[GRID.rewards], words) },
  credit: { label: "Credit", sort: null, numeric: true, cell: (r) => r[GRID.credit] ?? none },
};

const LEVEL: ColumnDef = {
  label: "Pledge level",
  sort: null,
  wrap: true,
  cell: (r, words) => word(r[GRID.level], words),
};
const STATUS: ColumnDef = {
  label: "Payment status",
  sort: "status",
  cell: (r) => {
    const position = r[GRID.status];
    if (position === null) return none;
    const status = BACKER_GRID_STATUSES[position];
    // The pill's colour is picked by the status's first letter (`.backer-grid [data-s]`).
    return <span data-s={status.charAt(0)}>{status.charAt(0) + status.slice(1).toLowerCase()}</span>;
  },
};
const TRACKING: ColumnDef = {
  label: "Tracking number",
  sort: null,
  cell: (r, words) =>
    r[GRID.tracking] ? (
      <>
        <code>{r[GRID.tracking]}</code>
        {r[GRID.carrier] !== null && <small>{word(r[GRID.carrier], words)}</small>}
      </>
    ) : (
      none
    ),
};

/** The columns in the table's order: the always-shown ones with the chosen ones among them. */
function visibleColumns(chosen: ReadonlySet<OptionalBackerReportColumn>): ColumnDef[] {
  const pick = (...keys: OptionalBackerReportColumn[]) =>
    keys.filter((key) => chosen.has(key)).map((key) => OPTIONAL[key]);
  return [
    ...pick("number", "email"),
    LEVEL,
    ...pick("amount"),
    STATUS,
    ...pick("pledged", "country"),
    TRACKING,
    ...pick("rewards", "credit"),
  ];
}

function SortLink({
  label,
  sort,
  query,
  path,
}: {
  label: string;
  sort: BackerReportSortKey;
  query: BackerReportQuery;
  path: string;
}) {
  const active = query.sort === sort;
  // Clicking the active column flips it; another column starts ascending.
  const dir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    // The look comes from `.backer-grid thead a` (coloured by the header cell's aria-sort).
    <Link href={backerReportHref(path, query, { sort, dir })}>
      {label}
      <span aria-hidden="true">{active ? (query.dir === "asc" ? "▲" : "▼") : "▲▼"}</span>
      <span className="sr-only">
        {active
          ? `, sorted ${query.dir === "asc" ? "ascending" : "descending"}; sort ${dir === "asc" ? "ascending" : "descending"}`
          : ", sort ascending"}
      </span>
    </Link>
  );
}

/**
 * Right-aligned numbers and the wrapping pledge level, addressed by column position: one rule for
 * the table instead of an attribute on each of its cells. Cells 1 and 2 are the tick box and backer.
 */
function columnRules(columns: ColumnDef[]): string {
  const cells = (pick: (column: ColumnDef) => boolean | undefined) =>
    columns.flatMap((column, i) => (pick(column) ? [`.backer-grid tr>:nth-child(${i + 3})`] : [])).join(",");
  const numeric = cells((column) => column.numeric);
  const wrap = cells((column) => column.wrap);
  return [
    numeric && `${numeric}{text-align:right;font-variant-numeric:tabular-nums}`,
    wrap && `${wrap}{min-width:8rem;white-space:normal}`,
  ]
    .filter(Boolean)
    .join("");
}

/** A count that may still be on its way: render inside Suspense. */
function Count({ value }: { value: Promise<number> | number }) {
  return (typeof value === "number" ? value : use(value)).toLocaleString("en-US");
}

function ariaSort(query: BackerReportQuery, sort: BackerReportSortKey | null) {
  if (sort === null || query.sort !== sort) return sort === null ? undefined : "none";
  return query.dir === "asc" ? "ascending" : "descending";
}

/** Remembers the choice for the next visit: a year, sent only to this report's path. */
function writeColumnsCookie(
  remember: { cookieName: string; userId: string },
  path: string,
  chosen: ReadonlySet<OptionalBackerReportColumn>,
) {
  const keys = OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => column.key).filter((key) => chosen.has(key));
  const value = encodeURIComponent(formatBackerReportColumns(remember.userId, keys));
  document.cookie = `${remember.cookieName}=${value}; path=${path}; max-age=31536000; samesite=lax`;
}

export type BackerReportGridProps = {
  /** The page's rows (see toBackerGridRows). */
  page: BackerGridPage;
  query: BackerReportQuery;
  /** The report's path, e.g. /projects/…/backers; sort links keep the rest of the view. */
  path: string;
  /** Backers matching the filter; may arrive after the rows. */
  totalCount: Promise<number> | number;
  /**
   * The optional columns shown (the remembered choice): the rows carry data for these only, so a
   * new choice is remembered and the page fetched again with it.
   */
  columns: OptionalBackerReportColumn[];
  /** Where the choice is remembered: the cookie's name and the user it belongs to. */
  remember: { cookieName: string; userId: string };
};

/**
 * The backer report's table: a client component rendering plain rows, with the tick box and
 * backer pinned on the left and the row menu on the right while the other columns scroll; the
 * creator chooses those columns. Needs a BackerSelectionProvider above it for the tick boxes.
 */
export function BackerReportGrid({ page, query, path, totalCount, columns: shown, remember }: BackerReportGridProps) {
  const { rows, words } = page;
  // The chooser's boxes follow the click at once; the table follows when the page comes back.
  const [chosen, setChosen] = useState<ReadonlySet<OptionalBackerReportColumn>>(() => new Set(shown));
  const router = useRouter();
  const [fetching, startFetching] = useTransition();
  const [menu, setMenu] = useState<(BackerRowMenuTarget & { rowId: string }) | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  const columns = visibleColumns(new Set(shown));

  const choose = (key: OptionalBackerReportColumn, visible: boolean) => {
    const next = new Set(chosen);
    if (visible) next.add(key);
    else next.delete(key);
    setChosen(next);
    writeColumnsCookie(remember, path, next);
    startFetching(() => router.refresh());
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
    // The browser scrolls focus into view only when it falls outside the box, not when it lands
    // under a pinned column; scrolling it explicitly honours the box's scroll-padding.
    const reveal = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || target === box) return;
      if (target.closest("tr > :is(:first-child, :nth-child(2), :last-child)")) return;
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    };
    update();
    box.addEventListener("scroll", update, { passive: true });
    box.addEventListener("focusin", reveal);
    const observer = new ResizeObserver(update);
    observer.observe(box);
    return () => {
      box.removeEventListener("scroll", update);
      box.removeEventListener("focusin", reveal);
      observer.disconnect();
    };
  }, [shown]);

  const closeMenu = useCallback(() => setMenu(null), []);
  const openMenu = (event: MouseEvent<HTMLButtonElement>, row: BackerGridRow) => {
    const trigger = event.currentTarget;
    const id = backerIdOf(row);
    const [, hasPledge, name] = row;
    if (menu?.trigger === trigger) return setMenu(null);
    setMenu({
      rowId: id,
      trigger,
      backerLabel: name || backerEmailOf(row, words),
      addTrackingNumberHref: hasPledge ? `${path}/${id}/tracking` : null,
      sendDigitalRewardHref: hasPledge ? `${path}/${id}/digital-reward` : null,
      pledgeSummaryHref: hasPledge ? `${path}/${id}` : null,
    });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="pt-1.5 text-xs text-slate-500" aria-hidden={!overflows}>
          {overflows && "Scroll the table sideways for more columns →"}
        </p>
        <FilterDisclosure>
          <summary className="columns-button">
            Columns{" "}
            <span className="font-normal text-slate-600">
              {`(${chosen.size} of ${OPTIONAL_BACKER_REPORT_COLUMNS.length} extra)`}
            </span>
            <span aria-hidden="true" className="caret ml-1 inline-block">
              ▾
            </span>
          </summary>
          {/* In the page's flow, not floating: the open list pushes the table down rather than covering it. */}
          <fieldset className="columns-list">
            <legend className="sr-only">Columns to show</legend>
            <p className="px-2 py-1 text-xs text-slate-500 sm:col-span-2">
              Backer, pledge level, payment status and tracking number are always shown.
            </p>
            {OPTIONAL_BACKER_REPORT_COLUMNS.map((column) => (
              <label key={column.key}>
                <input
                  type="checkbox"
                  checked={chosen.has(column.key)}
                  onChange={(event) => choose(column.key, event.target.checked)}
                />
                {column.label}
              </label>
            ))}
          </fieldset>
        </FilterDisclosure>
      </div>
      {/* The look is `.backer-grid` in app/globals.css: once there instead of on every cell. */}
      <div
        ref={boxRef}
        className="backer-grid"
        role="region"
        aria-label="Backers table"
        aria-busy={fetching || undefined}
        tabIndex={0}
      >
        <style>{columnRules(columns)}</style>
        {/* The words the rows' controls are named with, once for the table (see the rows). */}
        <span id={SELECT_WORD_ID} hidden>
          Select
        </span>
        <span id={ACTIONS_WORD_ID} hidden>
          Actions for
        </span>
        <table>
          <caption className="sr-only">
            {`Backers: ${rows.length.toLocaleString("en-US")} of `}
            <Suspense fallback="all">
              <Count value={totalCount} />
            </Suspense>{" "}
            shown
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
                <th key={column.label} scope="col" aria-sort={ariaSort(query, column.sort)}>
                  {column.sort ? (
                    <SortLink label={column.label} sort={column.sort} query={query} path={path} />
                  ) : (
                    column.label
                  )}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const id = backerIdOf(row);
              const name = row[GRID.name];
              const open = menu?.rowId === id;
              // The row's tick box and menu button are named by reference to the backer cell
              // ("Select" / "Actions for" + name, or the email when there is no name), so the
              // name is written once per row instead of three times.
              const labelId = `${ROW_LABEL_ID}${i}`;
              return (
                <tr key={id}>
                  <td>
                    <BackerRowCheckbox backerId={id} labelledBy={`${SELECT_WORD_ID} ${labelId}`} />
                  </td>
                  <th scope="row">
                    <span id={name ? labelId : undefined}>{name || none}</span>
                    <span id={name ? undefined : labelId}>{backerEmailOf(row, words)}</span>
                  </th>
                  {columns.map((column) => (
                    <td key={column.label}>{column.cell(row, words)}</td>
                  ))}
                  <td>
                    {/* No type: the table is in no form. The "⋯" comes from the stylesheet. */}
                    <button
                      aria-labelledby={`${ACTIONS_WORD_ID} ${labelId}`}
                      aria-haspopup="menu"
                      // Said only while open (the menu button pattern allows leaving it out when closed).
                      aria-expanded={open || undefined}
                      aria-controls={open ? BACKER_ROW_MENU_ID : undefined}
                      onClick={(event) => openMenu(event, row)}
                    />
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
