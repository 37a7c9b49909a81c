import type { PledgeLevelKindValue } from "@/lib/backers/import/suggest-pledge-level-kind";

/** A pledge level's kind in the words creators know from the reference tools. */
export const PLEDGE_LEVEL_KIND_LABELS: Record<PledgeLevelKindValue, string> = {
  PHYSICAL: "Physical",
  DIGITAL: "Digital only",
  NO_REWARD: "No reward",
};
