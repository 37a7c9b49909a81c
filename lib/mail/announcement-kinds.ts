import type { EmailKind } from "./email-kinds";

/**
 * Kinds that announce something rather than complete a transaction the backer is part of: they
 * carry List-Unsubscribe, and a backer who unsubscribed from a project's announcements gets none
 * of them. Tracking, digital rewards and sign-in links are transactional and always sent (unless
 * the address itself is suppressed).
 */
export const ANNOUNCEMENT_KINDS: readonly EmailKind[] = ["incentive-granted"];

export function isAnnouncementKind(kind: string): boolean {
  return (ANNOUNCEMENT_KINDS as readonly string[]).includes(kind);
}
