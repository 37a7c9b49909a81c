-- The backer report pages by keyset on (sort key, backer id). With the id inside the index, the
-- first page of "largest pledges first" is read straight off the index; without it Postgres must
-- sort every row sharing the top amount (tens of thousands when a tier has one price). Each index
-- replaces the shorter one it extends, which served only a prefix of the same queries.
DROP INDEX "pledge_project_id_pledged_at_idx";
DROP INDEX "pledge_project_id_status_idx";
DROP INDEX "pledge_project_id_amount_idx";
DROP INDEX "backer_project_id_name_idx";
DROP INDEX "backer_project_id_country_idx";

CREATE INDEX "pledge_project_id_pledged_at_backer_id_idx" ON "pledge"("project_id", "pledged_at", "backer_id");
CREATE INDEX "pledge_project_id_status_backer_id_idx" ON "pledge"("project_id", "status", "backer_id");
CREATE INDEX "pledge_project_id_amount_backer_id_idx" ON "pledge"("project_id", "amount", "backer_id");
CREATE INDEX "backer_project_id_name_id_idx" ON "backer"("project_id", "name", "id");
CREATE INDEX "backer_project_id_country_id_idx" ON "backer"("project_id", "country", "id");
