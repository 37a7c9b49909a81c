import "server-only";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";

export type OutgoingEmail = {
  from: string | { name: string; address: string };
  replyTo?: string;
  /** Extra headers (List-Unsubscribe). */
  headers?: Record<string, string>;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** With angle brackets, e.g. `<abc@example.com>`. */
  messageId: string;
};

export type MailTransport = {
  /** Stored in email_message.transport: "smtp", or "capture" when nothing leaves the process. */
  readonly name: "smtp" | "capture";
  /** For logs: where mail goes, without credentials. */
  readonly description: string;
  /** Resolves when the server accepted the message; rejects with nodemailer's error otherwise. */
  send(email: OutgoingEmail): Promise<{ messageId: string; response: string }>;
  close(): void;
};

/** How long to wait for an SMTP server, in milliseconds (nodemailer's option names). */
export type SmtpTimeouts = {
  /** To open the TCP connection. Default 10 s. */
  connectionTimeout?: number;
  /** For the server's greeting once connected. Default 10 s. */
  greetingTimeout?: number;
  /** Of silence on an open connection, e.g. waiting for the reply to a message. Default 60 s. */
  socketTimeout?: number;
};

/**
 * The transport the mail worker delivers through: pooled SMTP to `smtpUrl` (default `SMTP_URL`),
 * or, with no URL (pass `null` to force it), a capture transport that sends nothing and lets the
 * worker mark messages delivered so the dev mailbox shows them.
 */
export function createMailTransport(
  smtpUrl: string | null = env.SMTP_URL ?? null,
  timeouts: SmtpTimeouts = {},
  options: SmtpOptions = {},
): MailTransport {
  return smtpUrl ? createSmtpTransport(smtpUrl, timeouts, options) : captureTransport;
}

export type SmtpOptions = {
  /** Default SMTP_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** Default from DKIM_DOMAIN_NAME, DKIM_KEY_SELECTOR and DKIM_PRIVATE_KEY when all three are set. */
  dkim?: { domainName: string; keySelector: string; privateKey: string } | null;
};

function dkimFromEnv(): SmtpOptions["dkim"] {
  if (!env.DKIM_DOMAIN_NAME || !env.DKIM_KEY_SELECTOR || !env.DKIM_PRIVATE_KEY) return null;
  return {
    domainName: env.DKIM_DOMAIN_NAME,
    keySelector: env.DKIM_KEY_SELECTOR,
    privateKey: env.DKIM_PRIVATE_KEY.replace(/\\n/g, "\n"),
  };
}

// nodemailer's default list (RFC 6376's suggestions) plus List-Unsubscribe-Post: RFC 8058 requires
// the signature to cover both unsubscribe headers, and Gmail and Yahoo ignore one-click unsubscribe
// (and may treat bulk mail as unauthenticated) when it does not.
const DKIM_SIGNED_HEADERS = [
  "From",
  "Sender",
  "Reply-To",
  "Subject",
  "Date",
  "Message-ID",
  "To",
  "Cc",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
  "Content-ID",
  "Content-Description",
  "Resent-Date",
  "Resent-From",
  "Resent-Sender",
  "Resent-To",
  "Resent-Cc",
  "Resent-Message-ID",
  "In-Reply-To",
  "References",
  "List-Id",
  "List-Help",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
  "List-Subscribe",
  "List-Post",
  "List-Owner",
  "List-Archive",
].join(":");

const captureTransport: MailTransport = {
  name: "capture",
  description: "capture (SMTP_URL is unset: messages are kept for the dev mailbox, nothing is sent)",
  async send(email) {
    return { messageId: email.messageId, response: "captured" };
  },
  close() {},
};

function createSmtpTransport(smtpUrl: string, timeouts: SmtpTimeouts, options: SmtpOptions): MailTransport {
  const url = new URL(smtpUrl);
  const dkim = options.dkim === undefined ? dkimFromEnv() : options.dkim;
  const transporter = nodemailer.createTransport({
    pool: true,
    url: smtpUrl,
    maxConnections: options.maxConnections ?? env.SMTP_MAX_CONNECTIONS,
    ...(dkim ? { dkim: { ...dkim, headerFieldNames: DKIM_SIGNED_HEADERS } } : {}),
    maxMessages: 100,
    // Retries are the worker's job (with backoff, recorded in the row); a connection dropped
    // mid-send is retried a little here only because pooled connections do go stale.
    maxRequeues: 2,
    connectionTimeout: timeouts.connectionTimeout ?? 10_000,
    greetingTimeout: timeouts.greetingTimeout ?? 10_000,
    socketTimeout: timeouts.socketTimeout ?? 60_000,
    // Messages are our own HTML; never let content make nodemailer read files or fetch URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    name: "smtp",
    description: `SMTP ${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}`,
    async send(email) {
      const info = await transporter.sendMail({
        from: email.from,
        replyTo: email.replyTo,
        headers: email.headers,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
      });
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      transporter.close();
    },
  };
}
