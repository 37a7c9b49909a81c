import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Of a list of emails (as parsed by parseEmailList: trimmed, lower-cased), those that match no backer
 * of the project, in the given order, so "Backers with emails" can say which pasted emails found nobody.
 */
export async function findEmailsWithoutBacker(db: Tx, projectId: string, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const normalised = emails.map((e) => e.trim().toLowerCase());
  const rows = await db.$queryRaw<{ email: string }[]>(Prisma.sql`
    SELECT e.email FROM unnest(${normalised}::text[]) WITH ORDINALITY AS e(email, n)
    WHERE NOT EXISTS (SELECT 1 FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.email = e.email)
    ORDER BY e.n`);
  return [...new Set(rows.map((r) => r.email))];
}
