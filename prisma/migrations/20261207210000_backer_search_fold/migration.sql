-- The backer report's search ignores accents and letter case: "alvarez" finds "Álvarez",
-- "lukasz" finds "Łukasz", "bjorn" finds "Bjørn" (unaccent's default rules fold ł and ø too).
--
-- unaccent() is only STABLE (its dictionary could be reloaded), so it cannot appear in an index
-- expression. backer_search_fold names the dictionary explicitly and is declared IMMUTABLE, the
-- usual way to index it; the rules file ships with Postgres and does not change under a running
-- database. Accents are removed before lower(), because lower() under the C collation only
-- folds ASCII letters. The query's text goes through the same function, so both sides agree.
--
-- An expression index rather than a stored column kept up by the app: nothing can write a backer
-- without it (imports write set-based SQL), and schema.prisma stays as it is. Like the plain
-- trigram indexes they replace, these are absent from schema.prisma (see the first search
-- migration).
CREATE EXTENSION IF NOT EXISTS "unaccent";

CREATE FUNCTION backer_search_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

DROP INDEX "backer_name_trgm_idx";
DROP INDEX "backer_email_trgm_idx";

CREATE INDEX "backer_name_fold_trgm_idx" ON "backer" USING GIN (backer_search_fold("name") gin_trgm_ops);
CREATE INDEX "backer_email_fold_trgm_idx" ON "backer" USING GIN (backer_search_fold("email") gin_trgm_ops);
