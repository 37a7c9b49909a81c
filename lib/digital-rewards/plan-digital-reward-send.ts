import "server-only";
import { Prisma } from "@/lib/db/generated/client";
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

export type SendRecipient = { backerId: string; pledgeId: string; email: string; name: string };

export type DigitalRewardSendPlan = {
  reward: DigitalRewardRecord;
  selectedCount: number;
  /** Who gets the reward now, ordered by backer number. */
  recipients: SendRecipient[];
  /** The value each recipient gets (same order); null while there are problems. */
  values: string[] | null;
  /** Bank codes claimed for the recipients (same order), for a send from the bank. */
  bankCodeIds: string[] | null;
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
 * Works out a send without writing: who is selected, who already has this reward (skipped), which
 * value each recipient gets, and every problem (code count, codes already in use, a bank that
 * cannot cover the selection). With `claimBank`, bank codes are locked FOR UPDATE SKIP LOCKED,
 * so two concurrent sends never claim the same code; call it that way only inside the send's
 * transaction.
 */
export async function planDigitalRewardSend(
  request: DigitalRewardSendRequest,
  { db = prisma, claimBank = false }: { db?: Tx | typeof prisma; claimBank?: boolean } = {},
): Promise<DigitalRewardSendPlan> {
  const reward = await getDigitalRewardOrThrow(request.projectId, request.rewardId, db);
  const selected = await backerSelectionWhereSqlOrThrow(request.projectId, request.selection, db);
  const rows = await db.$queryRaw<
    {
      backer_id: string;
      pledge_id: string | null;
      email: string;
      name: string;
      delivered: boolean;
      status: string | null;
    }[]
  >`
    SELECT b.id AS backer_id, p.id AS pledge_id, b.email, b.name,
           (d.id IS NOT NULL) AS delivered, p.status::text AS status
    FROM backer b
    LEFT JOIN pledge p ON p.backer_id = b.id
    LEFT JOIN digital_reward_delivery d ON d.pledge_id = p.id AND d.digital_reward_id = ${reward.id}::uuid
    WHERE ${selected}
    ORDER BY b.backer_number NULLS LAST, b.id`;

  const recipients: SendRecipient[] = [];
  const skippedNames: string[] = [];
  let skippedCount = 0;
  let withoutPledgeCount = 0;
  const exclusions = request.exclusions ?? DEFAULT_SEND_EXCLUSIONS;
  const exclusionKeys = Object.keys(SEND_EXCLUSION_LABELS) as DigitalRewardSendExclusionKey[];
  const exclusionCounts = { failedPayments: 0, droppedPledges: 0 };
  let excludedCount = 0;
  for (const row of rows) {
    if (row.pledge_id === null) withoutPledgeCount++;
    else if (row.delivered) {
      skippedCount++;
      if (skippedNames.length < NAME_SAMPLE) skippedNames.push(row.name || row.email);
    } else {
      const matched = exclusionKeys.find((key) => row.status !== null && EXCLUDED_STATUSES[key].includes(row.status));
      if (matched) exclusionCounts[matched]++;
      if (matched && exclusions[matched]) excludedCount++;
      else recipients.push({ backerId: row.backer_id, pledgeId: row.pledge_id, email: row.email, name: row.name });
    }
  }

  const plan: DigitalRewardSendPlan = {
    reward,
    selectedCount: rows.length,
    recipients,
    values: null,
    bankCodeIds: null,
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

  if (rows.length === 0) {
    problems.push(
      "None of the selected backers are in this project any more. Reload the backer report and select again.",
    );
    return plan;
  }
  if (recipients.length === 0) {
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
    else if (problems.length === 0) plan.values = recipients.map(() => check.value);
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
    if (recipients.length === 0) return plan;
    if (left < recipients.length) {
      problems.push(
        `The code bank of “${reward.name}” has ${count(left, "unused code", "unused codes")} for ${count(recipients.length, "recipient", "recipients")}. Upload at least ${count(recipients.length - left, "more code", "more codes")} on the reward's page, or select fewer backers.`,
      );
      return plan;
    }
    const lock = claimBank ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const claimed = await db.$queryRaw<{ id: string; value: string }[]>`
      SELECT id, value FROM digital_code
      WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NULL
      ORDER BY created_at, id
      LIMIT ${recipients.length}
      ${lock}`;
    if (claimed.length < recipients.length) {
      problems.push(
        `Another send of “${reward.name}” is using the code bank right now, so only ${count(claimed.length, "code is", "codes are")} free for ${count(recipients.length, "recipient", "recipients")}. Nothing was sent: wait a moment and send again.`,
      );
      return plan;
    }
    plan.bankCodeIds = claimed.map((code) => code.id);
    plan.values = claimed.map((code) => code.value);
    return plan;
  }

  const { list } = request.codes;
  plan.codesGiven = list.entryCount;
  const listProblems = codeListProblems(list, reward.codesCaseSensitive);
  problems.push(...listProblems);
  if (listProblems.length > 0) return plan;
  const mismatch = describeCodeCountMismatch(list.codes.length, recipients.length, skippedCount);
  if (mismatch && recipients.length > 0) problems.push(mismatch);
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
  if (problems.length === 0) plan.values = list.codes;
  return plan;
}

function sample(values: string[], limit = 10): string {
  return values.length <= limit
    ? values.join(", ")
    : `${values.slice(0, limit).join(", ")} and ${values.length - limit} more`;
}
