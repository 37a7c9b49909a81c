import { z } from "zod";

// The backer report's whole state lives in the URL, so a view can be bookmarked and shared. This
// file is pure (no database): pages parse `searchParams` with it, links and forms serialise with it.

export const BACKER_REPORT_SORT_KEYS = ["number", "name", "email", "amount", "pledged", "status", "country"] as const;
export const BACKER_REPORT_STATUSES = ["COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"] as const;
export const BACKER_REPORT_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_BACKER_REPORT_PAGE_SIZE = 50;
/** More would make a URL nobody can share; the form offers at most the project's own values. */
const MAX_LIST_VALUES = 200;

export const BackerReportSortKeySchema = z.enum(BACKER_REPORT_SORT_KEYS);
export type BackerReportSortKey = z.infer<typeof BackerReportSortKeySchema>;
export const SortDirectionSchema = z.enum(["asc", "desc"]);
export type SortDirection = z.infer<typeof SortDirectionSchema>;
export const PledgeStatusSchema = z.enum(BACKER_REPORT_STATUSES);

/** Which backers the report shows; also what "select all N matching" and the CSV export mean. */
export const BackerReportFilterSchema = z.object({
  /** Name or email contains (case-insensitive); a number also matches the backer number exactly. */
  q: z.string().trim().max(200).optional(),
  levelIds: z.array(z.uuid()).max(MAX_LIST_VALUES).default([]),
  statuses: z.array(PledgeStatusSchema).max(BACKER_REPORT_STATUSES.length).default([]),
  /** ISO 3166-1 alpha-2, upper-case. */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).max(MAX_LIST_VALUES).default([]),
  /** true: has a current (not superseded) tracking number; false: has none. */
  hasTracking: z.boolean().optional(),
  /** Was sent this digital reward. */
  digitalRewardId: z.uuid().optional(),
  /** Is a member of this segment. */
  segmentId: z.uuid().optional(),
  /** true: the backer's address is on the suppression list (bounced, complained, unsubscribed); false: it is not. */
  emailSuppressed: z.boolean().optional(),
});
export type BackerReportFilter = z.infer<typeof BackerReportFilterSchema>;

export const BackerReportCursorSchema = z.object({
  /** Rows after the cursor (next page) or before it (previous page), in the view's order. */
  direction: z.enum(["after", "before"]),
  /** Opaque token from a page's nextCursor / prevCursor. */
  token: z.string().min(1).max(600),
});
export type BackerReportCursor = z.infer<typeof BackerReportCursorSchema>;

export const BackerReportQuerySchema = z.object({
  filter: BackerReportFilterSchema,
  sort: BackerReportSortKeySchema.default("number"),
  dir: SortDirectionSchema.default("asc"),
  cursor: BackerReportCursorSchema.nullable().default(null),
  pageSize: z
    .number()
    .int()
    .refine((n) => (BACKER_REPORT_PAGE_SIZES as readonly number[]).includes(n), {
      message: `Page size must be one of ${BACKER_REPORT_PAGE_SIZES.join(", ")}.`,
    })
    .default(DEFAULT_BACKER_REPORT_PAGE_SIZE),
});
export type BackerReportQuery = z.infer<typeof BackerReportQuerySchema>;

/** The report's default view: every backer, by backer number, first page. */
export const DEFAULT_BACKER_REPORT_QUERY: BackerReportQuery = {
  filter: { levelIds: [], statuses: [], countries: [] },
  sort: "number",
  dir: "asc",
  cursor: null,
  pageSize: DEFAULT_BACKER_REPORT_PAGE_SIZE,
};

/** URL parameter names. Short, because people paste these links into chats. */
const P = {
  q: "q",
  level: "level",
  status: "status",
  country: "country",
  tracking: "tracking",
  reward: "reward",
  segment: "segment",
  mail: "mail",
  sort: "sort",
  dir: "dir",
  after: "after",
  before: "before",
  size: "size",
} as const;

/** What Next passes a page as `searchParams`, or a URLSearchParams. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

function readAll(params: SearchParamsInput, name: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(name);
  const value = params[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function readOne(params: SearchParamsInput, name: string): string | undefined {
  const values = readAll(params, name).filter((v) => v !== "");
  return values.at(-1);
}

/** Repeated parameters and comma-separated lists both work (`status=collected&status=errored`, `status=collected,errored`). */
function readList(params: SearchParamsInput, name: string): string[] {
  const seen = new Set<string>();
  for (const raw of readAll(params, name)) {
    for (const part of raw.split(",")) {
      const value = part.trim();
      if (value) seen.add(value);
    }
  }
  return [...seen];
}

function pushUnique<T>(list: T[], value: T) {
  if (!list.includes(value)) list.push(value);
}

export type ParsedBackerReportQuery = {
  query: BackerReportQuery;
  /** One sentence per value that was ignored, to show above the table (a stale bookmark should still open). */
  issues: string[];
};

/**
 * Reads the report's state from the URL. Never throws: a bad value is dropped and described in
 * `issues`, because a hand-edited or stale link should still show the report, with a note saying
 * what was ignored.
 */
export function parseBackerReportQuery(params: SearchParamsInput): ParsedBackerReportQuery {
  const issues: string[] = [];
  const uuid = z.uuid();

  const q = readOne(params, P.q)?.trim();
  let search: string | undefined;
  if (q) {
    if (q.length > 200) issues.push("The search was longer than 200 characters and was ignored.");
    else search = q;
  }

  const levelIds: string[] = [];
  for (const value of readList(params, P.level)) {
    if (uuid.safeParse(value).success) pushUnique(levelIds, value.toLowerCase());
    else issues.push(`Ignored the pledge level filter "${value}": it is not a pledge level id.`);
  }

  const statuses: BackerReportFilter["statuses"] = [];
  for (const value of readList(params, P.status)) {
    const parsed = PledgeStatusSchema.safeParse(value.toUpperCase());
    if (parsed.success) pushUnique(statuses, parsed.data);
    else
      issues.push(
        `Ignored the payment status "${value}": use ${BACKER_REPORT_STATUSES.map((s) => s.toLowerCase()).join(", ")}.`,
      );
  }

  const countries: string[] = [];
  for (const value of readList(params, P.country)) {
    const code = value.toUpperCase();
    if (/^[A-Z]{2}$/.test(code)) pushUnique(countries, code);
    else issues.push(`Ignored the country "${value}": use a two-letter country code such as US or DE.`);
  }

  let hasTracking: boolean | undefined;
  const tracking = readOne(params, P.tracking)?.toLowerCase();
  if (tracking === "yes") hasTracking = true;
  else if (tracking === "no") hasTracking = false;
  else if (tracking !== undefined) issues.push(`Ignored the tracking number filter "${tracking}": use yes or no.`);

  let emailSuppressed: boolean | undefined;
  const mail = readOne(params, P.mail)?.toLowerCase();
  if (mail === "suppressed") emailSuppressed = true;
  else if (mail === "ok") emailSuppressed = false;
  else if (mail !== undefined) issues.push(`Ignored the email filter "${mail}": use suppressed or ok.`);

  const readId = (name: string, label: string): string | undefined => {
    const value = readOne(params, name);
    if (value === undefined) return undefined;
    if (uuid.safeParse(value).success) return value.toLowerCase();
    issues.push(`Ignored the ${label} filter "${value}": it is not a ${label} id.`);
    return undefined;
  };
  const digitalRewardId = readId(P.reward, "digital reward");
  const segmentId = readId(P.segment, "segment");

  let sort: BackerReportSortKey = DEFAULT_BACKER_REPORT_QUERY.sort;
  const rawSort = readOne(params, P.sort);
  if (rawSort !== undefined) {
    const parsed = BackerReportSortKeySchema.safeParse(rawSort.toLowerCase());
    if (parsed.success) sort = parsed.data;
    else issues.push(`Ignored the sort "${rawSort}": use ${BACKER_REPORT_SORT_KEYS.join(", ")}.`);
  }

  let dir: SortDirection = DEFAULT_BACKER_REPORT_QUERY.dir;
  const rawDir = readOne(params, P.dir);
  if (rawDir !== undefined) {
    const parsed = SortDirectionSchema.safeParse(rawDir.toLowerCase());
    if (parsed.success) dir = parsed.data;
    else issues.push(`Ignored the sort direction "${rawDir}": use asc or desc.`);
  }

  let pageSize = DEFAULT_BACKER_REPORT_PAGE_SIZE;
  const rawSize = readOne(params, P.size);
  if (rawSize !== undefined) {
    const n = Number(rawSize);
    if ((BACKER_REPORT_PAGE_SIZES as readonly number[]).includes(n)) pageSize = n;
    else issues.push(`Ignored the page size "${rawSize}": use ${BACKER_REPORT_PAGE_SIZES.join(", ")}.`);
  }

  let cursor: BackerReportCursor | null = null;
  const after = readOne(params, P.after);
  const before = readOne(params, P.before);
  const token = after ?? before;
  if (token !== undefined) {
    if (token.length > 600) issues.push("Ignored the page position in the link: it is too long. Showing the first page.");
    else cursor = { direction: after !== undefined ? "after" : "before", token };
  }

  return {
    query: {
      filter: { q: search, levelIds, statuses, countries, hasTracking, digitalRewardId, segmentId, emailSuppressed },
      sort,
      dir,
      cursor,
      pageSize,
    },
    issues,
  };
}

/**
 * Writes the report's state as URL parameters, leaving defaults out so links stay short. The
 * inverse of parseBackerReportQuery.
 */
export function serializeBackerReportQuery(query: BackerReportQuery): URLSearchParams {
  const params = new URLSearchParams();
  const { filter } = query;
  if (filter.q) params.set(P.q, filter.q);
  for (const id of filter.levelIds) params.append(P.level, id);
  for (const status of filter.statuses) params.append(P.status, status.toLowerCase());
  for (const country of filter.countries) params.append(P.country, country);
  if (filter.hasTracking !== undefined) params.set(P.tracking, filter.hasTracking ? "yes" : "no");
  if (filter.digitalRewardId) params.set(P.reward, filter.digitalRewardId);
  if (filter.segmentId) params.set(P.segment, filter.segmentId);
  if (filter.emailSuppressed !== undefined) params.set(P.mail, filter.emailSuppressed ? "suppressed" : "ok");
  if (query.sort !== DEFAULT_BACKER_REPORT_QUERY.sort) params.set(P.sort, query.sort);
  if (query.dir !== DEFAULT_BACKER_REPORT_QUERY.dir) params.set(P.dir, query.dir);
  if (query.pageSize !== DEFAULT_BACKER_REPORT_PAGE_SIZE) params.set(P.size, String(query.pageSize));
  if (query.cursor) params.set(query.cursor.direction === "after" ? P.after : P.before, query.cursor.token);
  return params;
}

/**
 * `path?params` for a variant of the current view. Changing the filter, sort or page size goes
 * back to the first page, because the old cursor belongs to the old order.
 */
export function backerReportHref(
  path: string,
  query: BackerReportQuery,
  patch: Partial<Omit<BackerReportQuery, "filter">> & { filter?: Partial<BackerReportFilter> } = {},
): string {
  const resetsPosition = patch.filter !== undefined || patch.sort !== undefined || patch.dir !== undefined || patch.pageSize !== undefined;
  const next: BackerReportQuery = {
    ...query,
    ...patch,
    filter: { ...query.filter, ...patch.filter },
    cursor: patch.cursor !== undefined ? patch.cursor : resetsPosition ? null : query.cursor,
  };
  const search = serializeBackerReportQuery(next).toString();
  return search ? `${path}?${search}` : path;
}

/** Whether any filter or search narrows the view (decides which empty state to show). */
export function isBackerReportFiltered(filter: BackerReportFilter): boolean {
  return Boolean(
    filter.q ||
      filter.levelIds.length ||
      filter.statuses.length ||
      filter.countries.length ||
      filter.hasTracking !== undefined ||
      filter.digitalRewardId ||
      filter.segmentId,
  );
}

/** Parameter names, for the filter form's inputs (a GET form submits straight into the URL). */
export const BACKER_REPORT_PARAMS = P;
