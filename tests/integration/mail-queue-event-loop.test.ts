import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { queueEmails } from "@/lib/mail/queue-emails";
import { betterLagOfTwo } from "../support/event-loop-lag";

const RECIPIENTS = 60_000;
// The worst stall as a multiple of a reference stretch timed in the same run (support/event-loop-lag),
// so a loaded machine raises both. Seen on the shared 2-core machine with a Next build beside it:
// 2.2–6.0 with time slicing, 4.3–13 without (each 5,000-message chunk prepared in one go). One
// attempt cannot tell them apart under load; a stall from another process is a one-off, while work
// that does not give way stalls every time, so the better of two attempts is bounded.
const MAX_LAG_RATIO = 4;

function trackingEmails(attempt: number) {
  return Array.from({ length: RECIPIENTS }, (_, index) => ({
    to: `backer${index + 1}@example.com`,
    idempotencyKey: `tracking:${attempt}:${index + 1}`,
    props: {
      projectName: "Tiny Forest",
      backerName: `Backer ${index + 1}`,
      trackingNumber: `1Z999AA1${String(index).padStart(10, "0")}`,
      carrier: "UPS",
      trackingUrl: `https://www.ups.com/track?tracknum=1Z999AA1${String(index).padStart(10, "0")}`,
      pledgeUrl: `http://localhost:3000/pledges/${index + 1}/backing-details`,
      shippedOn: "Nov 23, 2026",
      otherPackages: "",
    },
  }));
}

describe("queueing a bulk email shares the event loop", () => {
  it("keeps other timers running while 60,000 tracking emails are prepared and stored", async () => {
    let attempts = 0;
    const lag = await betterLagOfTwo(MAX_LAG_RATIO, async (attempt) => {
      attempts = attempt;
      const rows = trackingEmails(attempt);
      const { created } = await prisma.$transaction((tx) => queueEmails(tx, "tracking-shipped", rows), { timeout: 120_000 });
      expect(created).toBe(RECIPIENTS);
    });
    console.log(`mail-queue lag: ${lag.summary}`);
    expect(await prisma.emailMessage.count({ where: { kind: "tracking-shipped", status: "QUEUED" } })).toBe(RECIPIENTS * attempts);
    expect(lag.ratio, lag.summary).toBeLessThan(MAX_LAG_RATIO);
  });
});
