import "server-only";
import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type { ContactListKind } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { saveSegment } from "@/lib/segments/save-segment";
import { importContactList, type ImportedContactList } from "./import-contact-list";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

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
 * All or nothing: run it inside `runInTransaction` (lib/db). CONFLICT for a name already used.
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
    /** sha256 of the uploaded file, for the imports history (of the emails when there was no file). */
    fileHash?: string;
  },
): Promise<ContactListSegmentResult> {
  const contactList = await importContactList(tx, projectId, input);
  const segment = input.segmentName
    ? await saveListSegment(tx, projectId, contactList, input.segmentName, input)
    : null;
  // The upload appears in Imports and Activity like every other file a creator gives.
  const summary = {
    contactListId: contactList.id,
    name: contactList.name,
    kind: contactList.kind,
    fileName: input.fileName,
    entries: contactList.entries,
    matchedBackers: contactList.matchedBackers,
    unmatched: contactList.unmatchedCount,
    segmentId: segment?.id ?? null,
  };
  await tx.import.create({
    data: {
      projectId,
      kind: "CONTACTS",
      status: "APPLIED",
      fileName: input.fileName ?? contactList.name,
      fileHash: input.fileHash ?? createHash("sha256").update(input.emails.join("\n")).digest("hex"),
      rowCount: input.emails.length,
      createdById: input.createdById ?? null,
      appliedAt: new Date(),
      summary,
    },
  });
  await recordAuditEvent(tx, {
    projectId,
    actorId: input.createdById ?? null,
    action: "contact-list.upload",
    targetCount: contactList.matchedBackers,
    details: summary,
  });
  return { contactList, segment };
}

async function saveListSegment(
  tx: Tx,
  projectId: string,
  contactList: ImportedContactList,
  segmentName: string,
  input: { kind: ContactListKind; createdById?: string | null },
): Promise<{ id: string; name: string }> {
  const taken = await tx.segment.findFirst({
    where: { projectId, name: segmentName.trim() },
    select: { id: true },
  });
  if (taken) {
    throw new DomainError("CONFLICT", `A segment named “${segmentName.trim()}” already exists; choose another name`, {
      segmentName: ["A segment with this name already exists"],
    });
  }
  const segment = await saveSegment(tx, projectId, {
    name: segmentName,
    description:
      input.kind === "PARTNER_PROJECT"
        ? `Backers of this project who are on the partner list “${contactList.name}” (all pledge levels).`
        : `Backers of this project who are on the list “${contactList.name}”.`,
    filter: { type: "inContactList", contactListIds: [contactList.id] },
    systemKey: input.kind === "PARTNER_PROJECT" ? `partner:${contactList.id}` : null,
    createdById: input.createdById ?? null,
  });
  return { id: segment.id, name: segment.name };
}
