-- A job may read several uploaded files (a backer import of several CSVs): each has its position.
ALTER TABLE "project_job_upload" ADD COLUMN "position" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "project_job_upload" DROP CONSTRAINT "project_job_upload_pkey";
ALTER TABLE "project_job_upload" ADD CONSTRAINT "project_job_upload_pkey" PRIMARY KEY ("job_id", "position");
