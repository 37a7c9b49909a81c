import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { env } from "@/lib/env";
import { redactLogValue } from "./redact-log-value";

export type { Logger };

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** One line a person reads in a terminal: time, level, message, then the fields as key=value. */
function readableLine(json: string): string {
  try {
    const { time, level, msg, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(json) as Record<string, unknown>;
    const clock = new Date(Number(time)).toTimeString().slice(0, 8);
    const rest = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" ");
    return `${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${msg ?? ""}${rest ? `  ${rest}` : ""}\n`;
  } catch {
    return json;
  }
}

/** In development, lines are made readable in this process: no transport thread, nothing to bundle. */
function readableDestination(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line) process.stdout.write(readableLine(line));
      done();
    },
  });
}

/**
 * The process's logger: JSON lines on stdout in production (one object per event, for any log
 * collector), readable lines in development. Every object and message passes through
 * `redactLogValue`, so email addresses, tokens and cookies never reach the log. Tests pass a
 * destination to read the lines.
 */
export function createLogger(destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "warn" : env.LOG_LEVEL,
    base: { pid: process.pid },
    formatters: { log: (object) => redactLogValue(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? (redactLogValue(arg) as string) : arg)) as Parameters<typeof method>);
      },
    },
    serializers: { err: (error: unknown) => redactLogValue(error), error: (error: unknown) => redactLogValue(error) },
  };
  if (destination) return pino(options, destination);
  return env.NODE_ENV === "development" ? pino(options, readableDestination()) : pino(options);
}

const globalForLogger = globalThis as unknown as { pledgehouseLogger?: Logger };

export const logger: Logger = globalForLogger.pledgehouseLogger ?? createLogger();
globalForLogger.pledgehouseLogger = logger;
