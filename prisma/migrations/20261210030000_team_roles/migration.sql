-- Viewers read a project and change nothing; invitations bring people into a project's team.
ALTER TYPE "MemberRole" ADD VALUE 'VIEWER';

CREATE TABLE "project_invitation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "project_id" UUID NOT NULL,
  "email" TEXT NOT NULL,
  "role" "MemberRole" NOT NULL,
  "token_hash" TEXT NOT NULL,
  "invited_by_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "accepted_at" TIMESTAMPTZ(3),
  "accepted_by_id" TEXT,
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "project_invitation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "project_invitation_email_normalised" CHECK ("email" = lower(btrim("email")))
);

CREATE UNIQUE INDEX "project_invitation_token_hash_key" ON "project_invitation"("token_hash");
CREATE INDEX "project_invitation_project_id_created_at_idx" ON "project_invitation"("project_id", "created_at");

ALTER TABLE "project_invitation" ADD CONSTRAINT "project_invitation_project_id_fkey"
  FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
