"use client";

import Form from "next/form";
import Link from "next/link";
import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { Input, Select } from "@/components/ui/input";
import { FilterDisclosure } from "./filter-disclosure";
import {
  BACKER_REPORT_PARAMS as P,
  BACKER_REPORT_STATUSES,
  DEFAULT_BACKER_REPORT_QUERY,
  backerReportHref,
  isBackerReportFiltered,
  type BackerReportFilter,
  type BackerReportQuery,
} from "@/lib/backers/report/backer-report-query-schema";

export type BackerReportFilterOptions = {
  pledgeLevels: { id: string; name: string }[];
  /** Two-letter codes present in the project, with a display name when known. */
  countries: { code: string; name?: string }[];
  digitalRewards: { id: string; name: string }[];
  segments: { id: string; name: string }[];
};

const label = "field-label";

/**
 * A native disclosure holding checkboxes: works without JavaScript and submits as repeated
 * parameters. The list opens in the page's flow, pushing the fields below it down, so an open list
 * never covers another control.
 */
function CheckboxGroup({ legend, summary, children }: { legend: string; summary: string; children: ReactNode }) {
  return (
    <FilterDisclosure className="relative">
      <summary className={buttonClasses("secondary", "sm", "pick")}>
        <span>
          {`${legend}: `}
          <span className="font-normal text-slate-600">{summary}</span>
        </span>
        <span aria-hidden="true" className="caret">
          ▾
        </span>
      </summary>
      <fieldset className="pick-list">
        <legend className="sr-only">{legend}</legend>
        {children}
      </fieldset>
    </FilterDisclosure>
  );
}

function Check({
  name,
  value,
  checked,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  children: ReactNode;
}) {
  return (
    <label>
      <input type="checkbox" name={name} value={value} defaultChecked={checked} />
      {children}
    </label>
  );
}

const summarise = (n: number) => (n === 0 ? "Any" : `${n} selected`);

/** How many of the form's fields narrow the view (a checkbox group counts once). */
function countActiveFilters(filter: BackerReportFilter): number {
  return [
    Boolean(filter.q),
    filter.hasTracking !== undefined,
    Boolean(filter.digitalRewardId),
    filter.statuses.length > 0,
    filter.levelIds.length > 0,
    filter.countries.length > 0,
    Boolean(filter.segmentId),
    filter.emailSuppressed !== undefined,
  ].filter(Boolean).length;
}

/**
 * Search and filters as a GET form, so the view lives in the URL (bookmarkable, shareable) and it
 * works before JavaScript loads. Once it has loaded (next/form: client-side navigations), a filter
 * takes effect as it is chosen: each change is a navigation of its own, so the back button walks
 * through them; the search applies on Enter or "Apply filters". The sort and page size ride along in hidden fields; the page position
 * does not (new filter, first page).
 */
export function BackerReportFilters({
  query,
  path,
  options,
}: {
  query: BackerReportQuery;
  path: string;
  options: BackerReportFilterOptions;
}) {
  const { filter } = query;
  const active = countActiveFilters(filter);
  const clearHref = backerReportHref(path, {
    ...DEFAULT_BACKER_REPORT_QUERY,
    sort: query.sort,
    dir: query.dir,
    pageSize: query.pageSize,
  });
  const formRef = useRef<HTMLFormElement>(null);

  // The fields are uncontrolled (they must work without JavaScript); when the view changes under
  // them (back button, "Clear filters", a link) they are set to what the URL now says, in place,
  // so an open list stays open and focus stays where it is.
  const current = backerReportHref(path, query, { cursor: null });
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const params = new URL(current, window.location.origin).searchParams;
    for (const element of form.elements) {
      if (element instanceof HTMLInputElement && element.type === "checkbox") {
        element.checked = params.getAll(element.name).includes(element.value);
      } else if (
        (element instanceof HTMLInputElement && element.type !== "hidden") ||
        element instanceof HTMLSelectElement
      ) {
        element.value = params.get(element.name) ?? "";
      }
    }
  }, [current]);

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    // Typing in the search box applies on Enter, not at every keystroke.
    if (event.target instanceof HTMLInputElement && event.target.type === "search") return;
    event.currentTarget.requestSubmit();
  };
  // Runs just before <Form> reads the fields: empty ("Any") fields are left out of the URL, and
  // "Apply filters" on a view already shown does not render it again.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const wanted = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") wanted.append(name, value);
    }
    const shown = new URLSearchParams(window.location.search);
    shown.delete("after");
    shown.delete("before");
    wanted.sort();
    shown.sort();
    if (wanted.toString() === shown.toString() && !window.location.search.match(/[?&](after|before)=/)) {
      event.preventDefault();
      return;
    }
    const empty = [...event.currentTarget.elements].filter(
      (element): element is HTMLInputElement | HTMLSelectElement =>
        (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) &&
        element.type !== "checkbox" &&
        element.value.trim() === "" &&
        // A focused field keeps its focus (a disabled one would lose it), at the cost of "q=".
        element !== document.activeElement,
    );
    for (const element of empty) element.disabled = true;
    setTimeout(() => empty.forEach((element) => (element.disabled = false)));
  };

  return (
    <Form
      ref={formRef}
      action={path}
      prefetch={false}
      scroll={false}
      onChange={onChange}
      onSubmit={onSubmit}
      role="search"
      aria-label="Search and filter backers"
      className="group/filters rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 md:p-4"
    >
      {/* Phones only: a native toggle (works before JavaScript loads) whose open state shows the
          panel below through :has(), so from md up the fields are always there with no toggle. */}
      <details data-filters-toggle className="md:hidden">
        <summary className={buttonClasses("secondary", "sm", "pick")}>
          <span>
            Filters
            {active > 0 && (
              <span className="ml-2 rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700">
                {active} active
              </span>
            )}
          </span>
          <span
            aria-hidden="true"
            className="text-slate-400 group-has-[[data-filters-toggle][open]]/filters:rotate-180"
          >
            ▾
          </span>
        </summary>
      </details>
      <div className="mt-3 hidden group-has-[[data-filters-toggle][open]]/filters:block md:mt-0 md:block">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <label htmlFor="backer-report-q" className={label}>
              Search
            </label>
            <Input
              id="backer-report-q"
              type="search"
              name={P.q}
              defaultValue={filter.q ?? ""}
              placeholder="Name, email or backer number"
              className="mt-1"
            />
          </div>
          <div>
            <label htmlFor="backer-report-tracking" className={label}>
              Tracking number
            </label>
            <Select
              id="backer-report-tracking"
              name={P.tracking}
              defaultValue={filter.hasTracking === undefined ? "" : filter.hasTracking ? "yes" : "no"}
              className="mt-1"
            >
              <option value="">Any</option>
              <option value="yes">Has a tracking number</option>
              <option value="no">No tracking number</option>
            </Select>
          </div>
          <div>
            <label htmlFor="backer-report-mail" className={label}>
              Email
            </label>
            <Select
              id="backer-report-mail"
              name={P.mail}
              defaultValue={filter.emailSuppressed === undefined ? "" : filter.emailSuppressed ? "suppressed" : "ok"}
              className="mt-1"
            >
              <option value="">Any</option>
              <option value="suppressed">Email suppressed (bounced, spam complaint, unsubscribed)</option>
              <option value="ok">Receiving email</option>
            </Select>
          </div>
          <div>
            <label htmlFor="backer-report-reward" className={label}>
              Received digital reward
            </label>
            <Select
              id="backer-report-reward"
              name={P.reward}
              defaultValue={filter.digitalRewardId ?? ""}
              className="mt-1"
            >
              <option value="">Any</option>
              {options.digitalRewards.map((reward) => (
                <option key={reward.id} value={reward.id}>
                  {reward.name}
                </option>
              ))}
            </Select>
          </div>
          <CheckboxGroup legend="Payment status" summary={summarise(filter.statuses.length)}>
            {BACKER_REPORT_STATUSES.map((status) => (
              <Check
                key={status}
                name={P.status}
                value={status.toLowerCase()}
                checked={filter.statuses.includes(status)}
              >
                {status.charAt(0) + status.slice(1).toLowerCase()}
              </Check>
            ))}
          </CheckboxGroup>
          <CheckboxGroup legend="Pledge level" summary={summarise(filter.levelIds.length)}>
            {options.pledgeLevels.length === 0 && (
              <p className="px-2 py-1.5 text-sm text-slate-500">No pledge levels yet.</p>
            )}
            {options.pledgeLevels.map((level) => (
              <Check key={level.id} name={P.level} value={level.id} checked={filter.levelIds.includes(level.id)}>
                {level.name}
              </Check>
            ))}
          </CheckboxGroup>
          <CheckboxGroup legend="Country" summary={summarise(filter.countries.length)}>
            {options.countries.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-500">No countries yet.</p>}
            {options.countries.map((country) => (
              <Check
                key={country.code}
                name={P.country}
                value={country.code}
                checked={filter.countries.includes(country.code)}
              >
                {country.name ? `${country.name} (${country.code})` : country.code}
              </Check>
            ))}
          </CheckboxGroup>
          <div>
            <label htmlFor="backer-report-segment" className="sr-only">
              Segment
            </label>
            <Select id="backer-report-segment" name={P.segment} defaultValue={filter.segmentId ?? ""}>
              <option value="">In any segment</option>
              {options.segments.map((segment) => (
                <option key={segment.id} value={segment.id}>
                  In “{segment.name}”
                </option>
              ))}
            </Select>
          </div>
        </div>
        {query.sort !== DEFAULT_BACKER_REPORT_QUERY.sort && <input type="hidden" name={P.sort} value={query.sort} />}
        {query.dir !== DEFAULT_BACKER_REPORT_QUERY.dir && <input type="hidden" name={P.dir} value={query.dir} />}
        {query.pageSize !== DEFAULT_BACKER_REPORT_QUERY.pageSize && (
          <input type="hidden" name={P.size} value={query.pageSize} />
        )}
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClasses("primary", "sm")}>
            Apply filters
          </button>
          {isBackerReportFiltered(filter) && (
            <Link href={clearHref} className={buttonClasses("ghost", "sm")}>
              Clear filters
            </Link>
          )}
        </div>
      </div>
    </Form>
  );
}
