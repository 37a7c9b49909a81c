import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { EXCLUDED_STATUSES, type DigitalRewardSendExclusions } from "./send-exclusions";

/**
 * `FROM … WHERE …` of a send's recipients (aliases `b` backer, `p` pledge): the selected backers
 * with a pledge that has not received the reward and is not left out by an enabled exclusion.
 * The plan counts and samples them and the send stages them from this one text, so the preview
 * and the send cannot disagree on who is a recipient. Order them by RECIPIENT_ORDER_SQL.
 */
export function sendRecipientsSql(
  rewardId: string,
  selected: Prisma.Sql,
  exclusions: DigitalRewardSendExclusions,
): Prisma.Sql {
  const excluded = (Object.keys(EXCLUDED_STATUSES) as (keyof DigitalRewardSendExclusions)[])
    .filter((key) => exclusions[key])
    .flatMap((key) => EXCLUDED_STATUSES[key]);
  return Prisma.sql`
    FROM backer b
    JOIN pledge p ON p.backer_id = b.id
    WHERE ${selected}
      AND NOT EXISTS (SELECT 1 FROM digital_reward_delivery d WHERE d.pledge_id = p.id AND d.digital_reward_id = ${rewardId}::uuid)
      AND NOT (p.status::text = ANY(${excluded}::text[]))`;
}

/** Recipients are served in backer-number order: the first code goes to the lowest backer number. */
export const RECIPIENT_ORDER_SQL = Prisma.sql`b.backer_number NULLS LAST, b.id`;
