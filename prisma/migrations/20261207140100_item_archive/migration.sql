-- An archived item is no longer offered for new incentives; what already includes it keeps it.
ALTER TABLE "item" ADD COLUMN "archived_at" TIMESTAMPTZ(3);
