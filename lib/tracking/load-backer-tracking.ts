import "server-only";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";
import { listPledgeShipments, type PledgeShipment } from "./list-pledge-shipments";

export type BackerTracking = {
  backer: { id: string; name: string; email: string; backerNumber: number | null; pledgeId: string | null };
  /** The pledge level when it ships nothing (digital only or no reward): adding a number deserves a second look. */
  nothingToShip: { kind: "DIGITAL" | "NO_REWARD"; levelName: string } | null;
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
        select: {
          id: true,
          name: true,
          email: true,
          backerNumber: true,
          pledge: { select: { id: true, pledgeLevel: { select: { name: true, kind: true } } } },
        },
      })
    : null;
  if (!backer) throw new DomainError("NOT_FOUND", "This backer is not in this project.");
  const level = backer.pledge?.pledgeLevel ?? null;
  const shipments = backer.pledge ? await listPledgeShipments(backer.pledge.id, { includeSuperseded: true }) : [];
  return {
    backer: {
      id: backer.id,
      name: backer.name,
      email: backer.email,
      backerNumber: backer.backerNumber,
      pledgeId: backer.pledge?.id ?? null,
    },
    shipments,
    nothingToShip:
      level && (level.kind === "DIGITAL" || level.kind === "NO_REWARD")
        ? { kind: level.kind, levelName: level.name }
        : null,
  };
}
