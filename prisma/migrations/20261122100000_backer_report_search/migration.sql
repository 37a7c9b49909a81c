-- The backer report searches names and emails by substring ("contains"), which a b-tree cannot
-- serve: at 250,000 backers a sequential scan with ILIKE costs hundreds of milliseconds per
-- keystroke. Trigram GIN indexes answer `ILIKE '%…%'` from the index.
--
-- These are hand-written on purpose and absent from schema.prisma: Prisma cannot describe an
-- operator-class GIN index in a way the schema drift test could compare, and the drift test only
-- compares plain b-tree column indexes, so leaving them out of schema.prisma keeps both sides equal.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

CREATE INDEX "backer_name_trgm_idx" ON "backer" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "backer_email_trgm_idx" ON "backer" USING GIN ("email" gin_trgm_ops);
