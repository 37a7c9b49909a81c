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

export type SmtpStall = {
  /**
   * Where the server goes quiet: before its greeting, before answering RCPT TO, or after the
   * whole message arrived and before answering it.
   */
  stage: "greeting" | "rcpt" | "data";
  /** How long; unset: until `releaseStalls()` (or the client hangs up). */
  ms?: number;
  /** Only the next N sessions (greeting) or messages; unset: until `releaseStalls()`. */
  times?: number;
  /**
   * At "data": keep the message before stalling the reply, as a real server that has queued it
   * and is slow to say so. A client that gives up then never learns it was accepted. Default:
   * the message is kept only once the reply is sent, so a client that hangs up meanwhile leaves
   * nothing behind.
   */
  acceptBeforeReply?: boolean;
};

export type SmtpDrop = {
  /** Close the connection once this many bytes of the message (after DATA) arrived. */
  afterBytes?: number;
  /** Only the next N messages; unset: until `acceptAll()`. */
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
  /** Clears rejections and drops (not stalls). */
  acceptAll(): void;
  /** Goes quiet at a stage of the conversation (see SmtpStall). */
  stallAt(stall: SmtpStall): void;
  /** Ends the stall mode and lets every stalled conversation carry on. */
  releaseStalls(): void;
  /** Conversations stalled right now. */
  readonly stalled: number;
  /** Hangs up in the middle of receiving a message, as a crashing server or a broken link would. */
  dropMidData(drop?: SmtpDrop): void;
  /** Messages discarded because the client hung up or the server dropped it before replying. */
  readonly abandoned: number;
  /**
   * Accepts at most `perSecond` recipients in any one-second window and answers the rest with a
   * provider's throttling reply (default SES's "454 Throttling failure"); null lifts the limit.
   */
  limitRate(limit: { perSecond: number; code?: number; message?: string } | null): void;
  /** Recipients refused by limitRate so far. */
  readonly throttled: number;
  /** Resolves once `count` messages have arrived in total; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
};

/** A real SMTP server on loopback (no TLS, no auth) that records what it receives. */
export async function startSmtpTestServer({ port = 0 }: { port?: number } = {}): Promise<SmtpTestServer> {
  const messages: ReceivedMessage[] = [];
  let rejection: SmtpRejection | undefined;
  let stall: SmtpStall | undefined;
  let drop: SmtpDrop | undefined;
  let abandoned = 0;
  let rateLimit: { perSecond: number; code: number; message: string } | null = null;
  const acceptedAt: number[] = [];
  let throttled = 0;
  let server: SMTPServer | undefined;
  let boundPort = port;
  /** Stalled conversations: how to resume each, and which session it belongs to. */
  const waiting = new Set<{ sessionId: string; resume: (outcome: "go" | "closed") => void }>();

  function takeStall(stage: SmtpStall["stage"]): SmtpStall | undefined {
    if (!stall || stall.stage !== stage) return undefined;
    const taken = stall;
    if (stall.times !== undefined && --stall.times <= 0) stall = undefined;
    return taken;
  }

  /** Resolves "go" when the stall ends, "closed" when the client hung up first. */
  function waitOut(taken: SmtpStall, sessionId: string): Promise<"go" | "closed"> {
    return new Promise((resolve) => {
      const entry = {
        sessionId,
        resume: (outcome: "go" | "closed") => {
          if (!waiting.delete(entry)) return;
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      const timer = taken.ms === undefined ? undefined : setTimeout(() => entry.resume("go"), taken.ms);
      waiting.add(entry);
    });
  }

  function takeDrop(): SmtpDrop | undefined {
    if (!drop) return undefined;
    const taken = drop;
    if (drop.times !== undefined && --drop.times <= 0) drop = undefined;
    return taken;
  }

  function hangUp(sessionId: string) {
    for (const connection of server?.connections ?? []) {
      if (connection.session.id === sessionId) connection._socket.destroy();
    }
  }

  function takeRejection(stage: "rcpt" | "data"): Error | undefined {
    if (stage === "rcpt" && rateLimit) {
      const now = Date.now();
      while (acceptedAt.length > 0 && acceptedAt[0] <= now - 1000) acceptedAt.shift();
      if (acceptedAt.length >= rateLimit.perSecond) {
        throttled++;
        return Object.assign(new Error(rateLimit.message), { responseCode: rateLimit.code });
      }
      acceptedAt.push(now);
    }
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
      onConnect(session, callback) {
        const taken = takeStall("greeting");
        if (!taken) return callback();
        void waitOut(taken, session.id).then((outcome) => outcome === "go" && callback());
      },
      onRcptTo(_address, session, callback) {
        const taken = takeStall("rcpt");
        if (!taken) return callback(takeRejection("rcpt") ?? null);
        void waitOut(taken, session.id).then((outcome) => outcome === "go" && callback(takeRejection("rcpt") ?? null));
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        const dropping = takeDrop();
        let received = 0;
        let ended = false;
        // A message cut off by either side is not a message: the stream errors instead of ending.
        stream.on("error", () => {
          if (!ended) abandoned++;
        });
        stream.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (dropping && received > (dropping.afterBytes ?? 0)) hangUp(session.id);
        });
        stream.on("end", () => {
          ended = true;
          void (async () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            const taken = takeStall("data");
            if (taken?.acceptBeforeReply) messages.push(parseMessage(raw, session));
            if (taken && (await waitOut(taken, session.id)) === "closed") {
              if (!taken.acceptBeforeReply) abandoned++;
              return;
            }
            const error = takeRejection("data");
            if (error) return callback(error);
            if (!taken?.acceptBeforeReply) messages.push(parseMessage(raw, session));
            callback(null);
          })();
        });
      },
      onClose(session) {
        for (const entry of waiting) if (entry.sessionId === session.id) entry.resume("closed");
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
      for (const entry of [...waiting]) entry.resume("closed");
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
      drop = undefined;
    },
    stallAt(next) {
      stall = { ...next };
    },
    releaseStalls() {
      stall = undefined;
      for (const entry of [...waiting]) entry.resume("go");
    },
    get stalled() {
      return waiting.size;
    },
    dropMidData(next = {}) {
      drop = { ...next };
    },
    get abandoned() {
      return abandoned;
    },
    limitRate(limit) {
      rateLimit = limit
        ? {
            perSecond: limit.perSecond,
            code: limit.code ?? 454,
            message: limit.message ?? "4.7.0 Throttling failure: Maximum sending rate exceeded.",
          }
        : null;
      acceptedAt.length = 0;
    },
    get throttled() {
      return throttled;
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
