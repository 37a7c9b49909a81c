-- A segment's "SKU per Column" export of more than a page of backers runs as a job, writing its
-- file into project_job_output_chunk like the backer report export.
ALTER TYPE "ProjectJobKind" ADD VALUE 'SEGMENT_SKU_EXPORT';
