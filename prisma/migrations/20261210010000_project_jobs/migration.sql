-- Bulk actions run as jobs in the worker (graphile_worker carries only the job's id; its own schema
-- is installed by the migrator after these files). This row is what the creator sees of a job.
CREATE TYPE "ProjectJobKind" AS ENUM ('TRACKING_APPLY', 'INCENTIVE_APPLY', 'INCENTIVE_UNDO', 'DIGITAL_REWARD_SEND', 'BACKER_IMPORT');
CREATE TYPE "ProjectJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

CREATE TABLE "project_job" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "project_id" UUID NOT NULL,
    "kind" "ProjectJobKind" NOT NULL,
    "status" "ProjectJobStatus" NOT NULL DEFAULT 'QUEUED',
    "title" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "step" TEXT,
    "percent" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_job_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "project_job_percent_check" CHECK ("percent" BETWEEN 0 AND 100)
);

CREATE INDEX "project_job_project_id_created_at_idx" ON "project_job"("project_id", "created_at");
CREATE INDEX "project_job_project_id_status_idx" ON "project_job"("project_id", "status");
ALTER TABLE "project_job" ADD CONSTRAINT "project_job_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The uploaded bytes a job reads (up to the upload limit), deleted after the retention period.
CREATE TABLE "project_job_upload" (
    "job_id" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_job_upload_pkey" PRIMARY KEY ("job_id")
);

CREATE INDEX "project_job_upload_created_at_idx" ON "project_job_upload"("created_at");
ALTER TABLE "project_job_upload" ADD CONSTRAINT "project_job_upload_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "project_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
