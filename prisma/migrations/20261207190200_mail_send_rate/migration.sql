-- SMTP_RATE_PER_SECOND holds across every worker process: each send first reserves the next free
-- slot on this row (one UPDATE), so N workers together never exceed the provider's rate. A throttling
-- reply pushes the row's next slot later, which slows every worker at once.
CREATE TABLE "mail_send_rate" (
    "name" TEXT NOT NULL,
    "next_slot_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mail_send_rate_pkey" PRIMARY KEY ("name")
);
