-- Each mail worker process writes its row every few seconds; /api/health/ready reports how long ago
-- the freshest one did, so an operator learns that no worker is delivering before backers notice.
CREATE TABLE "worker_heartbeat" (
    "worker_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "worker_heartbeat_pkey" PRIMARY KEY ("worker_id")
);

CREATE INDEX "worker_heartbeat_kind_beat_at_idx" ON "worker_heartbeat"("kind", "beat_at");
