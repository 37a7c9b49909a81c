import { Logger, type LogLevel } from "graphile-worker";

type Sink = (level: "warn" | "error", meta: Record<string, unknown>, message: string) => void;

/**
 * graphile-worker's logger, forwarded to ours (pino in the app, the console in the migrator).
 * Its debug and info lines (every job picked up and finished) stay out of the logs.
 */
export function createJobEngineLogger(sink: Sink): Logger {
  return new Logger((scope) => (level: LogLevel, message: string, meta?: unknown) => {
    const name = level as string;
    if (name !== "warning" && name !== "error") return;
    sink(name === "error" ? "error" : "warn", { ...scope, ...(meta as Record<string, unknown> | undefined) }, message);
  });
}
