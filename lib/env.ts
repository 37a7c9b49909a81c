import { z } from "zod";

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : ["1", "true", "yes"].includes(value)));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Any Postgres server. Unset in development: `npm run dev` starts the embedded one and sets it. */
  DATABASE_URL: z.string().url().optional(),
  /** smtp(s)://user:pass@host:port — unset: messages are captured and shown in the dev mailbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Pledgehouse <no-reply@pledgehouse.localhost>"),
  /** Public URL of the app, used in emails and sign-in links. */
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Signs sessions and sign-in tokens; required in production (32+ random characters). */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Show the dev mailbox outside development (demos, e2e tests). Never on a real deployment. */
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
  /** SMTP connections each worker process keeps open to the provider. */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(3),
  /** Messages per second across all worker processes (the provider's sending rate); unset: no limit. */
  SMTP_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
  /** DKIM signing by nodemailer, for an instance that sends directly rather than through a provider that signs. */
  DKIM_DOMAIN_NAME: z.string().min(3).optional(),
  DKIM_KEY_SELECTOR: z.string().min(1).optional(),
  /** The PEM private key (newlines may be written as \n). */
  DKIM_PRIVATE_KEY: z.string().min(100).optional(),
  /** Days after sending when a message's personal content is removed (its log row stays). */
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(): Env {
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment variables:\n${problems}\nSee the Configuration section of README.md.`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.AUTH_SECRET && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("AUTH_SECRET must be set in production (32+ random characters, e.g. `openssl rand -hex 32`).");
  }
  return env;
}

/** The environment, parsed once. Read configuration from here, never from process.env directly. */
export const env = parseEnv();

export const devMailboxEnabled = env.ENABLE_DEV_MAILBOX ?? env.NODE_ENV === "development";
export const mailWorkerInProcess = env.MAIL_WORKER_IN_PROCESS ?? env.NODE_ENV === "development";
/** A fixed development secret, so dev sessions survive restarts; production requires AUTH_SECRET. */
export const authSecret = env.AUTH_SECRET ?? "pledgehouse-development-secret-do-not-use-in-production";
