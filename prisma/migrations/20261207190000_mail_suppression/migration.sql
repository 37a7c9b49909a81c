-- Bounces, complaints and unsubscribes read back from the mail provider, so dead and complaining
-- addresses stop receiving mail (that is how sending accounts get suspended), and the per-project
-- sender identity every backer email carries.

-- Messages the worker will not send because the address is suppressed or unsubscribed; the mail
-- log shows them with the reason in last_error.
ALTER TYPE "EmailStatus" ADD VALUE 'SKIPPED';

CREATE TYPE "SuppressionReason" AS ENUM ('HARD_BOUNCE', 'COMPLAINT', 'UNSUBSCRIBE');

CREATE TABLE "email_suppression" (
    "email" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "provider" TEXT NOT NULL,
    "detail" TEXT,
    "email_message_id" UUID,
    "suppressed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lifted_at" TIMESTAMPTZ(3),
    "lifted_by_user_id" TEXT,
    CONSTRAINT "email_suppression_pkey" PRIMARY KEY ("email"),
    CONSTRAINT "email_suppression_email_check" CHECK ("email" = lower(btrim("email")))
);

CREATE TABLE "mail_provider_event" (
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email_message_id" UUID,
    "detail" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mail_provider_event_pkey" PRIMARY KEY ("provider", "event_id", "email")
);

CREATE INDEX "mail_provider_event_email_idx" ON "mail_provider_event"("email");

CREATE TABLE "announcement_unsubscribe" (
    "project_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "unsubscribed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "announcement_unsubscribe_pkey" PRIMARY KEY ("project_id", "email"),
    CONSTRAINT "announcement_unsubscribe_email_check" CHECK ("email" = lower(btrim("email"))),
    CONSTRAINT "announcement_unsubscribe_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

ALTER TABLE "project"
    ADD COLUMN "mail_sender_name" TEXT,
    ADD COLUMN "mail_reply_to" TEXT;

-- Matching a provider's report to the message it is about: providers echo our Message-ID header.
CREATE INDEX "email_message_smtp_message_id_idx" ON "email_message"("smtp_message_id");
