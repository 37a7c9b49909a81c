import "server-only";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";
import { listPledgeShipments, type PledgeShipment } from "./list-pledge-shipments";

export type BackerTracking = {
  backer: { id: string; name: string; email: string; backerNumber: number | null; pledgeId: string | null };
  /** Current and replaced shipments, oldest first. */
  shipments: PledgeShipment[];
};

/**
 * One backer of the project with their shipments, for the single-backer "Add tracking number"
 * page. NOT_FOUND for a backer of another project. The caller has checked project membership.
 */
export async function loadBackerTrackingOrThrow(projectId: string, backerId: string): Promise<BackerTracking> {
  const backer = isUuid(backerId)
    ? await prisma.backer.findFirst({
        where: { id: backerId, projectId },
        select: { id: true, name: true, email: true, backerNumber: true, pledge: { select: { id: true } } },
      })
    : null;
  if (!backer) throw new DomainError("NOT_FOUND", "This backer is not in this project.");
  const shipments = backer.pledge ? await listPledgeShipments(backer.pledge.id, { includeSuperseded: true }) : [];
  return {
    backer: { id: backer.id, name: backer.name, email: backer.email, backerNumber: backer.backerNumber, pledgeId: backer.pledge?.id ?? null },
    shipments,
  };
}
