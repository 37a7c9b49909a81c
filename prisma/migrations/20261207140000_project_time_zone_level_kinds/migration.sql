-- The campaign's IANA time zone: launch and end are entered and shown in it; stored values stay UTC.
ALTER TABLE "project" ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- Whether a creator has confirmed a pledge level's kind. Levels imported before kinds were suggested
-- were all stored as PHYSICAL by default, so existing levels start unconfirmed.
ALTER TABLE "pledge_level" ADD COLUMN "kind_confirmed" BOOLEAN NOT NULL DEFAULT false;
