import "server-only";
import type { Tx } from "@/lib/db/client";
import type { ContactListKind } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { saveSegment } from "@/lib/segments/save-segment";
import { importContactList, type ImportedContactList } from "./import-contact-list";

export type ContactListSegmentResult = {
  contactList: ImportedContactList;
  /** Null when no segment was asked for. */
  segment: { id: string; name: string } | null;
};

/**
 * Stores an uploaded list of emails as a contact list and, when `segmentName` is given, a segment
 * of this project's backers on it ("In a contact list"). "Create Partner Project Segment" is this
 * with a PARTNER_PROJECT list: the segment holds every backer of this project who also backed the
 * partner project, in every pledge level; combine it with "In these pledge levels" for tiers.
 * All or nothing: run it inside `prisma.$transaction`. CONFLICT for a name already used.
 */
export async function createContactListSegment(
  tx: Tx,
  projectId: string,
  input: {
    name: string;
    kind: ContactListKind;
    fileName: string | null;
    emails: readonly string[];
    segmentName?: string | null;
    createdById?: string | null;
  },
): Promise<ContactListSegmentResult> {
  const contactList = await importContactList(tx, projectId, input);
  if (!input.segmentName) return { contactList, segment: null };
  const taken = await tx.segment.findFirst({
    where: { projectId, name: input.segmentName.trim() },
    select: { id: true },
  });
  if (taken) {
    throw new DomainError(
      "CONFLICT",
      `A segment named “${input.segmentName.trim()}” already exists; choose another name`,
      {
        segmentName: ["A segment with this name already exists"],
      },
    );
  }
  const segment = await saveSegment(tx, projectId, {
    name: input.segmentName,
    description:
      input.kind === "PARTNER_PROJECT"
        ? `Backers of this project who are on the partner list “${contactList.name}” (all pledge levels).`
        : `Backers of this project who are on the list “${contactList.name}”.`,
    filter: { type: "inContactList", contactListIds: [contactList.id] },
    systemKey: input.kind === "PARTNER_PROJECT" ? `partner:${contactList.id}` : null,
    createdById: input.createdById ?? null,
  });
  return { contactList, segment: { id: segment.id, name: segment.name } };
}
