-- Codes that differ only in letter case count as one code unless the creator says otherwise.
ALTER TABLE "digital_reward" ADD COLUMN "codes_case_sensitive" BOOLEAN NOT NULL DEFAULT false;
