import "server-only";
import { prisma } from "@/lib/db/client";

export type PledgeShipment = {
  id: string;
  trackingNumber: string;
  carrier: string | null;
  trackingUrl: string | null;
  packageLabel: string | null;
  shippedAt: Date;
  notifiedAt: Date | null;
  /** Set when a newer number replaced this one. */
  supersededAt: Date | null;
};

/**
 * A pledge's packages, oldest first. Backers see only the current ones; project members may ask
 * for the replaced ones too (`includeSuperseded`), as history. The caller has authorised the viewer.
 */
export async function listPledgeShipments(pledgeId: string, { includeSuperseded = false } = {}): Promise<PledgeShipment[]> {
  return prisma.shipment.findMany({
    where: { pledgeId, ...(includeSuperseded ? {} : { supersededAt: null }) },
    // Packages added in one upload share their timestamps; the tracking number keeps their order stable.
    orderBy: [{ shippedAt: "asc" }, { createdAt: "asc" }, { trackingNumber: "asc" }, { id: "asc" }],
    select: {
      id: true,
      trackingNumber: true,
      carrier: true,
      trackingUrl: true,
      packageLabel: true,
      shippedAt: true,
      notifiedAt: true,
      supersededAt: true,
    },
  });
}
