import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ContactListKind } from "@/lib/db/generated/enums";
import { DomainError, isUniqueViolation } from "@/lib/errors";

export type ImportedContactList = {
  id: string;
  name: string;
  kind: ContactListKind;
  entries: number;
  /** Entries that are backers of this project (by email). */
  matchedBackers: number;
  /** How many entries are not backers of this project. */
  unmatchedCount: number;
  /** Those emails, sorted, at most UNMATCHED_LISTED of them (to show and download). */
  unmatchedEmails: string[];
};

/** Unmatched emails returned to show and download; a leads list can hold far more. */
export const UNMATCHED_LISTED = 100_000;

/** Checks a contact list's name as typed. */
export function parseContactListNameOrThrow(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "")
    throw new DomainError("INVALID_INPUT", "Give the list a name", { name: ["Give the list a name"] });
  if (trimmed.length > 120) {
    throw new DomainError("INVALID_INPUT", "A list name can be at most 120 characters", {
      name: ["At most 120 characters"],
    });
  }
  return trimmed;
}

/**
 * Stores a contact list (landing-page leads, email-campaign clicks, a partner project's backers) of
 * already-normalised emails, in one statement for the entries, inside the caller's transaction.
 * CONFLICT when the project already has a list of that name.
 */
export async function importContactList(
  tx: Tx,
  projectId: string,
  input: { name: string; kind: ContactListKind; fileName: string | null; emails: readonly string[] },
): Promise<ImportedContactList> {
  const name = parseContactListNameOrThrow(input.name);
  if (input.emails.length === 0) throw new DomainError("INVALID_INPUT", "The list has no email addresses");
  let list: { id: string };
  try {
    // A savepoint-free check first: a unique violation would abort the caller's transaction.
    const taken = await tx.contactList.findFirst({ where: { projectId, name }, select: { id: true } });
    if (taken) throw nameConflict(name);
    list = await tx.contactList.create({
      data: { projectId, name, kind: input.kind, fileName: input.fileName },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict(name);
    throw error;
  }
  const emails = input.emails.map((e) => e.trim().toLowerCase());
  const entries = await tx.$executeRaw(Prisma.sql`
    INSERT INTO contact_list_entry (contact_list_id, email)
    SELECT ${list.id}::uuid, e FROM unnest(${emails}::text[]) AS e
    ON CONFLICT DO NOTHING`);
  const [{ matched }] = await tx.$queryRaw<{ matched: number }[]>(Prisma.sql`
    SELECT count(*)::int AS matched FROM contact_list_entry cle
    JOIN backer b ON b.project_id = ${projectId}::uuid AND b.email = cle.email
    WHERE cle.contact_list_id = ${list.id}::uuid`);
  const unmatched = await tx.$queryRaw<{ email: string }[]>(Prisma.sql`
    SELECT cle.email FROM contact_list_entry cle
    WHERE cle.contact_list_id = ${list.id}::uuid
      AND NOT EXISTS (SELECT 1 FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.email = cle.email)
    ORDER BY cle.email
    LIMIT ${UNMATCHED_LISTED}`);
  return {
    id: list.id,
    name,
    kind: input.kind,
    entries,
    matchedBackers: matched,
    unmatchedCount: entries - matched,
    unmatchedEmails: unmatched.map((row) => row.email),
  };
}

function nameConflict(name: string) {
  return new DomainError(
    "CONFLICT",
    `A contact list named “${name}” already exists in this project; choose another name`,
    {
      name: ["A list with this name already exists"],
    },
  );
}
