import "server-only";
import {
  planDigitalRewardSend,
  type DigitalRewardSendPlan,
  type DigitalRewardSendRequest,
} from "./plan-digital-reward-send";

export type DigitalRewardSendPreview = {
  rewardName: string;
  kind: "UNIQUE" | "SHARED";
  selectedCount: number;
  recipientCount: number;
  skippedCount: number;
  /** Up to 10 names (or emails) of skipped backers. */
  skippedNames: string[];
  withoutPledgeCount: number;
  exclusions: DigitalRewardSendPlan["exclusions"];
  excludedCount: number;
  codesGiven: number | null;
  bankLeft: number | null;
  /** The first recipients and what each gets. */
  sample: { name: string; email: string; value: string }[];
  problems: string[];
};

const SAMPLE_SIZE = 5;

/** What a send would do, without writing anything: recipients, skipped backers, the first pairs, problems. */
export async function previewDigitalRewardSend(request: DigitalRewardSendRequest): Promise<DigitalRewardSendPreview> {
  const plan = await planDigitalRewardSend(request, { sampleSize: SAMPLE_SIZE });
  return {
    rewardName: plan.reward.name,
    kind: plan.reward.kind,
    selectedCount: plan.selectedCount,
    recipientCount: plan.recipientCount,
    skippedCount: plan.skipped.count,
    skippedNames: plan.skipped.names,
    withoutPledgeCount: plan.withoutPledgeCount,
    exclusions: plan.exclusions,
    excludedCount: plan.excludedCount,
    codesGiven: plan.codesGiven,
    bankLeft: plan.bankLeft,
    sample: plan.sample,
    problems: plan.problems,
  };
}
