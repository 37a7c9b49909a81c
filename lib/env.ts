import { z } from "zod";

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : ["1", "true", "yes"].includes(value)));

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === "" ? undefined : value));

/**
 * Secrets that are public because they sit in this repository (old defaults, test harnesses, the
 * .env.example placeholder). A deployment signing sessions with one of them hands out sessions to
 * anyone who reads the source, so production refuses them.
 */
export const KNOWN_PUBLIC_SECRETS: readonly string[] = [
  "pledgehouse-development-secret-do-not-use-in-production",
  "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  "replace-me-with-the-output-of-openssl-rand-hex-32",
  "x".repeat(32),
];

const WORKER_NICE_RULE =
  "must be a whole number from 0 (the worker keeps normal priority) to 19 (lowest priority); unset means 10";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Any Postgres server. Unset in development: `npm run dev` starts the embedded one and sets it. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/./, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  /** Connections each process keeps to Postgres. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Parallel workers one query may start (Postgres's max_parallel_workers_per_gather, set on each
   * of the app's connections). 0 by default: see lib/db/postgres-session-options.ts.
   */
  DATABASE_PARALLEL_WORKERS_PER_QUERY: z.coerce.number().int().min(0).max(16).default(0),
  /** smtp(s)://user:pass@host:port — unset: messages are captured and shown in the dev mailbox. */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/./, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  MAIL_FROM: optionalString.pipe(z.string().min(3).optional()),
  /** Public URL of the app, used in emails and sign-in links. */
  APP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]/, "must be an absolute http:// or https:// URL")
      .pipe(z.url())
      .optional(),
  ),
  /** Signs sessions and sign-in tokens; required in production (32+ random characters). */
  AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Show the dev mailbox outside development (local e2e runs). Never on a real deployment. */
  ENABLE_DEV_MAILBOX: booleanish,
  /** Run the mail worker inside the web process (default: on in development, off otherwise). */
  MAIL_WORKER_IN_PROCESS: booleanish,
  /** Serve cookies without the Secure flag outside development (plain-http e2e runs only). */
  INSECURE_COOKIES: booleanish,
  /** Mail provider webhooks (/api/webhooks/mail/<provider>); a provider left unset accepts nothing. */
  /** Comma-separated ARNs of the SNS topics SES publishes bounces and complaints to. */
  MAIL_WEBHOOK_SES_TOPIC_ARNS: z.string().optional(),
  /** "user:password", the basic auth put in the webhook URL given to Postmark. */
  MAIL_WEBHOOK_POSTMARK_CREDENTIALS: z.string().min(3).optional(),
  /** SendGrid's signed event webhook verification key (base64). */
  MAIL_WEBHOOK_SENDGRID_PUBLIC_KEY: z.string().min(20).optional(),
  /** Mailgun's HTTP webhook signing key. */
  MAIL_WEBHOOK_MAILGUN_SIGNING_KEY: z.string().min(8).optional(),
  /** Resend's webhook signing secret ("whsec_…"). */
  MAIL_WEBHOOK_RESEND_SECRET: z.string().min(8).optional(),
  /**
   * How many proxies in front of the web process append to X-Forwarded-For (a load balancer: 1; a
   * CDN and a load balancer: 2). 0: the header is ignored and the socket's address is the client's.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /**
   * An OpenTelemetry collector (OTLP over HTTP, e.g. http://otel-collector:4318): the web process
   * sends its traces there. Unset: no tracing code is loaded. The SDK's other OTEL_* variables
   * (protocol, headers, sampling) apply as documented by OpenTelemetry.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url().optional()),
  /** The service name traces carry (default "pledgehouse-web"). */
  OTEL_SERVICE_NAME: optionalString.pipe(z.string().min(1).optional()),
  /** SMTP connections each worker process keeps open to the provider. */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(3),
  /** Messages per second across all worker processes (the provider's sending rate); unset: no limit. */
  SMTP_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
  /** DKIM signing by nodemailer, for an instance that sends directly rather than through a provider that signs. */
  DKIM_DOMAIN_NAME: z.string().min(3).optional(),
  DKIM_KEY_SELECTOR: z.string().min(1).optional(),
  /** The PEM private key (newlines may be written as \n). */
  DKIM_PRIVATE_KEY: z.string().min(100).optional(),
  /**
   * Niceness of `npm run worker`, of the web process's tracking-preview thread, and of the Postgres
   * backends serving them, so bulk work yields the machine's cores to web requests (see
   * lib/jobs/lower-worker-priority.ts, lib/tracking/preview-tracking-upload-in-thread.ts and
   * lib/db/lower-backend-priority.ts). 0 turns it off.
   */
  WORKER_NICE: optionalString
    .pipe(
      z
        .string()
        .regex(/^1?\d$/, WORKER_NICE_RULE)
        .optional(),
    )
    .transform((value) => (value === undefined ? 10 : Number(value))),
  /** Days after sending when a message's personal content is removed (its log row stays). */
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "MAIL_FROM" | "APP_URL"> & { MAIL_FROM: string; APP_URL: string };

export type EnvironmentCheck = { ok: true; env: Env } | { ok: false; problems: string[] };

const DEVELOPMENT_DEFAULTS = {
  MAIL_FROM: "Pledgehouse <no-reply@pledgehouse.localhost>",
  APP_URL: "http://localhost:3000",
};

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

function mailDomain(from: string): string | undefined {
  return /@([^>\s@]+)>?\s*$/.exec(from)?.[1]?.toLowerCase();
}

/**
 * Parses the environment. Development and test keep their defaults; production (outside `next
 * build`, which has no secrets) requires every variable a real deployment needs and refuses the
 * development conveniences, collecting every problem so one start names them all.
 */
export function checkEnvironment(source: Record<string, string | undefined>): EnvironmentCheck {
  // Invalid values are reported, then left out, so the production checks below still name every
  // other problem in the same message.
  const problems: string[] = [];
  const invalid = new Set<string>();
  let parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join(".");
      invalid.add(name);
      problems.push(`${name}: ${issue.message}`);
    }
    parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([name]) => !invalid.has(name))));
    if (!parsed.success) return { ok: false, problems };
  }
  const raw = parsed.data;
  const missing = (name: string, hint: string) => {
    if (!invalid.has(name)) problems.push(`${name}: missing (${hint})`);
  };
  const building = source.NEXT_PHASE === "phase-production-build";
  if (raw.NODE_ENV === "production" && !building) {
    if (!raw.DATABASE_URL) missing("DATABASE_URL", "postgresql://user:password@host:5432/pledgehouse");
    if (!raw.APP_URL) missing("APP_URL", "the public address people open, such as https://pledges.example.com");
    const appHost = raw.APP_URL ? new URL(raw.APP_URL).hostname : undefined;
    const localRun = appHost !== undefined && LOOPBACK_HOSTNAMES.has(appHost);
    if (!raw.AUTH_SECRET) missing("AUTH_SECRET", "32+ random characters: openssl rand -hex 32");
    else if (KNOWN_PUBLIC_SECRETS.includes(raw.AUTH_SECRET) || raw.AUTH_SECRET.startsWith("pledgehouse-development")) {
      problems.push("AUTH_SECRET: is a published development value; generate your own with openssl rand -hex 32");
    }
    if (!raw.MAIL_FROM) missing("MAIL_FROM", 'such as "Pledgehouse <no-reply@pledges.example.com>"');
    else {
      const domain = mailDomain(raw.MAIL_FROM);
      if (!domain || !domain.includes(".") || domain === "localhost" || domain.endsWith(".localhost")) {
        problems.push(`MAIL_FROM: "${raw.MAIL_FROM}" needs an address on a real domain your SMTP provider sends for`);
      }
    }
    if (raw.ENABLE_DEV_MAILBOX && !localRun) {
      problems.push("ENABLE_DEV_MAILBOX: shows every sign-in link to its visitors; it is refused in production");
    }
    if (!raw.SMTP_URL && !(raw.ENABLE_DEV_MAILBOX && localRun)) {
      missing("SMTP_URL", "smtp://user:password@smtp.example.com:587 or smtps://…:465");
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    env: {
      ...raw,
      MAIL_FROM: raw.MAIL_FROM ?? DEVELOPMENT_DEFAULTS.MAIL_FROM,
      APP_URL: raw.APP_URL ?? DEVELOPMENT_DEFAULTS.APP_URL,
    },
  };
}

/** The one message a process prints when it refuses to start. */
export function describeEnvironmentProblems(problems: readonly string[]): string {
  return [
    `Pledgehouse cannot start: ${problems.length} environment variable${problems.length === 1 ? " is" : "s are"} missing or invalid.`,
    ...problems.map((problem) => `  - ${problem}`),
    "Set them (see .env.example and the Configuration section of README.md), then start again.",
  ].join("\n");
}

function loadEnv(): Env {
  const result = checkEnvironment(process.env);
  if (result.ok) return result.env;
  const message = describeEnvironmentProblems(result.problems);
  // Every process (web, worker, migrator) imports this module before it does anything, so a wrong
  // configuration stops it at start with this message rather than failing later per request.
  console.error(message);
  if (typeof process.exit === "function") process.exit(1);
  throw new Error(message);
}

/** The environment, parsed once. Read configuration from here, never from process.env directly. */
export const env = loadEnv();

export const devMailboxEnabled = env.ENABLE_DEV_MAILBOX ?? env.NODE_ENV === "development";
export const mailWorkerInProcess = env.MAIL_WORKER_IN_PROCESS ?? env.NODE_ENV === "development";
