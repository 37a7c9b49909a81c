import { z } from "zod";
import { isStorableTime } from "@/lib/time/storable-time";

// Both activity lists are read newest first, ordered by (created_at, id): bulk writes give
// thousands of rows the same created_at (now() is the transaction's start), so the id breaks ties.
// This file is pure: pages parse URL parameters with it and the list functions build SQL from it.

/** A row's place in (created_at, id) order. */
export type KeysetPosition = { createdAt: Date; id: string };

/** Which page to read: rows older than the position (the next page) or newer (the previous one). */
export type KeysetPage = { direction: "older" | "newer"; position: KeysetPosition };

const TokenSchema = z.tuple([z.number().int().nonnegative().refine(isStorableTime), z.uuid()]);

/** An opaque, URL-safe token for a row's position. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id])).toString("base64url");
}

/**
 * The position a token stands for, or null for anything that is not a token we made (an edited or
 * truncated link): callers then show the first page rather than an error about an opaque string.
 */
export function decodeKeysetCursor(token: string | undefined | null): KeysetPosition | null {
  if (!token || token.length > 200) return null;
  try {
    const parsed = TokenSchema.safeParse(JSON.parse(Buffer.from(token, "base64url").toString("utf8")));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1].toLowerCase() } : null;
  } catch {
    return null;
  }
}

/**
 * The page a request asks for from its `older`/`newer` URL parameters (`older` wins when both are
 * there); null for the first page.
 */
export function readKeysetPage(params: { older?: string | null; newer?: string | null }): KeysetPage | null {
  const older = decodeKeysetCursor(params.older);
  if (older) return { direction: "older", position: older };
  const newer = decodeKeysetCursor(params.newer);
  if (newer) return { direction: "newer", position: newer };
  return null;
}

/** Cursors of the pages around one that was read with `limit + 1` rows (the extra one says "more"). */
export type KeysetLinks = { olderCursor: string | null; newerCursor: string | null };

/**
 * Trims a page read with `limit + 1` rows back to `limit` rows in newest-first order and works out
 * the cursors of the neighbouring pages. `rows` are in the order they were read: newest first for
 * the first page and "older" pages, oldest first for "newer" pages.
 */
export function paginateKeysetRows<T extends KeysetPosition>(
  rows: T[],
  page: KeysetPage | null,
  limit: number,
): { rows: T[] } & KeysetLinks {
  const hasMore = rows.length > limit;
  const kept = rows.slice(0, limit);
  if (page?.direction === "newer") {
    kept.reverse();
    return {
      rows: kept,
      newerCursor: hasMore && kept.length > 0 ? encodeKeysetCursor(kept[0]) : null,
      // The row the cursor pointed at is older than this page, so an older page exists.
      olderCursor: kept.length > 0 ? encodeKeysetCursor(kept[kept.length - 1]) : null,
    };
  }
  return {
    rows: kept,
    newerCursor: page && kept.length > 0 ? encodeKeysetCursor(kept[0]) : null,
    olderCursor: hasMore ? encodeKeysetCursor(kept[kept.length - 1]) : null,
  };
}
