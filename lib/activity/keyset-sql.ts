import { Prisma } from "@/lib/db/generated/client";
import type { KeysetPage } from "./keyset-cursor";

/**
 * The condition and ORDER BY that read one keyset page of `table` (an alias with created_at and id
 * columns): newest first, or oldest first just past the cursor when going to newer rows (the caller
 * reverses those; see paginateKeysetRows).
 */
export function keysetSql(table: string, page: KeysetPage | null): { condition: Prisma.Sql; orderBy: Prisma.Sql } {
  const createdAt = Prisma.raw(`${table}.created_at`);
  const id = Prisma.raw(`${table}.id`);
  if (!page) return { condition: Prisma.sql`TRUE`, orderBy: Prisma.sql`${createdAt} DESC, ${id} DESC` };
  const position = Prisma.sql`(${page.position.createdAt}::timestamptz, ${page.position.id}::uuid)`;
  return page.direction === "older"
    ? { condition: Prisma.sql`(${createdAt}, ${id}) < ${position}`, orderBy: Prisma.sql`${createdAt} DESC, ${id} DESC` }
    : { condition: Prisma.sql`(${createdAt}, ${id}) > ${position}`, orderBy: Prisma.sql`${createdAt} ASC, ${id} ASC` };
}
