import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ContactListKind } from "@/lib/db/generated/enums";

export type ContactListSummary = {
  id: string;
  name: string;
  kind: ContactListKind;
  fileName: string | null;
  createdAt: Date;
  entries: number;
  /** Entries that are backers of this project. */
  matchedBackers: number;
};

/** What each kind of contact list is called in the product. */
export const CONTACT_LIST_KIND_LABELS: Record<ContactListKind, string> = {
  LANDING_PAGE_LEADS: "Landing page leads",
  EMAIL_CAMPAIGN: "Email campaign",
  PARTNER_PROJECT: "Partner project backers",
  OTHER: "Other list",
};

/** The project's contact lists by name, with their sizes and how many of their emails are backers. */
export async function listContactLists(db: Tx, projectId: string): Promise<ContactListSummary[]> {
  return db.$queryRaw<ContactListSummary[]>(Prisma.sql`
    SELECT cl.id::text, cl.name, cl.kind::text AS kind, cl.file_name AS "fileName", cl.created_at AS "createdAt",
           (SELECT count(*)::int FROM contact_list_entry e WHERE e.contact_list_id = cl.id) AS entries,
           (SELECT count(*)::int FROM contact_list_entry e JOIN backer b ON b.project_id = cl.project_id AND b.email = e.email
             WHERE e.contact_list_id = cl.id) AS "matchedBackers"
    FROM contact_list cl WHERE cl.project_id = ${projectId}::uuid
    ORDER BY cl.name`);
}
