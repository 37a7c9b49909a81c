-- Who may create projects, and how much mail a project may send, so an open instance is not a
-- free bulk mailer: anyone could sign in, create a project, import any addresses and mail them
-- from the instance's address.
CREATE TYPE "ProjectCreationPolicy" AS ENUM ('EVERYONE', 'ALLOWLIST', 'INVITED');

-- One row at most (id 1); without it the defaults apply: only instance admins (the first account
-- included) and the addresses they invite may create projects.
CREATE TABLE "instance_setting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "project_creation" "ProjectCreationPolicy" NOT NULL DEFAULT 'INVITED',
    "creator_allowlist" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "instance_setting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "instance_setting_single_row" CHECK ("id" = 1)
);

ALTER TABLE "user" ADD COLUMN "is_instance_admin" BOOLEAN NOT NULL DEFAULT false;

-- New projects may queue 1,000 emails in any 24 hours until an instance admin raises it. Projects
-- that exist already keep sending as before (no limit): an upgrade must not stop a running
-- fulfilment; an admin can set one.
ALTER TABLE "project" ADD COLUMN "daily_email_allowance" INTEGER DEFAULT 1000;
UPDATE "project" SET "daily_email_allowance" = NULL;
ALTER TABLE "project" ADD CONSTRAINT "project_daily_email_allowance_check" CHECK ("daily_email_allowance" IS NULL OR "daily_email_allowance" >= 0);
