import "server-only";
import { env } from "@/lib/env";
import { buildOutgoingEnvelope, formatFrom } from "./build-outgoing-envelope";
import { loadSenderIdentities } from "./load-sender-identities";
import { announcementUnsubscribeUrl } from "./unsubscribe/announcement-unsubscribe-token";

/**
 * The headers the worker sends a message with (From, Reply-To, List-Unsubscribe), built the same
 * way, for the dev mailbox: the capture transport keeps no headers of its own.
 */
export async function getCapturedEnvelope(message: { kind: string; projectId: string | null; toEmail: string }) {
  const senders = await loadSenderIdentities([message.projectId]);
  const envelope = buildOutgoingEnvelope(message, message.projectId ? (senders.get(message.projectId) ?? null) : null, {
    mailFrom: env.MAIL_FROM,
    unsubscribeUrl: announcementUnsubscribeUrl,
  });
  const listUnsubscribe = envelope.headers["List-Unsubscribe"]?.replace(/^<|>$/g, "");
  return {
    from: formatFrom(envelope.from),
    replyTo: envelope.replyTo ?? null,
    listUnsubscribe: listUnsubscribe ?? null,
    listUnsubscribePost: envelope.headers["List-Unsubscribe-Post"] ?? null,
  };
}
