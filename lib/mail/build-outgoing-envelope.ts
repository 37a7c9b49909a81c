import { isAnnouncementKind } from "./announcement-kinds";

/** A project's sender settings for backer email (null fields: the instance's defaults). */
export type SenderIdentity = { mailSenderName: string | null; mailReplyTo: string | null };

export type OutgoingEnvelope = {
  from: { name: string; address: string };
  replyTo?: string;
  /** Extra headers: List-Unsubscribe and List-Unsubscribe-Post on announcements. */
  headers: Record<string, string>;
};

/** "Pledgehouse <no-reply@example.com>" → its name and address; a bare address has no name. */
export function parseMailFrom(mailFrom: string): { name: string; address: string } {
  const match = /^\s*"?(.*?)"?\s*<([^<>\s]+)>\s*$/.exec(mailFrom);
  return match ? { name: match[1].trim(), address: match[2] } : { name: "", address: mailFrom.trim() };
}

/** `From` as a mail client shows it: `"Ironvale via Pledgehouse" <no-reply@…>`. */
export function formatFrom({ name, address }: { name: string; address: string }): string {
  return name ? `"${name.replace(/["\\]/g, "\\$&")}" <${address}>` : address;
}

/**
 * Who a message is from and what it carries besides its content: the project's display name on
 * the instance's own verified address (a provider rejects any other), the project's Reply-To,
 * and on announcements the one-click unsubscribe headers of RFC 8058. Transactional kinds get no
 * unsubscribe: a backer cannot opt out of their tracking number.
 */
export function buildOutgoingEnvelope(
  message: { kind: string; projectId: string | null; toEmail: string },
  sender: SenderIdentity | null,
  { mailFrom, unsubscribeUrl }: { mailFrom: string; unsubscribeUrl: (projectId: string, email: string) => string },
): OutgoingEnvelope {
  const instance = parseMailFrom(mailFrom);
  const name = sender?.mailSenderName?.trim();
  const envelope: OutgoingEnvelope = {
    from: { name: name || instance.name, address: instance.address },
    headers: {},
  };
  if (sender?.mailReplyTo) envelope.replyTo = sender.mailReplyTo;
  if (message.projectId && isAnnouncementKind(message.kind)) {
    envelope.headers["List-Unsubscribe"] = `<${unsubscribeUrl(message.projectId, message.toEmail)}>`;
    envelope.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return envelope;
}
