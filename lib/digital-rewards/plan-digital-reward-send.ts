import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import { prisma, type Tx } from "@/lib/db/client";
import { backerSelectionWhereSqlOrThrow, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { codeListProblems, describeCodeCountMismatch, type CodeList } from "./parse-code-list";
import { findCodesAlreadyGiven } from "./find-codes-already-given";
import { getDigitalRewardOrThrow, type DigitalRewardRecord } from "./get-digital-reward-or-throw";
import {
  DEFAULT_SEND_EXCLUSIONS,
  EXCLUDED_STATUSES,
  SEND_EXCLUSION_LABELS,
  type DigitalRewardSendExclusionKey,
  type DigitalRewardSendExclusions,
} from "./send-exclusions";
import { RECIPIENT_ORDER_SQL, sendRecipientsSql } from "./send-recipients-sql";
import { validateAccessValue } from "./validate-access-value";

/** Where the codes of a send come from. */
export type DigitalRewardCodes =
  { source: "list"; list: CodeList } | { source: "bank" } | { source: "shared"; value: string };

export type DigitalRewardSendRequest = {
  projectId: string;
  rewardId: string;
  selection: BackerSelection;
  codes: DigitalRewardCodes;
  /** Omitted: DEFAULT_SEND_EXCLUSIONS. */
  exclusions?: DigitalRewardSendExclusions;
};

export type DigitalRewardSendPlan = {
  reward: DigitalRewardRecord;
  /** The selection as SQL (aliases `b`, `p`), resolved in the plan's `db`, for the send to stage its recipients. */
  selected: Prisma.Sql;
  selectedCount: number;
  /** Who gets the reward now (see sendRecipientsSql); counted, never read row by row. */
  recipientCount: number;
  /** The first recipients (in backer-number order, up to `sampleSize`) and what each gets; empty while there are problems. */
  sample: { name: string; email: string; value: string }[];
  /** The one value every recipient gets, for a shared reward without problems. */
  sharedValue: string | null;
  /** Selected backers who already received this reward: they are not sent a second one. */
  skipped: { count: number; names: string[] };
  /** Selected backers without a pledge (nothing to attach a reward to). */
  withoutPledgeCount: number;
  /**
   * Each exclusion with how many selected pledges (not sent this reward yet) it matches, and
   * whether it is on; `excludedCount` is how many of them the send skips.
   */
  exclusions: { key: DigitalRewardSendExclusionKey; label: string; count: number; enabled: boolean }[];
  excludedCount: number;
  /** Unused codes in the bank (unique rewards). */
  bankLeft: number | null;
  /** How many codes the person gave (pasted or uploaded), duplicates included. */
  codesGiven: number | null;
  /** What stops the send, each with what to do. Empty: ready to send. */
  problems: string[];
};

const NAME_SAMPLE = 10;
const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/**
 * Works out a send without writing and without reading the recipients one by one (a send reaches
 * 100,000 backers; the counts are aggregates in Postgres): who is selected, who already has this
 * reward (skipped), who is excluded, how many recipients remain, the first `sampleSize` of them
 * with their values, and every problem (code count, codes already in use, a bank that cannot
 * cover the selection). The send (applyDigitalRewardSend) pairs recipients with codes itself.
 */
export async function planDigitalRewardSend(
  request: DigitalRewardSendRequest,
  { db = prisma, sampleSize = 0 }: { db?: Tx | typeof prisma; sampleSize?: number } = {},
): Promise<DigitalRewardSendPlan> {
  const reward = await getDigitalRewardOrThrow(request.projectId, request.rewardId, db);
  const selected = await backerSelectionWhereSqlOrThrow(request.projectId, request.selection, db);
  const exclusions = request.exclusions ?? DEFAULT_SEND_EXCLUSIONS;
  const [counts] = await db.$queryRaw<
    { selected: number; without_pledge: number; skipped: number; failed_payments: number; dropped_pledges: number }[]
  >`
    SELECT count(*)::int AS selected,
           count(*) FILTER (WHERE p.id IS NULL)::int AS without_pledge,
           count(*) FILTER (WHERE d.id IS NOT NULL)::int AS skipped,
           count(*) FILTER (WHERE d.id IS NULL AND p.status::text = ANY(${EXCLUDED_STATUSES.failedPayments}::text[]))::int AS failed_payments,
           count(*) FILTER (WHERE d.id IS NULL AND p.status::text = ANY(${EXCLUDED_STATUSES.droppedPledges}::text[]))::int AS dropped_pledges
    FROM backer b
    LEFT JOIN pledge p ON p.backer_id = b.id
    LEFT JOIN digital_reward_delivery d ON d.pledge_id = p.id AND d.digital_reward_id = ${reward.id}::uuid
    WHERE ${selected}`;
  const exclusionKeys = Object.keys(SEND_EXCLUSION_LABELS) as DigitalRewardSendExclusionKey[];
  const exclusionCounts = { failedPayments: counts.failed_payments, droppedPledges: counts.dropped_pledges };
  const excludedCount = exclusionKeys.reduce((sum, key) => sum + (exclusions[key] ? exclusionCounts[key] : 0), 0);
  const skippedCount = counts.skipped;
  const skippedNames =
    skippedCount === 0
      ? []
      : (
          await db.$queryRaw<{ name: string }[]>`
            SELECT coalesce(nullif(b.name, ''), b.email) AS name
            FROM backer b
            JOIN pledge p ON p.backer_id = b.id
            JOIN digital_reward_delivery d ON d.pledge_id = p.id AND d.digital_reward_id = ${reward.id}::uuid
            WHERE ${selected}
            ORDER BY ${RECIPIENT_ORDER_SQL}
            LIMIT ${NAME_SAMPLE}`
        ).map((row) => row.name);
  const withoutPledgeCount = counts.without_pledge;
  const recipientCount = counts.selected - withoutPledgeCount - skippedCount - excludedCount;

  const plan: DigitalRewardSendPlan = {
    reward,
    selected,
    selectedCount: counts.selected,
    recipientCount,
    sample: [],
    sharedValue: null,
    skipped: { count: skippedCount, names: skippedNames },
    withoutPledgeCount,
    exclusions: exclusionKeys.map((key) => ({
      key,
      label: SEND_EXCLUSION_LABELS[key],
      count: exclusionCounts[key],
      enabled: exclusions[key],
    })),
    excludedCount,
    bankLeft: null,
    codesGiven: null,
    problems: [],
  };
  const { problems } = plan;
  // The first recipients with the values they would get, once the plan has no problems.
  const fillSample = async (values: (index: number) => string) => {
    if (sampleSize <= 0 || problems.length > 0 || recipientCount === 0) return;
    const first = await db.$queryRaw<{ name: string; email: string }[]>`
      SELECT b.name, b.email ${sendRecipientsSql(reward.id, selected, exclusions)}
      ORDER BY ${RECIPIENT_ORDER_SQL}
      LIMIT ${sampleSize}`;
    plan.sample = first.map((recipient, index) => ({ ...recipient, value: values(index) }));
  };

  if (counts.selected === 0) {
    problems.push(
      "None of the selected backers are in this project any more. Reload the backer report and select again.",
    );
    return plan;
  }
  if (recipientCount === 0) {
    problems.push(
      excludedCount > 0
        ? `Every selected backer who has not received “${reward.name}” yet is excluded (${count(excludedCount, "pledge", "pledges")} with a failed, errored, dropped or refunded payment), so there is nobody to send it to. Turn an exclusion off to send to them anyway.`
        : skippedCount > 0
          ? `All ${count(skippedCount, "selected backer", "selected backers")} already received “${reward.name}”, so there is nobody to send it to. To send a backer their code again, use “Send digital reward” in their row menu and choose Re-send.`
          : `None of the selected backers has a pledge, so there is nothing to attach “${reward.name}” to.`,
    );
  }

  if (reward.kind === "SHARED") {
    if (request.codes.source !== "shared") {
      problems.push(
        `“${reward.name}” is a shared access code reward: paste the one code or URL that every selected backer gets.`,
      );
      return plan;
    }
    const check = validateAccessValue(request.codes.value, "The shared access code");
    if (!check.ok) problems.push(check.message);
    else if (problems.length === 0) {
      plan.sharedValue = check.value;
      await fillSample(() => check.value);
    }
    return plan;
  }

  if (request.codes.source === "shared") {
    problems.push(
      `“${reward.name}” gives each backer a unique access code: paste or upload one code per recipient, or send from the code bank.`,
    );
    return plan;
  }

  if (request.codes.source === "bank") {
    const [{ left }] = await db.$queryRaw<{ left: number }[]>`
      SELECT count(*)::int AS left FROM digital_code WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NULL`;
    plan.bankLeft = left;
    if (recipientCount === 0) return plan;
    if (left < recipientCount) {
      problems.push(
        `The code bank of “${reward.name}” has ${count(left, "unused code", "unused codes")} for ${count(recipientCount, "recipient", "recipients")}. Upload at least ${count(recipientCount - left, "more code", "more codes")} on the reward's page, or select fewer backers.`,
      );
      return plan;
    }
    if (sampleSize > 0 && problems.length === 0) {
      // The codes the send would take first: the bank's oldest unused ones (see applyDigitalRewardSend).
      const next = await db.$queryRaw<{ value: string }[]>`
        SELECT value FROM digital_code
        WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NULL
        ORDER BY created_at, id
        LIMIT ${Math.min(sampleSize, recipientCount)}`;
      await fillSample((index) => next[index]?.value ?? "");
    }
    return plan;
  }

  const { list } = request.codes;
  plan.codesGiven = list.entryCount;
  const listProblems = codeListProblems(list, reward.codesCaseSensitive);
  problems.push(...listProblems);
  if (listProblems.length > 0) return plan;
  const mismatch = describeCodeCountMismatch(list.codes.length, recipientCount, skippedCount);
  if (mismatch && recipientCount > 0) problems.push(mismatch);
  const taken = await findCodesAlreadyGiven(db, reward, list.codes);
  const describe = (code: (typeof taken)[number]) =>
    code.value === code.given ? `“${code.given}”` : `“${code.given}” (as “${code.value}”)`;
  const inUse = taken.filter((code) => code.assigned).map(describe);
  const inBank = taken.filter((code) => !code.assigned).map(describe);
  if (inUse.length > 0) {
    problems.push(
      `${count(inUse.length, "code is", "codes are")} already in use for “${reward.name}” (sent to another backer): ${sample(inUse)}. Replace ${inUse.length === 1 ? "it" : "them"} with unused codes.`,
    );
  }
  if (inBank.length > 0) {
    problems.push(
      `${count(inBank.length, "code is", "codes are")} already in the code bank of “${reward.name}”: ${sample(inBank)}. Remove ${inBank.length === 1 ? "it" : "them"} from the list, or choose “Send from the code bank”.`,
    );
  }
  await fillSample((index) => list.codes[index]);
  return plan;
}

function sample(values: string[], limit = 10): string {
  return values.length <= limit
    ? values.join(", ")
    : `${values.slice(0, limit).join(", ")} and ${values.length - limit} more`;
}
