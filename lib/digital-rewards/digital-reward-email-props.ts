import type { DigitalRewardEmailProps } from "@/emails/digital-reward-email";
import { linkInstructions } from "./link-instructions";
import { isHttpUrl } from "./validate-access-value";

/**
 * The email of one recipient. Instructions are split into links once per send by the caller
 * (`linkInstructions`), so every row of a bulk send shares them and renders from one template.
 */
export function digitalRewardEmailProps(input: {
  projectName: string;
  rewardName: string;
  backerName: string;
  value: string;
  instructions: ReturnType<typeof linkInstructions>;
  appUrl: string;
  pledgeId: string;
}): DigitalRewardEmailProps {
  return {
    projectName: input.projectName,
    rewardName: input.rewardName,
    backerName: input.backerName,
    value: input.value,
    valueIsUrl: isHttpUrl(input.value),
    instructions: input.instructions,
    detailsUrl: `${input.appUrl.replace(/\/$/, "")}/pledges/${input.pledgeId}/backing-details`,
  };
}
