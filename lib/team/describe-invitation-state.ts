export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

/** Where an invitation stands at `now`: a revoked or accepted one stays so even after its expiry. */
export function describeInvitationState(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date = new Date(),
): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}
