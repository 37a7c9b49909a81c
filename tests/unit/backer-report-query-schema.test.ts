import { describe, expect, it } from "vitest";
import {
  BackerReportQuerySchema,
  DEFAULT_BACKER_REPORT_QUERY,
  backerReportHref,
  isBackerReportFiltered,
  parseBackerReportQuery,
  serializeBackerReportQuery,
  type BackerReportQuery,
} from "@/lib/backers/report/backer-report-query-schema";

const LEVEL_A = "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a01";
const LEVEL_B = "0b8f0d4e-5a7c-4c1e-9a55-2f1f6b7f0a02";
const REWARD = "5f2b9c1d-3e4a-4b5c-8d6e-7f8091a2b3c4";
const SEGMENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

const full: BackerReportQuery = {
  filter: {
    q: "ada lovelace",
    levelIds: [LEVEL_A, LEVEL_B],
    statuses: ["COLLECTED", "ERRORED"],
    countries: ["US", "DE"],
    hasTracking: false,
    digitalRewardId: REWARD,
    segmentId: SEGMENT,
  },
  sort: "amount",
  dir: "desc",
  cursor: { direction: "before", token: "WyJhbW91bnQiLCJkZXNjIiwxMiwiYSJd" },
  pageSize: 100,
};

describe("backer report URL state", () => {
  it("round-trips every field through the URL", () => {
    const url = serializeBackerReportQuery(full).toString();
    const { query, issues } = parseBackerReportQuery(new URLSearchParams(url));
    expect(issues).toEqual([]);
    expect(query).toEqual(full);
    expect(BackerReportQuerySchema.parse(query)).toEqual(full);
  });

  it("writes nothing for the default view and reads an empty URL as the default view", () => {
    expect(serializeBackerReportQuery(DEFAULT_BACKER_REPORT_QUERY).toString()).toBe("");
    const { query, issues } = parseBackerReportQuery(new URLSearchParams(""));
    expect(issues).toEqual([]);
    expect(query).toEqual({ ...DEFAULT_BACKER_REPORT_QUERY, filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, q: undefined } });
    expect(isBackerReportFiltered(query.filter)).toBe(false);
  });

  it("uses short, readable parameter names", () => {
    const url = serializeBackerReportQuery({ ...full, cursor: null }).toString();
    expect(url).toBe(
      `q=ada+lovelace&level=${LEVEL_A}&level=${LEVEL_B}&status=collected&status=errored&country=US&country=DE` +
        `&tracking=no&reward=${REWARD}&segment=${SEGMENT}&sort=amount&dir=desc&size=100`,
    );
  });

  it("reads Next's searchParams objects, comma lists and loose casing", () => {
    const { query, issues } = parseBackerReportQuery({
      status: ["Collected,dropped", "collected"],
      country: "us,de",
      tracking: "YES",
      sort: "Pledged",
      dir: "DESC",
      level: LEVEL_A.toUpperCase(),
    });
    expect(issues).toEqual([]);
    expect(query.filter.statuses).toEqual(["COLLECTED", "DROPPED"]);
    expect(query.filter.countries).toEqual(["US", "DE"]);
    expect(query.filter.hasTracking).toBe(true);
    expect(query.filter.levelIds).toEqual([LEVEL_A]);
    expect(query.sort).toBe("pledged");
    expect(query.dir).toBe("desc");
  });

  it("drops bad values and says which, instead of failing the page", () => {
    const { query, issues } = parseBackerReportQuery(
      new URLSearchParams("status=paid&country=USA&level=42&tracking=maybe&sort=shoe&dir=up&size=7&reward=x&segment=y"),
    );
    expect(query).toEqual({ ...DEFAULT_BACKER_REPORT_QUERY, filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, q: undefined } });
    expect(issues).toEqual([
      'Ignored the pledge level filter "42": it is not a pledge level id.',
      'Ignored the payment status "paid": use collected, errored, failed, dropped, refunded.',
      'Ignored the country "USA": use a two-letter country code such as US or DE.',
      'Ignored the tracking number filter "maybe": use yes or no.',
      'Ignored the digital reward filter "x": it is not a digital reward id.',
      'Ignored the segment filter "y": it is not a segment id.',
      'Ignored the sort "shoe": use number, name, email, amount, pledged, status, country.',
      'Ignored the sort direction "up": use asc or desc.',
      'Ignored the page size "7": use 25, 50, 100, 200.',
    ]);
  });

  it("builds links that keep the view and go back to the first page when the order changes", () => {
    const atPage3 = { ...full, cursor: { direction: "after" as const, token: "abc" } };
    const sorted = backerReportHref("/projects/p/backers", atPage3, { sort: "name", dir: "asc" });
    const reparsed = parseBackerReportQuery(new URLSearchParams(sorted.split("?")[1])).query;
    expect(reparsed).toEqual({ ...full, sort: "name", dir: "asc", cursor: null });

    const next = backerReportHref("/projects/p/backers", atPage3, { cursor: { direction: "after", token: "def" } });
    expect(parseBackerReportQuery(new URLSearchParams(next.split("?")[1])).query.cursor).toEqual({ direction: "after", token: "def" });
    expect(backerReportHref("/b", DEFAULT_BACKER_REPORT_QUERY)).toBe("/b");
  });
});
