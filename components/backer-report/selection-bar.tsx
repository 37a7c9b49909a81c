"use client";

import { Tooltip } from "radix-ui";
import { useState, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import type { BackerReportSortKey, SortDirection } from "@/lib/backers/report/backer-report-query-schema";
import { AddToSegmentMenu, type AddToSegmentAction, type SelectionBarMessage } from "./add-to-segment-menu";
import { useBackerSelection } from "./backer-selection-context";
import { ExportBackersButtons } from "./export-backers-buttons";
import { formatCount } from "@/components/ui/format";

export type { AddToSegmentAction } from "./add-to-segment-menu";

export type SelectionBarProps = {
  projectId: string;
  /**
   * A route that answers a POST with fields `selection` (JSON BackerSelection), `sort`, `dir`
   * (and `format`) with the file, or for more than a page of backers with the export's job.
   */
  exportUrl: string;
  sort: BackerReportSortKey;
  dir: SortDirection;
  /** Static segments the selection can be added to. */
  segments?: { id: string; name: string }[];
  /** Omitted: "Add to segment" shows as coming soon. */
  addToSegment?: AddToSegmentAction;
  /**
   * More bulk actions (Add tracking numbers, Send digital reward), rendered before "Add to
   * segment". They read the selection with useBackerSelection.
   */
  bulkActions?: ReactNode;
  /**
   * Set for a member whose role may not act on backers (a viewer): the bar then offers no action
   * or export and shows this explanation instead.
   */
  readOnlyNote?: string;
};

const backers = (n: number) => formatCount(n, "backer");

/** An action that is not available yet: focusable, announced as disabled, with a tooltip saying so. */
function ComingSoon({ children }: { children: ReactNode }) {
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <button
          type="button"
          aria-disabled="true"
          className={buttonClasses("secondary", "sm", "cursor-not-allowed opacity-60")}
        >
          {children}
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content sideOffset={6} className="z-50 rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow">
          Coming soon
          <Tooltip.Arrow className="fill-slate-900" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}

/**
 * The bar at the bottom of the screen while backers are selected: how many, "select all N
 * matching", and the bulk actions. Render it inside BackerSelectionProvider.
 */
export function SelectionBar({
  projectId,
  exportUrl,
  sort,
  dir,
  segments = [],
  addToSegment,
  bulkActions,
  readOnlyNote,
}: SelectionBarProps) {
  const {
    selection,
    count: selected,
    totalCount,
    pageIds,
    isSelected,
    selectAllMatching,
    clear,
    allMatching,
  } = useBackerSelection();
  const [message, setMessage] = useState<SelectionBarMessage | null>(null);
  if (!selection) return null;

  const wholePageTicked = pageIds.length > 0 && pageIds.every(isSelected);
  const offerAllMatching = !allMatching && wholePageTicked && totalCount !== null && totalCount > selected;

  return (
    <Tooltip.Provider delayDuration={200}>
      <div
        role="region"
        aria-label="Selected backers"
        className="fixed inset-x-0 bottom-0 z-40 border-t border-slate-200 bg-white/95 shadow-[0_-4px_12px_rgba(15,23,42,0.08)] backdrop-blur"
      >
        <div className="mx-auto flex max-w-7xl flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <p aria-live="polite" className="font-semibold text-slate-900" data-testid="selection-count">
              {allMatching ? `All ${backers(selected)} matching this filter selected` : `${backers(selected)} selected`}
            </p>
            {offerAllMatching && (
              <button
                type="button"
                onClick={selectAllMatching}
                className="rounded-md font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                Select all {backers(totalCount ?? 0)} matching this filter
              </button>
            )}
            <button
              type="button"
              onClick={clear}
              className="rounded-md text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Clear selection
            </button>
            {message && (
              <p
                role={message.tone === "error" ? "alert" : "status"}
                className={message.tone === "error" ? "text-red-700" : "text-green-700"}
              >
                {message.text}
              </p>
            )}
          </div>

          {readOnlyNote ? (
            <p className="text-sm text-slate-600" data-testid="selection-read-only">
              {readOnlyNote}
            </p>
          ) : (
            <div className="flex flex-wrap items-center gap-2">
              {bulkActions}
              {addToSegment ? (
                <AddToSegmentMenu
                  selection={selection}
                  count={selected}
                  segments={segments}
                  projectId={projectId}
                  action={addToSegment}
                  onMessage={setMessage}
                />
              ) : (
                <ComingSoon>Add to segment</ComingSoon>
              )}
              <ExportBackersButtons projectId={projectId} exportUrl={exportUrl} selection={selection} count={selected} sort={sort} dir={dir} />
            </div>
          )}
        </div>
      </div>
    </Tooltip.Provider>
  );
}
