import { AccessValue } from "@/components/digital-rewards/access-value";
import { InstructionsText } from "@/components/digital-rewards/instructions-text";
import { Card } from "@/components/ui/card";
import { listPledgeDigitalRewards } from "@/lib/digital-rewards/list-pledge-digital-rewards";
import { formatInZone } from "@/lib/projects/zoned-time";

/**
 * The digital rewards (codes or links, with instructions) of a pledge on its Backing details tab:
 * each with its code or link, a copy button and the creator's instructions. Renders nothing when
 * none were sent. The page has already checked that the viewer may see the pledge.
 */
export async function DigitalRewardsSection({
  pledgeId,
  timeZone,
}: {
  pledgeId: string;
  /** The project's zone: dates are on its calendar. */
  timeZone: string;
}) {
  const rewards = await listPledgeDigitalRewards(pledgeId);
  if (rewards.length === 0) return null;
  return (
    <Card title="Digital rewards" aria-label="Digital rewards">
      <ul className="divide-y divide-slate-100">
        {rewards.map((reward) => (
          <li key={reward.rewardId} className="py-4 first:pt-0 last:pb-0" data-testid="digital-reward">
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
              <h3 className="text-sm font-semibold text-slate-900">{reward.name}</h3>
              <p className="text-xs text-slate-500">
                Sent {formatInZone(reward.firstSentAt, timeZone, "date")}
                {reward.lastSentAt.getTime() - reward.firstSentAt.getTime() > 60_000 &&
                  `, again ${formatInZone(reward.lastSentAt, timeZone, "date")}`}
              </p>
            </div>
            <AccessValue value={reward.value} />
            <InstructionsText text={reward.instructions} className="mt-3" />
          </li>
        ))}
      </ul>
    </Card>
  );
}
