import type { ReactNode } from "react";
import {
  backerReportHref,
  DEFAULT_BACKER_REPORT_QUERY,
  isBackerReportFiltered,
  type BackerReportQuery,
} from "@/lib/backers/report/backer-report-query-schema";
import type { OptionalBackerReportColumn } from "@/lib/backers/report/backer-report-columns";
import type { BackerReportPage, BackerReportPageCounting } from "@/lib/backers/report/list-backer-report";
import { BackerReportUrlNotice } from "./backer-report-notice";
import { NoBackersMatch, NoBackersYet } from "./backer-report-empty-state";
import { BackerReportFilters, type BackerReportFilterOptions } from "./backer-report-filters";
import { BackerReportPagination } from "./backer-report-pagination";
import { BackerReportGrid, type BackerReportGridProps } from "./backer-report-grid";
import { BackerSelectionProvider } from "./backer-selection-context";
import { toBackerGridRows } from "./to-backer-grid-rows";
import { SelectionBar, type AddToSegmentAction } from "./selection-bar";

export type BackerReportViewProps = {
  /** The rows; the exact count may still be on its way (it must not hold them back). */
  page: BackerReportPage | BackerReportPageCounting;
  query: BackerReportQuery;
  /** What parseBackerReportQuery ignored in the URL. */
  issues?: string[];
  /** The report's own path (links and the filter form point here). */
  path: string;
  options: BackerReportFilterOptions;
  /** Where "Import backers" leads when the project has none. */
  importHref: string;
  /** The project: a large export is followed as its job, and "Add to segment" adds to its segments (see SelectionBar). */
  projectId: string;
  /** POST route answering with the CSV (see SelectionBar). */
  exportUrl: string;
  /** The optional columns shown (the creator's remembered choice). */
  columns: OptionalBackerReportColumn[];
  /** The project's zone: the rows' times are shown on its clock. */
  timeZone: string;
  /** Where the table remembers a new choice of columns. */
  rememberColumns: BackerReportGridProps["remember"];
  addToSegment?: AddToSegmentAction;
  /** Static segments offered by "Add to segment". */
  staticSegments?: { id: string; name: string }[];
  /** Further bulk actions for the selection bar (see SelectionBar). */
  bulkActions?: ReactNode;
  /** For a viewer: why the selection offers no action or export (see SelectionBar). */
  readOnlyNote?: string;
};

/**
 * The whole backer report for a page to render: filters, table with selection, pagination, the
 * bottom selection bar and the empty states. Everything comes in as plain data.
 */
export function BackerReportView(props: BackerReportViewProps) {
  const { page, query, path, issues = [] } = props;
  const filtered = isBackerReportFiltered(query.filter);
  const clearHref = backerReportHref(path, {
    ...DEFAULT_BACKER_REPORT_QUERY,
    sort: query.sort,
    dir: query.dir,
    pageSize: query.pageSize,
  });

  // The first page of an unfiltered view is empty only when the project has no backers.
  if (page.rows.length === 0 && !filtered && !query.cursor) return <NoBackersYet importHref={props.importHref} />;
  // One object for both: React sends a prop used twice once.
  const rows = toBackerGridRows(page.rows, props.timeZone, props.columns);

  return (
    <BackerSelectionProvider filter={query.filter} totalCount={page.totalCount} page={rows}>
      <div className="space-y-4 pb-28">
        <BackerReportUrlNotice issues={issues} />
        <BackerReportFilters query={query} path={path} options={props.options} />
        {page.rows.length === 0 ? (
          <NoBackersMatch clearHref={clearHref} />
        ) : (
          <>
            <BackerReportGrid
              page={rows}
              query={query}
              path={path}
              totalCount={page.totalCount}
              columns={props.columns}
              remember={props.rememberColumns}
            />
            <BackerReportPagination
              query={query}
              path={path}
              shown={page.rows.length}
              totalCount={page.totalCount}
              nextCursor={page.nextCursor}
              prevCursor={page.prevCursor}
            />
          </>
        )}
      </div>
      <SelectionBar
        projectId={props.projectId}
        exportUrl={props.exportUrl}
        sort={query.sort}
        dir={query.dir}
        segments={props.staticSegments}
        addToSegment={props.addToSegment}
        bulkActions={props.bulkActions}
        readOnlyNote={props.readOnlyNote}
      />
    </BackerSelectionProvider>
  );
}
