-- Bulk notifications store each rendered template once instead of ~5 KB of HTML and text per
-- recipient: a message then carries only its template and the values that differ per recipient,
-- and the worker fills them in when it sends. Reading 250,000 fully rendered messages as query
-- parameters is what made queueing them slow.
CREATE TABLE "email_template" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "placeholders" JSONB NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_template_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "email_template_content_hash_key" ON "email_template"("content_hash");

-- html and text stay NOT NULL (empty for templated messages), so code that reads the content of a
-- singly queued message keeps its types; template_id says where a message's content really is.
-- No foreign key on template_id: its check costs about as much per row as writing the row's
-- values, templates are immutable and never deleted, and the worker fails a message whose
-- template is missing with that reason.
ALTER TABLE "email_message"
    ADD COLUMN "template_id" UUID,
    ADD COLUMN "template_values" JSONB,
    ALTER COLUMN "html" SET DEFAULT '',
    ALTER COLUMN "text" SET DEFAULT '',
    ADD CONSTRAINT "email_message_content_check" CHECK (
        ("template_id" IS NULL AND "template_values" IS NULL)
        OR ("template_id" IS NOT NULL AND jsonb_typeof("template_values") = 'array' AND "html" = '' AND "text" = '')
    );
