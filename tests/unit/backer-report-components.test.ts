import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { BackerReportView, type BackerReportViewProps } from "@/components/backer-report/backer-report-view";
import { toBackerGridRows } from "@/components/backer-report/to-backer-grid-rows";
import { backerEmailOf, backerIdOf } from "@/components/backer-report/backer-grid-row";
import {
  DEFAULT_BACKER_REPORT_COLUMNS,
  formatBackerReportColumns,
  parseBackerReportColumns,
} from "@/lib/backers/report/backer-report-columns";
import { DEFAULT_BACKER_REPORT_QUERY, type BackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";
import type { BackerReportRow } from "@/lib/backers/report/list-backer-report";

const row: BackerReportRow = {
  id: "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a01",
  backerNumber: 7,
  name: "Ada Lovelace",
  email: "ada@example.com",
  pledgeId: "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a02",
  pledgeLevelId: null,
  pledgeLevelName: "Gold",
  amount: 12_345,
  currency: "EUR",
  status: "ERRORED",
  pledgedAt: new Date("2025-03-01T12:00:00Z"),
  country: "GB",
  trackingNumber: "1Z999AA10123456784",
  carrier: "UPS",
  digitalRewards: ["Art e-book", "Soundtrack"],
  creditBalance: 500,
};

function render(
  overrides: Partial<BackerReportViewProps> = {},
  query: BackerReportQuery = DEFAULT_BACKER_REPORT_QUERY,
) {
  const props: BackerReportViewProps = {
    page: { rows: [row], totalCount: 1234, nextCursor: "next-token", prevCursor: null },
    query,
    path: "/projects/p1/backers",
    options: {
      pledgeLevels: [],
      countries: [{ code: "GB", name: "United Kingdom" }],
      digitalRewards: [],
      segments: [],
    },
    importHref: "/projects/p1/import",
    projectId: "p1",
    exportUrl: "/projects/p1/backers/export",
    columns: ["number", "amount", "rewards"],
    rememberColumns: { cookieName: "report-columns-p1", userId: "u1" },
    timeZone: "America/Los_Angeles",
    ...overrides,
  };
  // The table asks for the router (a new choice of columns fetches the page again); rendering never calls it.
  const router = {} as AppRouterInstance;
  return renderToStaticMarkup(
    createElement(AppRouterContext.Provider, { value: router }, createElement(BackerReportView, props)),
  );
}

describe("parseBackerReportColumns", () => {
  it("reads the user's own choice in table order, and falls back to the defaults for anyone else's or a damaged value", () => {
    expect(parseBackerReportColumns(formatBackerReportColumns("u1", ["credit", "number"]), "u1")).toEqual([
      "number",
      "credit",
    ]);
    expect(parseBackerReportColumns(formatBackerReportColumns("u1", []), "u1")).toEqual([]);
    expect(parseBackerReportColumns(formatBackerReportColumns("u1", ["credit"]), "u2")).toEqual([
      ...DEFAULT_BACKER_REPORT_COLUMNS,
    ]);
    expect(parseBackerReportColumns("u1:credit,<script>,number", "u1")).toEqual(["number", "credit"]);
    expect(parseBackerReportColumns(undefined, "u1")).toEqual([...DEFAULT_BACKER_REPORT_COLUMNS]);
    expect(parseBackerReportColumns("garbage", "u1")).toEqual([...DEFAULT_BACKER_REPORT_COLUMNS]);
  });
});

describe("toBackerGridRows", () => {
  it("sends each row as a short tuple, repeated values once, and no data for columns the creator hid", () => {
    const twin = { ...row, id: "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a03", name: "Grace Hopper" };
    const narrow = JSON.stringify(toBackerGridRows([row, twin], "UTC", []));
    for (const kept of ["Ada Lovelace", '"ada"', "example.com", "Gold", "1Z999AA10123456784", "UPS"])
      expect(narrow).toContain(kept);
    for (const hidden of ["€123.45", "€5.00", "GB", "Art e-book", "2025"]) expect(narrow).not.toContain(hidden);
    // The level, carrier and email domain travel once for both rows; no field names travel at all.
    expect(narrow.split("Gold")).toHaveLength(2);
    expect(narrow.split("example.com")).toHaveLength(2);
    // Ids travel in 22 characters, and come back whole, as does the email.
    expect(narrow).not.toContain(row.id);
    const page = toBackerGridRows([row, twin, { ...row, id: "not-a-uuid", email: "odd" }], "UTC", []);
    expect(page.rows.map(backerIdOf)).toEqual([row.id, twin.id, "not-a-uuid"]);
    expect(page.rows.map((r) => backerEmailOf(r, page.words))).toEqual(["ada@example.com", "ada@example.com", "odd"]);
    expect(narrow).not.toContain('"email"');
    // The pledge's id does not travel: the row menu's links are keyed by the backer.
    expect(narrow).not.toContain(row.pledgeId);
    const wide = JSON.stringify(toBackerGridRows([row], "UTC", ["amount", "pledged", "country", "rewards", "credit"]));
    for (const shown of ["€123.45", "€5.00", "GB", "Art e-book, Soundtrack", "Mar 1, 2025"])
      expect(wide).toContain(shown);
  });
});

describe("BackerReportView", () => {
  it("renders the rows, sortable headers and pagination as links that keep the view in the URL", () => {
    const html = render(
      {},
      { ...DEFAULT_BACKER_REPORT_QUERY, filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, countries: ["GB"] } },
    );
    expect(html).toContain("<caption");
    expect(html).toContain("Ada Lovelace");
    expect(html).toContain("€123.45");
    expect(html).toContain("Errored");
    expect(html).toContain("Art e-book, Soundtrack");
    expect(html).toContain('aria-sort="ascending"');
    // The active column flips direction; the filter stays.
    expect(html).toContain('href="/projects/p1/backers?country=GB&amp;dir=desc"');
    expect(html).toContain('href="/projects/p1/backers?country=GB&amp;sort=amount"');
    expect(html).toContain('href="/projects/p1/backers?country=GB&amp;after=next-token"');
    expect(html).toContain("1,234");
    // The row's controls are named "Select Ada Lovelace" and "Actions for Ada Lovelace" by reference
    // to the backer cell, so the name is written once per row.
    expect(html).toContain('<span id="bs" hidden="">Select</span><span id="ba" hidden="">Actions for</span>');
    expect(html).toContain('<span id="b0">Ada Lovelace</span>');
    expect(html).toContain('aria-labelledby="bs b0"');
    expect(html).toContain('aria-labelledby="ba b0"');
    expect(html.split("Ada Lovelace")).toHaveLength(2);
    expect(html).toContain('action="/projects/p1/backers"');
  });

  it("shows the chosen optional columns only, and no menu until a row's button opens the one shared menu", () => {
    const html = render();
    expect(html).toContain(">Digital rewards</th>");
    expect(html).not.toContain(">Credit</th>");
    expect(html).not.toContain(">Country</a>");
    expect(html).not.toContain('role="menu"');
    expect(html).toContain('aria-haspopup="menu"');
    const narrow = render({ columns: [] });
    expect(narrow).not.toContain(">Digital rewards</th>");
    expect(narrow).not.toContain("€123.45");
    // The always-shown columns stay whatever was chosen.
    for (const header of ["Backer", "Pledge level", "Payment status", "Tracking number"])
      expect(narrow).toContain(header);
  });

  it("names a nameless backer's tick box and menu button by the email", () => {
    const nameless = { ...row, id: "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a04", name: "" };
    const html = render({ page: { rows: [row, nameless], totalCount: 2, nextCursor: null, prevCursor: null } });
    expect(html).toContain('<span id="b1">ada@example.com</span>');
    expect(html).toContain('aria-labelledby="bs b1"');
    expect(html).toContain('aria-labelledby="ba b1"');
  });

  it("shows the pledge time on the project's clock with the zone's label", () => {
    // 12:00 UTC on 1 March 2025 is 04:00 in Los Angeles (PST).
    const html = render({ columns: ["pledged"] });
    expect(html).toContain("Mar 1, 2025, 04:00 PST");
    expect(html).not.toContain("12:00");
  });

  it("shows the rows while the exact count is still on its way", () => {
    const html = render({
      page: { rows: [row], totalCount: new Promise<number>(() => {}), nextCursor: "next-token", prevCursor: null },
    });
    expect(html).toContain("Ada Lovelace");
    expect(html).toContain("1Z999AA10123456784");
    expect(html).toContain("Showing 1 backer, counting all that match…");
    expect(html).not.toContain("1,234");
  });

  it("shows the import empty state when the project has no backers", () => {
    const html = render({ page: { rows: [], totalCount: 0, nextCursor: null, prevCursor: null } });
    expect(html).toContain("No backers yet — import your Kickstarter backer report");
    expect(html).toContain('href="/projects/p1/import"');
  });

  it("offers to clear filters when nothing matches them", () => {
    const html = render(
      { page: { rows: [], totalCount: 0, nextCursor: null, prevCursor: null } },
      { ...DEFAULT_BACKER_REPORT_QUERY, sort: "name", filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, q: "zzz" } },
    );
    expect(html).toContain("No backers match these filters");
    expect(html).toContain('href="/projects/p1/backers?sort=name"');
  });
});
