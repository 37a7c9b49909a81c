-- Delivered messages keep their log row (recipient, kind, subject, status, times, Message-ID) but
-- lose what was personal to the recipient (their template values, or their own rendered content)
-- after MAIL_RETENTION_DAYS. content_purged_at says it happened; the content check allows the
-- purged shape (a template with no values).
ALTER TABLE "email_message" ADD COLUMN "content_purged_at" TIMESTAMPTZ(3);

ALTER TABLE "email_message" DROP CONSTRAINT "email_message_content_check";
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_content_check" CHECK (
    ("template_id" IS NULL AND "template_values" IS NULL)
    OR ("template_id" IS NOT NULL AND jsonb_typeof("template_values") = 'array' AND "html" = '' AND "text" = '')
    OR ("content_purged_at" IS NOT NULL AND "template_values" IS NULL AND "html" = '' AND "text" = '')
);

-- The daily purge walks sent, unpurged messages oldest first; purged ones leave the range.
CREATE INDEX "email_message_status_content_purged_at_sent_at_idx" ON "email_message"("status", "content_purged_at", "sent_at");
