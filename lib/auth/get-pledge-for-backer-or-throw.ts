import "server-only";
import type { PledgeLevelKind, PledgeStatus } from "@/lib/db/generated/enums";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/projects/is-uuid";
import { normalizeEmail } from "./normalize-email";

export type PledgeViewer = { id: string; email: string; emailVerified: boolean };

export type ViewablePledge = {
  id: string;
  amount: number;
  shippingAmount: number;
  bonusAmount: number;
  pledgedAt: Date;
  status: PledgeStatus;
  statusChangedAt: Date;
  project: { id: string; name: string; currency: string; timeZone: string };
  pledgeLevel: { id: string; name: string; kind: PledgeLevelKind } | null;
  backer: { id: string; email: string; name: string; backerNumber: number | null };
  /** The viewer is the backer (their verified email is the pledge's backer email). */
  viewerIsBacker: boolean;
  /** The viewer is a member of the pledge's project. */
  viewerIsMember: boolean;
};

/**
 * The pledge, when `viewer` may read it: the backer (whose VERIFIED email equals the pledge's
 * backer email) or a member of the pledge's project. Anyone else gets NOT_FOUND, exactly as for a
 * pledge that does not exist.
 */
export async function getPledgeForBackerOrThrow(viewer: PledgeViewer, pledgeId: string): Promise<ViewablePledge> {
  const email = normalizeEmail(viewer.email);
  const pledge = isUuid(pledgeId)
    ? await prisma.pledge.findFirst({
        where: {
          id: pledgeId,
          OR: [
            // An unverified address proves nothing about who owns it.
            ...(viewer.emailVerified ? [{ backer: { email } }] : []),
            { project: { memberships: { some: { userId: viewer.id } } } },
          ],
        },
        select: {
          id: true,
          amount: true,
          shippingAmount: true,
          bonusAmount: true,
          pledgedAt: true,
          status: true,
          statusChangedAt: true,
          project: {
            select: {
              id: true,
              name: true,
              currency: true,
              timeZone: true,
              memberships: { where: { userId: viewer.id }, select: { id: true } },
            },
          },
          pledgeLevel: { select: { id: true, name: true, kind: true } },
          backer: { select: { id: true, email: true, name: true, backerNumber: true } },
        },
      })
    : null;
  if (!pledge) throw new DomainError("NOT_FOUND", "This pledge does not exist, or it is not yours.");
  const {
    project: { memberships, ...project },
    ...rest
  } = pledge;
  return {
    ...rest,
    project,
    viewerIsBacker: viewer.emailVerified && pledge.backer.email === email,
    viewerIsMember: memberships.length > 0,
  };
}
