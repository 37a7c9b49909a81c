import "server-only";
import { prisma } from "@/lib/db/client";

export type DigitalRewardDeliveryRow = {
  backerId: string;
  pledgeId: string;
  backerName: string;
  email: string;
  backerNumber: number | null;
  value: string;
  sendCount: number;
  lastSentAt: Date;
};

/** The most recent deliveries of a reward (who got which code), newest first. */
export async function listDigitalRewardDeliveries(rewardId: string, limit = 50): Promise<DigitalRewardDeliveryRow[]> {
  const rows = await prisma.$queryRaw<
    {
      backer_id: string;
      pledge_id: string;
      name: string;
      email: string;
      backer_number: number | null;
      value: string;
      send_count: number;
      last_sent_at: Date;
    }[]
  >`
    SELECT b.id AS backer_id, p.id AS pledge_id, b.name, b.email, b.backer_number, d.value, d.send_count, d.last_sent_at
    FROM digital_reward_delivery d
    JOIN pledge p ON p.id = d.pledge_id
    JOIN backer b ON b.id = p.backer_id
    WHERE d.digital_reward_id = ${rewardId}::uuid
    ORDER BY d.last_sent_at DESC, d.id
    LIMIT ${limit}`;
  return rows.map((row) => ({
    backerId: row.backer_id,
    pledgeId: row.pledge_id,
    backerName: row.name,
    email: row.email,
    backerNumber: row.backer_number,
    value: row.value,
    sendCount: row.send_count,
    lastSentAt: row.last_sent_at,
  }));
}
