-- Initial schema. Hand-written in Prisma's style (see prisma/schema.prisma for the why of each
-- table); tests/integration/schema-drift.test.ts keeps the two in agreement.

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('KICKSTARTER', 'INDIEGOGO', 'BACKERKIT', 'GAMEFOUND', 'OTHER');
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'COLLABORATOR');
CREATE TYPE "PledgeLevelKind" AS ENUM ('PHYSICAL', 'DIGITAL', 'NO_REWARD');
CREATE TYPE "PledgeStatus" AS ENUM ('COLLECTED', 'ERRORED', 'FAILED', 'DROPPED', 'REFUNDED');
CREATE TYPE "CartLineSource" AS ENUM ('PLEDGE_LEVEL', 'ADD_ON', 'INCENTIVE');
CREATE TYPE "DigitalRewardKind" AS ENUM ('UNIQUE', 'SHARED');
CREATE TYPE "SegmentKind" AS ENUM ('FILTER', 'STATIC');
CREATE TYPE "ContactListKind" AS ENUM ('LANDING_PAGE_LEADS', 'EMAIL_CAMPAIGN', 'PARTNER_PROJECT', 'OTHER');
CREATE TYPE "IncentiveKind" AS ENUM ('CREDIT', 'ITEM');
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');
CREATE TYPE "ImportKind" AS ENUM ('BACKERS', 'TRACKING', 'DIGITAL_CODES', 'CONTACTS');
CREATE TYPE "ImportStatus" AS ENUM ('PREVIEWED', 'APPLIED', 'REJECTED');

-- CreateTable
CREATE TABLE "user" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "user_email_lower_check" CHECK ("email" = lower(btrim("email")))
);

CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "token" TEXT NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "account" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "verification_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rate_limit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_request" BIGINT NOT NULL,
    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "project" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "platform" "Platform" NOT NULL DEFAULT 'KICKSTARTER',
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "launched_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "early_bird_hours" INTEGER NOT NULL DEFAULT 48,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "membership" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'OWNER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "pledge_level" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "external_id" TEXT,
    "price" INTEGER NOT NULL DEFAULT 0,
    "kind" "PledgeLevelKind" NOT NULL DEFAULT 'PHYSICAL',
    "collects_shipping_address" BOOLEAN NOT NULL DEFAULT true,
    "weight_based_shipping" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pledge_level_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sku" TEXT,
    "external_id" TEXT,
    "physical" BOOLEAN NOT NULL DEFAULT true,
    "is_add_on" BOOLEAN NOT NULL DEFAULT false,
    "weight_grams" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "item_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "item_option" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "item_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "item_option_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "pledge_level_item" (
    "pledge_level_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "pledge_level_item_pkey" PRIMARY KEY ("pledge_level_id","item_id")
);

CREATE TABLE "backer" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "backer_number" INTEGER,
    "platform_uid" TEXT,
    "country" VARCHAR(2),
    "shipping_name" TEXT,
    "shipping_address_1" TEXT,
    "shipping_address_2" TEXT,
    "shipping_city" TEXT,
    "shipping_state" TEXT,
    "shipping_postal_code" TEXT,
    "shipping_country_name" TEXT,
    "shipping_phone" TEXT,
    "shipping_delivery_notes" TEXT,
    "notes" TEXT,
    "survey_response" TEXT,
    "marked_returning" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "backer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "backer_email_lower_check" CHECK ("email" = lower(btrim("email")))
);

CREATE TABLE "pledge" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "backer_id" UUID NOT NULL,
    "pledge_level_id" UUID,
    "amount" INTEGER NOT NULL,
    "shipping_amount" INTEGER NOT NULL DEFAULT 0,
    "bonus_amount" INTEGER NOT NULL DEFAULT 0,
    "pledged_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "PledgeStatus" NOT NULL DEFAULT 'COLLECTED',
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rewards_sent" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "cart_line" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pledge_id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "item_option_id" UUID,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "unit_price" INTEGER NOT NULL DEFAULT 0,
    "source" "CartLineSource" NOT NULL,
    "incentive_grant_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "cart_line_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "credit_entry" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "pledge_id" UUID NOT NULL,
    "amount" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "incentive_grant_id" UUID,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "credit_entry_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "shipment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "pledge_id" UUID NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "carrier" TEXT,
    "tracking_url" TEXT,
    "package_label" TEXT,
    "shipped_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_at" TIMESTAMPTZ(3),
    "superseded_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "digital_reward" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DigitalRewardKind" NOT NULL,
    "shared_value" TEXT,
    "instructions" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "digital_reward_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "digital_code" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "digital_reward_id" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "pledge_id" UUID,
    "assigned_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "digital_code_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "digital_reward_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "digital_reward_id" UUID NOT NULL,
    "pledge_id" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "send_count" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "digital_reward_delivery_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segment" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SegmentKind" NOT NULL,
    "filter" JSONB,
    "system_key" TEXT,
    "description" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segment_member" (
    "segment_id" UUID NOT NULL,
    "backer_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "segment_member_pkey" PRIMARY KEY ("segment_id","backer_id")
);

CREATE TABLE "segment_dependency" (
    "segment_id" UUID NOT NULL,
    "depends_on_id" UUID NOT NULL,
    CONSTRAINT "segment_dependency_pkey" PRIMARY KEY ("segment_id","depends_on_id")
);

CREATE TABLE "contact_list" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ContactListKind" NOT NULL,
    "file_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contact_list_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "contact_list_entry" (
    "contact_list_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    CONSTRAINT "contact_list_entry_pkey" PRIMARY KEY ("contact_list_id","email"),
    CONSTRAINT "contact_list_entry_email_lower_check" CHECK ("email" = lower(btrim("email")))
);

CREATE TABLE "incentive" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "IncentiveKind" NOT NULL,
    "credit_amount" INTEGER,
    "item_id" UUID,
    "item_option_id" UUID,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "segment_id" UUID,
    "segment_snapshot" JSONB,
    "exclusions" JSONB,
    "notify_backers" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMPTZ(3),
    "undone_by_id" TEXT,
    CONSTRAINT "incentive_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "incentive_grant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "incentive_id" UUID NOT NULL,
    "pledge_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undone_at" TIMESTAMPTZ(3),
    CONSTRAINT "incentive_grant_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "email_message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID,
    "to_email" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "transport" TEXT,
    "smtp_message_id" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_message_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "email_message_to_email_lower_check" CHECK ("to_email" = lower(btrim("to_email")))
);

CREATE TABLE "import" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'PREVIEWED',
    "file_name" TEXT NOT NULL,
    "file_hash" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    CONSTRAINT "import_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_count" INTEGER NOT NULL DEFAULT 0,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_email_key" ON "user"("email");
CREATE UNIQUE INDEX "session_token_key" ON "session"("token");
CREATE INDEX "session_user_id_idx" ON "session"("user_id");
CREATE INDEX "account_user_id_idx" ON "account"("user_id");
CREATE INDEX "verification_identifier_idx" ON "verification"("identifier");
CREATE UNIQUE INDEX "rate_limit_key_key" ON "rate_limit"("key");
CREATE UNIQUE INDEX "membership_project_id_user_id_key" ON "membership"("project_id", "user_id");
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");
CREATE UNIQUE INDEX "pledge_level_project_id_name_key" ON "pledge_level"("project_id", "name");
CREATE UNIQUE INDEX "pledge_level_project_id_external_id_key" ON "pledge_level"("project_id", "external_id");
CREATE UNIQUE INDEX "item_project_id_name_key" ON "item"("project_id", "name");
CREATE UNIQUE INDEX "item_project_id_external_id_key" ON "item"("project_id", "external_id");
CREATE UNIQUE INDEX "item_option_item_id_name_key" ON "item_option"("item_id", "name");
CREATE INDEX "pledge_level_item_item_id_idx" ON "pledge_level_item"("item_id");
CREATE UNIQUE INDEX "backer_project_id_email_key" ON "backer"("project_id", "email");
CREATE UNIQUE INDEX "backer_project_id_backer_number_key" ON "backer"("project_id", "backer_number");
CREATE UNIQUE INDEX "backer_project_id_platform_uid_key" ON "backer"("project_id", "platform_uid");
CREATE INDEX "backer_email_idx" ON "backer"("email");
CREATE INDEX "backer_project_id_name_idx" ON "backer"("project_id", "name");
CREATE INDEX "backer_project_id_country_idx" ON "backer"("project_id", "country");
CREATE UNIQUE INDEX "pledge_backer_id_key" ON "pledge"("backer_id");
CREATE INDEX "pledge_project_id_pledged_at_idx" ON "pledge"("project_id", "pledged_at");
CREATE INDEX "pledge_project_id_status_idx" ON "pledge"("project_id", "status");
CREATE INDEX "pledge_project_id_pledge_level_id_idx" ON "pledge"("project_id", "pledge_level_id");
CREATE INDEX "pledge_project_id_amount_idx" ON "pledge"("project_id", "amount");
CREATE INDEX "cart_line_pledge_id_idx" ON "cart_line"("pledge_id");
CREATE INDEX "cart_line_item_id_idx" ON "cart_line"("item_id");
CREATE INDEX "cart_line_incentive_grant_id_idx" ON "cart_line"("incentive_grant_id");
CREATE INDEX "credit_entry_pledge_id_idx" ON "credit_entry"("pledge_id");
CREATE INDEX "credit_entry_incentive_grant_id_idx" ON "credit_entry"("incentive_grant_id");
CREATE INDEX "shipment_pledge_id_idx" ON "shipment"("pledge_id");
CREATE INDEX "shipment_project_id_tracking_number_idx" ON "shipment"("project_id", "tracking_number");
CREATE UNIQUE INDEX "digital_reward_project_id_name_key" ON "digital_reward"("project_id", "name");
CREATE UNIQUE INDEX "digital_code_digital_reward_id_value_key" ON "digital_code"("digital_reward_id", "value");
CREATE UNIQUE INDEX "digital_code_digital_reward_id_pledge_id_key" ON "digital_code"("digital_reward_id", "pledge_id");
CREATE INDEX "digital_code_pledge_id_idx" ON "digital_code"("pledge_id");
CREATE UNIQUE INDEX "digital_reward_delivery_digital_reward_id_pledge_id_key" ON "digital_reward_delivery"("digital_reward_id", "pledge_id");
CREATE INDEX "digital_reward_delivery_pledge_id_idx" ON "digital_reward_delivery"("pledge_id");
CREATE UNIQUE INDEX "segment_project_id_name_key" ON "segment"("project_id", "name");
CREATE UNIQUE INDEX "segment_project_id_system_key_key" ON "segment"("project_id", "system_key");
CREATE INDEX "segment_member_backer_id_idx" ON "segment_member"("backer_id");
CREATE INDEX "segment_dependency_depends_on_id_idx" ON "segment_dependency"("depends_on_id");
CREATE UNIQUE INDEX "contact_list_project_id_name_key" ON "contact_list"("project_id", "name");
CREATE INDEX "contact_list_entry_email_idx" ON "contact_list_entry"("email");
CREATE INDEX "incentive_project_id_idx" ON "incentive"("project_id");
CREATE UNIQUE INDEX "incentive_grant_incentive_id_pledge_id_key" ON "incentive_grant"("incentive_id", "pledge_id");
CREATE INDEX "incentive_grant_pledge_id_idx" ON "incentive_grant"("pledge_id");
CREATE UNIQUE INDEX "email_message_idempotency_key_key" ON "email_message"("idempotency_key");
CREATE INDEX "email_message_status_next_attempt_at_idx" ON "email_message"("status", "next_attempt_at");
CREATE INDEX "email_message_project_id_created_at_idx" ON "email_message"("project_id", "created_at");
CREATE INDEX "email_message_to_email_idx" ON "email_message"("to_email");
CREATE INDEX "import_project_id_created_at_idx" ON "import"("project_id", "created_at");
CREATE INDEX "audit_event_project_id_created_at_idx" ON "audit_event"("project_id", "created_at");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge_level" ADD CONSTRAINT "pledge_level_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "item" ADD CONSTRAINT "item_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "item_option" ADD CONSTRAINT "item_option_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge_level_item" ADD CONSTRAINT "pledge_level_item_pledge_level_id_fkey" FOREIGN KEY ("pledge_level_id") REFERENCES "pledge_level"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge_level_item" ADD CONSTRAINT "pledge_level_item_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "backer" ADD CONSTRAINT "backer_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_backer_id_fkey" FOREIGN KEY ("backer_id") REFERENCES "backer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pledge" ADD CONSTRAINT "pledge_pledge_level_id_fkey" FOREIGN KEY ("pledge_level_id") REFERENCES "pledge_level"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "cart_line" ADD CONSTRAINT "cart_line_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cart_line" ADD CONSTRAINT "cart_line_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cart_line" ADD CONSTRAINT "cart_line_item_option_id_fkey" FOREIGN KEY ("item_option_id") REFERENCES "item_option"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "cart_line" ADD CONSTRAINT "cart_line_incentive_grant_id_fkey" FOREIGN KEY ("incentive_grant_id") REFERENCES "incentive_grant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "credit_entry" ADD CONSTRAINT "credit_entry_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "credit_entry" ADD CONSTRAINT "credit_entry_incentive_grant_id_fkey" FOREIGN KEY ("incentive_grant_id") REFERENCES "incentive_grant"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "shipment" ADD CONSTRAINT "shipment_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "digital_reward" ADD CONSTRAINT "digital_reward_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "digital_code" ADD CONSTRAINT "digital_code_digital_reward_id_fkey" FOREIGN KEY ("digital_reward_id") REFERENCES "digital_reward"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "digital_code" ADD CONSTRAINT "digital_code_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "digital_reward_delivery" ADD CONSTRAINT "digital_reward_delivery_digital_reward_id_fkey" FOREIGN KEY ("digital_reward_id") REFERENCES "digital_reward"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "digital_reward_delivery" ADD CONSTRAINT "digital_reward_delivery_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment" ADD CONSTRAINT "segment_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_member" ADD CONSTRAINT "segment_member_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_member" ADD CONSTRAINT "segment_member_backer_id_fkey" FOREIGN KEY ("backer_id") REFERENCES "backer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_dependency" ADD CONSTRAINT "segment_dependency_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "segment_dependency" ADD CONSTRAINT "segment_dependency_depends_on_id_fkey" FOREIGN KEY ("depends_on_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "contact_list" ADD CONSTRAINT "contact_list_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_list_entry" ADD CONSTRAINT "contact_list_entry_contact_list_id_fkey" FOREIGN KEY ("contact_list_id") REFERENCES "contact_list"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incentive" ADD CONSTRAINT "incentive_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incentive" ADD CONSTRAINT "incentive_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "incentive" ADD CONSTRAINT "incentive_item_option_id_fkey" FOREIGN KEY ("item_option_id") REFERENCES "item_option"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "incentive" ADD CONSTRAINT "incentive_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "incentive_grant" ADD CONSTRAINT "incentive_grant_incentive_id_fkey" FOREIGN KEY ("incentive_id") REFERENCES "incentive"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incentive_grant" ADD CONSTRAINT "incentive_grant_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "import" ADD CONSTRAINT "import_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
