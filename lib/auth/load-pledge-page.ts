import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DomainError } from "@/lib/errors";
import type { CurrentUser } from "./get-current-user";
import { getPledgeForBackerOrThrow, type ViewablePledge } from "./get-pledge-for-backer-or-throw";
import { requireUser } from "./require-user";

/**
 * For pages under /pledges/[pledgeId]: the viewer and the pledge, the sign-in page when signed
 * out, or a 404 for anyone but the backer and the project's members. Cached per request.
 */
export const loadPledgePage = cache(
  async (pledgeId: string): Promise<{ user: CurrentUser; pledge: ViewablePledge }> => {
    const user = await requireUser(`/pledges/${pledgeId}`);
    try {
      return { user, pledge: await getPledgeForBackerOrThrow(user, pledgeId) };
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
      throw error;
    }
  },
);
