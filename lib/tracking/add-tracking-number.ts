import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { OTHER_CARRIER, type AddTrackingNumberInput } from "./add-tracking-number-schema";
import { detectCarrier } from "./detect-carrier";
import { cutDigitsProblem, normalizeTrackingNumber } from "./normalize-tracking-number";
import { resolveCarrierAndUrl } from "./resolve-carrier-and-url";
import { writeTrackingChanges } from "./write-tracking-changes";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";
import { lockForTransaction } from "@/lib/db/lock-for-transaction";

export type AddTrackingNumberResult = {
  shipmentId: string;
  trackingNumber: string;
  carrier: string | null;
  trackingUrl: string | null;
  replaced: number;
  /** The new package's place among the backer's current packages (1 unless another package was added). */
  packageNumber: number;
  emailQueued: boolean;
};

const invalid = (field: string, message: string): DomainError => new DomainError("INVALID_INPUT", message, { [field]: [message] });

/**
 * Adds one tracking number to one backer (the row menu's "Add tracking number"): the carrier is
 * the one chosen or else detected from the number, the link the one given or else the carrier's.
 * When the backer already has a number, `mode` says whether the new one replaces it (the old one
 * is kept as history, hidden from the backer) or is another package. Queues the backer's email in
 * the same transaction and records an audit event. Runs in the caller's transaction `tx` (open it
 * with runInTransaction).
 */
export async function addTrackingNumberOrThrow(
  tx: Tx,
  input: AddTrackingNumberInput & { actorId: string | null },
): Promise<AddTrackingNumberResult> {
  const normalized = normalizeTrackingNumber(input.trackingNumber);
  if (!normalized.ok) throw invalid("trackingNumber", `${normalized.problem.message} ${normalized.problem.fix}`);
  const value = normalized.value;
  if (normalized.zerosAfterFifteen >= 2 && !detectCarrier(value).carrier) {
    const problem = cutDigitsProblem(value, normalized.zerosAfterFifteen);
    throw invalid("trackingNumber", `${problem.message} Paste the original number.`);
  }
  const carrierText = input.carrier === OTHER_CARRIER ? input.otherCarrier : input.carrier;
  if (input.carrier === OTHER_CARRIER && carrierText === "") throw invalid("otherCarrier", "Enter the carrier's name.");
  const resolved = resolveCarrierAndUrl(value, carrierText, input.trackingUrl);
  if (resolved.invalidUrl) throw invalid("trackingUrl", "This is not a web address. Paste the full link, starting with https://, or leave it empty.");

  await lockForTransaction(tx, "tracking", input.projectId);
  const backer = await tx.backer.findFirst({
    where: { id: input.backerId, projectId: input.projectId },
    select: {
      id: true,
      email: true,
      name: true,
      backerNumber: true,
      project: { select: { name: true, timeZone: true } },
      pledge: { select: { id: true, shipments: { where: { supersededAt: null }, select: { id: true, trackingNumber: true } } } },
    },
  });
  if (!backer) throw new DomainError("NOT_FOUND", "This backer is not in this project.");
  if (!backer.pledge) throw new DomainError("CONFLICT", "This backer has no pledge in this project, so there is nothing to ship.");
  const current = backer.pledge.shipments;
  if (current.some((shipment) => shipment.trackingNumber.toUpperCase() === value)) {
    throw invalid("trackingNumber", `${value} is already this backer's tracking number; nothing was changed.`);
  }
  if (current.length > 0 && !input.mode) {
    throw invalid("mode", "This backer already has a tracking number: choose whether the new one replaces it or is another package.");
  }
  const supersede = input.mode === "replace" ? current.map((shipment) => shipment.id) : [];
  const written = await writeTrackingChanges(tx, {
    projectId: input.projectId,
    projectName: backer.project.name,
    projectTimeZone: backer.project.timeZone,
    actorId: input.actorId,
    changes: [
      {
        pledgeId: backer.pledge.id,
        backerNumber: backer.backerNumber,
        email: backer.email,
        name: backer.name,
        outcome: current.length === 0 ? "new" : supersede.length > 0 ? "replaced" : "added",
        add: [{ row: 0, trackingNumber: value, carrier: resolved.carrier, trackingUrl: resolved.trackingUrl }],
        supersede,
        keptPackages: current.length - supersede.length,
      },
    ],
  });
  const shipmentId = written.shipmentIds.get(backer.pledge.id)![0];
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "tracking.add",
    targetCount: 1,
    details: {
      backerId: backer.id,
      // Named in the activity timeline rather than "one backer".
      backerName: backer.name,
      backerEmail: backer.email,
      backerNumber: backer.backerNumber,
      shipmentId,
      trackingNumber: value,
      carrier: resolved.carrier,
      replaced: written.shipmentsSuperseded,
    },
  });
  return {
    shipmentId,
    trackingNumber: value,
    carrier: resolved.carrier,
    trackingUrl: resolved.trackingUrl,
    replaced: written.shipmentsSuperseded,
    packageNumber: current.length - supersede.length + 1,
    emailQueued: written.emailsQueued > 0,
  };
}
