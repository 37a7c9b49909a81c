import { z } from "zod";
import { readKeysetPage, type KeysetPage } from "./keyset-cursor";

// The mail log's state lives in the URL (status tab, recipient search, page), so a view can be
// reloaded and shared. Pure: the page parses searchParams with it, links serialise with it.

export const EMAIL_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "SKIPPED"] as const;
export type MailLogStatus = (typeof EMAIL_STATUSES)[number];

export const MailLogFilterSchema = z.object({
  status: z.enum(EMAIL_STATUSES).optional(),
  /** Part of the recipient's address, any case. */
  recipient: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "Search for at most 320 characters of an email address.")
    .optional()
    .transform((value) => value || undefined),
});
export type MailLogFilter = { status?: MailLogStatus; recipient?: string };

export type MailLogQuery = { filter: MailLogFilter; page: KeysetPage | null };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Reads `?status=FAILED&to=ada&older=…` into a query. An unknown status is ignored (a stale link
 * shows every message) rather than turned into an error page.
 */
export function readMailLogQuery(searchParams: SearchParams): MailLogQuery {
  const status = first(searchParams.status)?.toUpperCase();
  const parsed = MailLogFilterSchema.safeParse({
    status: (EMAIL_STATUSES as readonly string[]).includes(status ?? "") ? status : undefined,
    recipient: first(searchParams.to)?.slice(0, 320),
  });
  return {
    filter: parsed.success ? withoutUndefined(parsed.data) : {},
    page: readKeysetPage({ older: first(searchParams.older), newer: first(searchParams.newer) }),
  };
}

/** The mail log's URL for a filter and an optional page cursor. */
export function mailLogHref(
  path: string,
  filter: MailLogFilter,
  cursor?: { direction: "older" | "newer"; token: string } | null,
): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status.toLowerCase());
  if (filter.recipient) params.set("to", filter.recipient);
  if (cursor) params.set(cursor.direction, cursor.token);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function withoutUndefined(filter: z.output<typeof MailLogFilterSchema>): MailLogFilter {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.recipient ? { recipient: filter.recipient } : {}),
  };
}
