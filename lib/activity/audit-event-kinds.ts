import type { MemberRole, SuppressionReason } from "@/lib/db/generated/enums";

/** One changed field, as settings, pledge level and item edits record it ("from" null: was empty). */
export type FieldChange = { field: string; from: string | null; to: string | null };

/** A member as team events name them: their account id, and what the team page showed. */
export type TeamMemberRef = { userId: string; email: string; name: string };

/**
 * Every kind of audit event a project records, with the payload (`details`) each one carries.
 * The recorder (record-audit-event.ts) accepts only these, and the Activity page reads them
 * through this type. A new kind is a new line here; renaming or dropping a field is a change
 * to old rows too, so add optional fields instead.
 */
export type AuditEventPayloads = {
  "backers.import": {
    importId: string;
    fileName: string;
    fileHash: string;
    rows: number;
    add: number;
    update: number;
    unchanged: number;
    invalid: number;
    newPledgeLevels: number;
    newItems: number;
    errors: number;
    warnings: number;
  };
  "tracking.upload": {
    importId: string;
    fileName: string;
    newBackers: number;
    replacedBackers: number;
    addedBackers: number;
    unchangedBackers: number;
    skippedBackers: number;
    shipmentsAdded: number;
    shipmentsSuperseded: number;
    emailsQueued: number;
    skipExisting: boolean;
    separatePackages: boolean;
    skippedProblemRows: number;
  };
  "tracking.add": {
    backerId: string;
    backerName: string | null;
    backerEmail: string;
    backerNumber: number | null;
    shipmentId: string;
    trackingNumber: string;
    carrier: string | null;
    replaced: number;
  };
  "contact-list.upload": {
    contactListId: string;
    name: string;
    kind: string;
    fileName: string | undefined | null;
    entries: number;
    matchedBackers: number;
    unmatched: number;
    segmentId: string | null;
  };
  "digital-reward.create": { rewardId: string; rewardName: string; kind: string };
  "digital-reward.bank-upload": { rewardId: string; rewardName: string; added: number; bankLeft: number };
  "digital-reward.send": {
    sendToken: string;
    rewardId: string;
    rewardName: string;
    source: string;
    sent: number;
    skipped: number;
    withoutPledge: number;
    excluded: unknown;
  };
  "digital-reward.resend": {
    sendToken: string;
    rewardId: string;
    rewardName: string;
    backerId: string;
    backerName?: string;
    backerEmail?: string;
    backerNumber?: number | null;
    value: string;
    sendCount: number;
  };
  "segment.add-backers": {
    segmentId: string;
    segmentName: string;
    createdSegment: boolean;
    selected: number;
    selection: unknown;
  };
  "incentive.apply": {
    incentiveId: string;
    incentiveName: string;
    gift: string;
    definition: unknown;
    segmentId: string;
    segmentName: string;
    exclusions: unknown;
    recipients: number;
    skipped: number;
    emailsQueued: number;
  };
  "incentive.undo": { incentiveId: string; incentiveName: string; kind: string; emailsCancelled?: number };
  "mail.retry": { emailId: string; toEmail: string } | { scope: "all-failed" };
  "mail.sender": { changes: FieldChange[] };
  "mail.suppression-lifted": { email: string; backerName: string; reason: SuppressionReason; provider: string };
  "item.create": { itemId: string; itemName: string; changes: FieldChange[] };
  "item.update": { itemId: string; itemName: string; changes: FieldChange[] };
  "item.archive": { itemId: string; itemName: string };
  "item.restore": { itemId: string; itemName: string };
  "pledge-level.update": { levelId: string; levelName: string; currency: string; changes: FieldChange[] };
  "project.settings": { changes: FieldChange[]; timeZone: string };
  "team.invited": { invitationId: string; email: string; role: MemberRole };
  "team.invitation-revoked": { invitationId: string; email: string; role: MemberRole };
  "team.joined": TeamMemberRef & { role: MemberRole };
  "team.role-changed": TeamMemberRef & { from: MemberRole; to: MemberRole };
  "team.removed": TeamMemberRef & { role: MemberRole };
  "team.left": TeamMemberRef & { role: MemberRole };
  /** Kept with no project (the project's rows are gone): the instance's record of the deletion. */
  "project.deleted": {
    projectId: string;
    projectName: string;
    backers: number;
    /** Queued emails of the project that were cancelled instead of sent. */
    cancelledEmails: number;
  };
};

export type AuditEventKind = keyof AuditEventPayloads;

/** One event as recorded and as read back: its kind and that kind's payload, together. */
export type AuditEventOf<K extends AuditEventKind = AuditEventKind> = {
  [Kind in K]: { action: Kind; details: AuditEventPayloads[Kind] };
}[K];

export const AUDIT_EVENT_KINDS = [
  "backers.import",
  "tracking.upload",
  "tracking.add",
  "contact-list.upload",
  "digital-reward.create",
  "digital-reward.bank-upload",
  "digital-reward.send",
  "digital-reward.resend",
  "segment.add-backers",
  "incentive.apply",
  "incentive.undo",
  "mail.retry",
  "mail.sender",
  "mail.suppression-lifted",
  "item.create",
  "item.update",
  "item.archive",
  "item.restore",
  "pledge-level.update",
  "project.settings",
  "team.invited",
  "team.invitation-revoked",
  "team.joined",
  "team.role-changed",
  "team.removed",
  "team.left",
  "project.deleted",
] as const satisfies readonly AuditEventKind[];

// Fails to compile when a kind is added to the payloads but not to the list above.
type MissingKinds = Exclude<AuditEventKind, (typeof AUDIT_EVENT_KINDS)[number]>;
const everyKindListed: [MissingKinds] extends [never] ? true : MissingKinds = true;
void everyKindListed;

/** Narrows a stored `action` column to a known kind. */
export function isAuditEventKind(value: string): value is AuditEventKind {
  return (AUDIT_EVENT_KINDS as readonly string[]).includes(value);
}
