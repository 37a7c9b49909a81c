-- A backer report export of more than a page of rows runs as a job; the file it writes is kept in
-- rounds of bytes (each at most about a megabyte), so neither the worker writing it nor the web
-- process sending it ever holds the whole file. Rows are keyed by the attempt that wrote them: a
-- retry after a crash writes its own file, and only the attempt that finished is downloaded.
ALTER TYPE "ProjectJobKind" ADD VALUE 'BACKER_REPORT_EXPORT';

CREATE TABLE "project_job_output_chunk" (
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "project_job_output_chunk_pkey" PRIMARY KEY ("job_id", "attempt", "position")
);

ALTER TABLE "project_job_output_chunk" ADD CONSTRAINT "project_job_output_chunk_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "project_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;
