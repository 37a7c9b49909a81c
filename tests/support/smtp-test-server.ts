import { SMTPServer, type SMTPServerSession } from "smtp-server";

export type ReceivedMessage = {
  envelope: { from: string; to: string[] };
  /** The message exactly as received (headers and MIME body). */
  raw: string;
  /** Top-level headers, lower-cased names, folded lines joined, encoded words decoded. */
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  /** Decoded text/plain and text/html parts ("" when absent). */
  text: string;
  html: string;
};

export type SmtpRejection = {
  /** 4xx (temporary) or 5xx (permanent). */
  code: number;
  message: string;
  /** Reject at RCPT TO (the usual "no such user") or after DATA. */
  stage?: "rcpt" | "data";
  /** Only the next N messages; unset: until cleared with `acceptAll()`. */
  times?: number;
};

export type SmtpTestServer = {
  readonly port: number;
  /** smtp://127.0.0.1:<port> for createMailTransport. */
  readonly url: string;
  /** Every accepted message, in order of arrival. */
  readonly messages: ReceivedMessage[];
  /** Stops listening and drops open connections (clients see resets/refusals). */
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
  rejectWith(rejection: SmtpRejection): void;
  acceptAll(): void;
  /** Resolves once `count` messages have arrived in total; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
};

/** A real SMTP server on loopback (no TLS, no auth) that records what it receives. */
export async function startSmtpTestServer({ port = 0 }: { port?: number } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  let rejection: SmtpRejection | undefined;
  let server: SMTPServer | undefined;
  let boundPort = port;

  function takeRejection(stage: "rcpt" | "data"): Error | undefined {
    if (!rejection || (rejection.stage ?? "rcpt") !== stage) return undefined;
    const error = Object.assign(new Error(rejection.message), { responseCode: rejection.code });
    if (rejection.times !== undefined && --rejection.times <= 0) rejection = undefined;
    return error;
  }

  function createServer() {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 100,
      onRcptTo(_address, _session, callback) {
        callback(takeRejection("rcpt") ?? null);
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const error = takeRejection("data");
          if (error) return callback(error);
          const raw = Buffer.concat(chunks).toString("utf8");
          messages.push(parseMessage(raw, session));
          callback(null);
        });
      },
    });
  }

  async function start() {
    server = createServer();
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once("error", reject);
      listening.listen(boundPort, "127.0.0.1", () => resolve());
    });
    const address = (listening as unknown as { server: { address(): { port: number } } }).server.address();
    boundPort = address.port;
  }

  await start();

  return {
    get port() {
      return boundPort;
    },
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    messages,
    async stop() {
      const stopping = server;
      server = undefined;
      if (stopping) await new Promise<void>((resolve) => stopping.close(() => resolve()));
    },
    start,
    rejectWith(next) {
      rejection = { ...next };
    },
    acceptAll() {
      rejection = undefined;
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} messages on the test SMTP server, received ${messages.length}.`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
  };
}

function parseMessage(raw: string, session: SMTPServerSession): ReceivedMessage {
  const { headers, body } = splitHeaders(raw);
  const parts: { type: string; content: string }[] = [];
  collectParts(headers, body, parts);
  return {
    envelope: {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
      to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
    },
    raw,
    headers,
    subject: headers["subject"] ?? "",
    messageId: headers["message-id"] ?? "",
    text: parts.find((part) => part.type === "text/plain")?.content ?? "",
    html: parts.find((part) => part.type === "text/html")?.content ?? "",
  };
}

function splitHeaders(entity: string): { headers: Record<string, string>; body: string } {
  const separator = entity.search(/\r?\n\r?\n/);
  const head = separator === -1 ? entity : entity.slice(0, separator);
  const body = separator === -1 ? "" : entity.slice(separator).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeEncodedWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectParts(headers: Record<string, string>, body: string, parts: { type: string; content: string }[]) {
  const contentType = headers["content-type"] ?? "text/plain";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return;
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith("--")) break;
      const part = splitHeaders(section.replace(/^\r?\n/, ""));
      collectParts(part.headers, part.body.replace(/\r?\n$/, ""), parts);
    }
    return;
  }
  parts.push({ type, content: decodeBody(body, headers["content-transfer-encoding"]) });
}

function decodeBody(body: string, encoding = "7bit"): string {
  switch (encoding.toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const softBreaksRemoved = body.replace(/=\r?\n/g, "");
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const char = softBreaksRemoved[i];
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (char === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, "$1$2")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}
