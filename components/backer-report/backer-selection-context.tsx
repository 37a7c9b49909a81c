"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { BackerReportFilter } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { backerIdOf, type BackerGridPage } from "./backer-grid-row";

type SelectionState = { kind: "ids"; ids: Set<string> } | { kind: "matching"; except: Set<string> };

export type BackerSelectionApi = {
  /** What the server needs to resolve the selection; null when nothing is selected. */
  selection: BackerSelection | null;
  count: number;
  /** Backers matching the filter; null until the count has arrived (it may follow the rows). */
  totalCount: number | null;
  pageIds: string[];
  isSelected: (id: string) => boolean;
  toggle: (id: string, selected: boolean) => void;
  setPage: (selected: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
  allMatching: boolean;
};

const SelectionContext = createContext<BackerSelectionApi | null>(null);

/** The selection API for components inside BackerSelectionProvider. */
export function useBackerSelection(): BackerSelectionApi {
  const api = useContext(SelectionContext);
  if (!api) throw new Error("useBackerSelection must be used inside <BackerSelectionProvider>");
  return api;
}

const EMPTY: SelectionState = { kind: "ids", ids: new Set() };

/**
 * Holds which backers are ticked: ids ticked one by one (kept across pages), or "every backer
 * matching the filter" minus the ones unticked since. Only the latter's description travels to the
 * server, never 250,000 ids. A change of filter clears the selection, since "all matching" would
 * silently mean other backers.
 */
export function BackerSelectionProvider({
  filter,
  totalCount: pendingTotal,
  page,
  children,
}: {
  filter: BackerReportFilter;
  /** May be a promise: the exact count should not hold back the rows. */
  totalCount: Promise<number> | number;
  /** The same rows the table gets, so the page carries them once. */
  page: BackerGridPage;
  children: ReactNode;
}) {
  const pageIds = useMemo(() => page.rows.map(backerIdOf), [page]);
  const [arrived, setArrived] = useState<{ from: Promise<number>; count: number } | null>(null);
  useEffect(() => {
    if (typeof pendingTotal === "number") return;
    let current = true;
    pendingTotal.then(
      (count) => current && setArrived({ from: pendingTotal, count }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pendingTotal]);
  const totalCount =
    typeof pendingTotal === "number" ? pendingTotal : arrived?.from === pendingTotal ? arrived.count : null;
  const filterKey = JSON.stringify(filter);
  const [state, setState] = useState<{ key: string; value: SelectionState }>({ key: filterKey, value: EMPTY });
  // Resetting during render (not in an effect) avoids one frame showing the stale selection.
  let current = state;
  if (state.key !== filterKey) {
    current = { key: filterKey, value: EMPTY };
    setState(current);
  }
  const value = current.value;

  const isSelected = useCallback(
    (id: string) => (value.kind === "ids" ? value.ids.has(id) : !value.except.has(id)),
    [value],
  );

  const update = useCallback(
    (change: (value: SelectionState) => SelectionState) =>
      setState((s) => ({ key: s.key, value: change(s.key === filterKey ? s.value : EMPTY) })),
    [filterKey],
  );

  const toggle = useCallback(
    (id: string, selected: boolean) =>
      update((v) => {
        const next = new Set(v.kind === "ids" ? v.ids : v.except);
        // In "all matching" mode the set holds the exceptions, so ticking removes from it.
        if (selected === (v.kind === "ids")) next.add(id);
        else next.delete(id);
        return v.kind === "ids" ? { kind: "ids", ids: next } : { kind: "matching", except: next };
      }),
    [update],
  );

  const setPage = useCallback(
    (selected: boolean) =>
      update((v) => {
        const next = new Set(v.kind === "ids" ? v.ids : v.except);
        for (const id of pageIds) {
          if (selected === (v.kind === "ids")) next.add(id);
          else next.delete(id);
        }
        return v.kind === "ids" ? { kind: "ids", ids: next } : { kind: "matching", except: next };
      }),
    [update, pageIds],
  );

  const api = useMemo<BackerSelectionApi>(() => {
    const count = value.kind === "ids" ? value.ids.size : Math.max(0, (totalCount ?? 0) - value.except.size);
    let selection: BackerSelection | null = null;
    if (value.kind === "ids" && value.ids.size > 0) selection = { kind: "ids", ids: [...value.ids] };
    if (value.kind === "matching" && count > 0) selection = { kind: "matching", filter, exceptIds: [...value.except] };
    return {
      selection,
      count,
      totalCount,
      pageIds,
      isSelected,
      toggle,
      setPage,
      selectAllMatching: () => update(() => ({ kind: "matching", except: new Set() })),
      clear: () => update(() => EMPTY),
      allMatching: value.kind === "matching",
    };
  }, [value, totalCount, pageIds, filter, isSelected, toggle, setPage, update]);

  return <SelectionContext.Provider value={api}>{children}</SelectionContext.Provider>;
}

// The focus ring comes from the global :focus-visible rule.
const checkboxClasses = "size-4 accent-indigo-600";

/**
 * The tick box of one table row, named by `aria-labelledby` (the ids of elements whose text names
 * it, e.g. a hidden "Select" and the row's name cell): the table styles its inputs once, so the
 * box carries no class string of its own.
 */
export function BackerRowCheckbox({ backerId, labelledBy }: { backerId: string; labelledBy: string }) {
  const { isSelected, toggle } = useBackerSelection();
  return (
    <input
      type="checkbox"
      aria-labelledby={labelledBy}
      checked={isSelected(backerId)}
      onChange={(event) => toggle(backerId, event.target.checked)}
    />
  );
}

/** The header tick box: selects or clears every row on this page (mixed when some are ticked). */
export function BackerPageCheckbox() {
  const { pageIds, isSelected, setPage } = useBackerSelection();
  const ticked = pageIds.filter(isSelected).length;
  const all = pageIds.length > 0 && ticked === pageIds.length;
  return (
    <input
      type="checkbox"
      className={checkboxClasses}
      aria-label="Select all backers on this page"
      checked={all}
      disabled={pageIds.length === 0}
      ref={(element) => {
        if (element) element.indeterminate = ticked > 0 && !all;
      }}
      onChange={(event) => setPage(event.target.checked)}
    />
  );
}
