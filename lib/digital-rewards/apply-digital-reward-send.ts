import "server-only";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmails } from "@/lib/mail/queue-emails";
import { claimSendToken } from "./claim-send-token";
import { digitalRewardEmailProps } from "./digital-reward-email-props";
import { linkInstructions } from "./link-instructions";
import { planDigitalRewardSend, type DigitalRewardSendRequest } from "./plan-digital-reward-send";
import { DEFAULT_SEND_EXCLUSIONS } from "./send-exclusions";
import { RECIPIENT_ORDER_SQL, sendRecipientsSql } from "./send-recipients-sql";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** Codes of a pasted or uploaded list staged per statement, and emails built and queued per round. */
const ROUND = 5_000;
/** The size from which queueEmails puts values shared by every row into the template. */
const CONSTANT_PROPS_MIN_ROWS = 500;

export type DigitalRewardSendInput = DigitalRewardSendRequest & {
  /** From the form that started the send; the same token never sends twice. */
  token: string;
  actorId: string | null;
  /** Rows per round (list codes staged, emails queued; default ROUND); tests use a few to cross rounds with few backers. */
  writeRoundSize?: number;
};

/** Fewer or more recipients than planned a moment earlier: another send got there in between. */
const CHANGED_MEANWHILE =
  "Another send of this reward reached some of the same backers at the same moment, so nothing was sent. Preview again: backers who have the reward now are skipped.";

const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export type DigitalRewardSendResult = {
  rewardName: string;
  sent: number;
  skipped: number;
  withoutPledge: number;
  /** Pledges left out for a failed, errored, dropped or refunded payment. */
  excluded: number;
  /** The token was already used: this call sent nothing and reports the original send. */
  repeated: boolean;
};

/**
 * Sends a digital reward to the selected backers inside `tx`: every recipient gets one delivery
 * (and, for unique rewards, one code: typed in, uploaded or claimed from the bank), one queued
 * email, and the send one audit event. Backers who already received the reward are skipped. Any
 * problem throws INVALID_INPUT before anything is written; the caller's transaction makes the rest
 * all-or-nothing. The unique indexes on (reward, value) and (reward, pledge) are the last line of
 * defence against a concurrent send: they make this transaction fail rather than double-assign.
 */
export async function applyDigitalRewardSend(tx: Tx, input: DigitalRewardSendInput): Promise<DigitalRewardSendResult> {
  const previous = await claimSendToken(tx, input.projectId, input.token);
  if (previous) {
    return {
      rewardName: String(previous.rewardName ?? ""),
      sent: Number(previous.sent ?? 0),
      skipped: Number(previous.skipped ?? 0),
      withoutPledge: Number(previous.withoutPledge ?? 0),
      excluded: Number(previous.excluded ?? 0),
      repeated: true,
    };
  }

  const plan = await planDigitalRewardSend(input, { db: tx });
  if (plan.problems.length > 0) {
    throw new DomainError("INVALID_INPUT", plan.problems.join("\n") || "Nothing can be sent to this selection.");
  }
  const { reward } = plan;
  const roundSize = input.writeRoundSize ?? ROUND;

  // The pairing happens in Postgres: the recipients and their codes are staged in two temporary
  // tables numbered 1…n (recipients by backer number, codes in bank or list order) and joined on
  // that number, so this process never holds the 100,000 recipients or codes of a large send.
  // Delivery ids are minted while staging: the emails' idempotency keys name them.
  await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.send_recipient, pg_temp.send_code`;
  await tx.$executeRaw`
    CREATE TEMPORARY TABLE send_recipient (
      rn int PRIMARY KEY, delivery_id uuid NOT NULL, pledge_id uuid NOT NULL, email text NOT NULL, name text NOT NULL
    ) ON COMMIT DROP`;
  await tx.$executeRaw`
    CREATE TEMPORARY TABLE send_code (rn int PRIMARY KEY, code_id uuid, value text NOT NULL) ON COMMIT DROP`;
  const recipients = await tx.$executeRaw`
    INSERT INTO send_recipient (rn, delivery_id, pledge_id, email, name)
    SELECT row_number() OVER (ORDER BY ${RECIPIENT_ORDER_SQL}), gen_random_uuid(), p.id, b.email, b.name
    ${sendRecipientsSql(reward.id, plan.selected, input.exclusions ?? DEFAULT_SEND_EXCLUSIONS)}`;
  if (recipients !== plan.recipientCount) throw new DomainError("CONFLICT", CHANGED_MEANWHILE);

  if (reward.kind === "UNIQUE" && input.codes.source === "bank") {
    // FOR UPDATE SKIP LOCKED: two concurrent sends never claim the same code, and neither waits.
    const claimed = await tx.$executeRaw`
      INSERT INTO send_code (rn, code_id, value)
      SELECT row_number() OVER (ORDER BY c.created_at, c.id), c.id, c.value
      FROM (
        SELECT id, value, created_at FROM digital_code
        WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id IS NULL
        ORDER BY created_at, id
        LIMIT ${recipients}
        FOR UPDATE SKIP LOCKED
      ) c`;
    if (claimed < recipients) {
      throw new DomainError(
        "INVALID_INPUT",
        `Another send of “${reward.name}” is using the code bank right now, so only ${count(claimed, "code is", "codes are")} free for ${count(recipients, "recipient", "recipients")}. Nothing was sent: wait a moment and send again.`,
      );
    }
  } else if (reward.kind === "UNIQUE" && input.codes.source === "list") {
    const { codes } = input.codes.list;
    for (let start = 0; start < codes.length; start += roundSize) {
      await tx.$executeRaw`
        INSERT INTO send_code (rn, value)
        SELECT ${start}::int + u.n::int, u.value FROM unnest(${codes.slice(start, start + roundSize)}::text[]) WITH ORDINALITY AS u(value, n)`;
    }
  }
  await tx.$executeRaw`ANALYZE send_recipient, send_code`;
  const sharedValue = reward.kind === "UNIQUE" ? null : plan.sharedValue;

  // Ordered by pledge id, so two overlapping sends take the (reward, pledge) index entries in the
  // same order: the later one waits and then fails on the unique index instead of deadlocking.
  await tx.$executeRaw`
    INSERT INTO digital_reward_delivery (id, digital_reward_id, pledge_id, value)
    SELECT r.delivery_id, ${reward.id}::uuid, r.pledge_id, coalesce(c.value, ${sharedValue})
    FROM send_recipient r LEFT JOIN send_code c USING (rn)
    ORDER BY r.pledge_id`;
  if (reward.kind === "UNIQUE" && input.codes.source === "bank") {
    const assigned = await tx.$executeRaw`
      UPDATE digital_code c SET pledge_id = r.pledge_id, assigned_at = now()
      FROM send_code s JOIN send_recipient r USING (rn)
      WHERE c.id = s.code_id AND c.pledge_id IS NULL`;
    if (assigned !== recipients) {
      throw new DomainError(
        "CONFLICT",
        `Another send took some of the bank's codes at the same moment. Nothing was sent: send again.`,
      );
    }
  } else if (reward.kind === "UNIQUE") {
    await tx.$executeRaw`
      INSERT INTO digital_code (digital_reward_id, value, pledge_id, assigned_at)
      SELECT ${reward.id}::uuid, c.value, r.pledge_id, now()
      FROM send_code c JOIN send_recipient r USING (rn)
      ORDER BY r.pledge_id`;
  } else {
    await tx.digitalReward.update({ where: { id: reward.id }, data: { sharedValue } });
  }

  const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { name: true } });
  const instructions = linkInstructions(reward.instructions ?? "");
  // The emails are built a round at a time as queueEmails takes them, read back from the staged
  // pairs by recipient number (1…n), never all at once.
  type Pair = { delivery_id: string; pledge_id: string; email: string; name: string; value: string };
  const readRound = (start: number) => {
    const round: Promise<Pair[]> = Promise.resolve(tx.$queryRaw<Pair[]>`
      SELECT r.delivery_id::text, r.pledge_id::text, r.email, r.name, coalesce(c.value, ${sharedValue}) AS value
      FROM send_recipient r LEFT JOIN send_code c USING (rn)
      WHERE r.rn > ${start}::int AND r.rn <= ${start + roundSize}::int
      ORDER BY r.rn`);
    // Prisma runs a query once it is awaited: Promise.resolve starts it now. A failure is still
    // thrown where the round is awaited; a round read ahead of a failed send is dropped quietly.
    round.catch(() => {});
    return round;
  };
  async function* emailRounds() {
    // The next round is asked for before this one is handed over, so it is read ahead of this
    // round's insert on the connection, and Postgres inserts while this process builds the next.
    let next = readRound(0);
    for (let start = 0; start < recipients; start += roundSize) {
      const round = await next;
      if (start + roundSize < recipients) next = readRound(start + roundSize);
      yield round.map((recipient) => ({
        to: recipient.email,
        projectId: input.projectId,
        // The delivery and its send number: a re-send of the same code is a new message, a retry is not.
        idempotencyKey: `digital-reward-delivery:${recipient.delivery_id}:1`,
        props: digitalRewardEmailProps({
          projectName: project.name,
          rewardName: reward.name,
          backerName: recipient.name,
          value: recipient.value,
          instructions,
          appUrl: env.APP_URL,
          pledgeId: recipient.pledge_id,
        }),
      }));
    }
  }
  // The keys name deliveries minted above, so they are new by construction.
  await queueEmails(tx, "digital-reward", emailRounds(), {
    freshKeys: true,
    // As queueEmails finds them in an array, and only for a send large enough to share them.
    constantProps: recipients >= CONSTANT_PROPS_MIN_ROWS ? ["projectName", "rewardName"] : [],
  });

  const result: DigitalRewardSendResult = {
    rewardName: reward.name,
    sent: recipients,
    skipped: plan.skipped.count,
    withoutPledge: plan.withoutPledgeCount,
    excluded: plan.excludedCount,
    repeated: false,
  };
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "digital-reward.send",
    targetCount: recipients,
    details: {
      sendToken: input.token,
      rewardId: reward.id,
      rewardName: reward.name,
      source: input.codes.source,
      sent: result.sent,
      skipped: result.skipped,
      withoutPledge: result.withoutPledge,
      excluded: result.excluded,
    },
  });
  return result;
}
