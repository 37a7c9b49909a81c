import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmails } from "@/lib/mail/queue-emails";
import { claimSendToken } from "./claim-send-token";
import { digitalRewardEmailProps } from "./digital-reward-email-props";
import { linkInstructions } from "./link-instructions";
import { planDigitalRewardSend, type DigitalRewardSendRequest } from "./plan-digital-reward-send";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/** Deliveries (and codes) written per statement: a few hundred kilobytes of JSON (see BULK_STATEMENT_BYTES). */
const WRITE_ROUND = 5_000;
/** Emails built and handed to the outbox at a time. */
const EMAIL_ROUND = 5_000;
/** The size from which queueEmails puts values shared by every row into the template. */
const CONSTANT_PROPS_MIN_ROWS = 500;

export type DigitalRewardSendInput = DigitalRewardSendRequest & {
  /** From the form that started the send; the same token never sends twice. */
  token: string;
  actorId: string | null;
  /** Deliveries written per statement (default WRITE_ROUND); tests use a few to cross rounds with few backers. */
  writeRoundSize?: number;
};

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

  const plan = await planDigitalRewardSend(input, { db: tx, claimBank: true });
  if (plan.problems.length > 0 || !plan.values) {
    throw new DomainError("INVALID_INPUT", plan.problems.join("\n") || "Nothing can be sent to this selection.");
  }
  const { reward, recipients, values } = plan;
  // Delivery ids are made here rather than returned by the INSERT: the emails' idempotency keys
  // need them, and reading every delivery back (with a map from pledge to delivery) held most of
  // a large send's memory.
  const deliveryIds = recipients.map(() => randomUUID());

  // Written in rounds ordered by pledge id (within and across rounds), so two overlapping sends
  // take the (reward, pledge) index entries in the same order: the later one waits and then fails
  // on the unique index instead of deadlocking. Each round is one JSON text of a few thousand rows
  // (see BULK_STATEMENT_BYTES); lower-case UUID text sorts as Postgres sorts UUIDs.
  const order = recipients.map((_, index) => index);
  order.sort((a, b) => (recipients[a].pledgeId < recipients[b].pledgeId ? -1 : recipients[a].pledgeId > recipients[b].pledgeId ? 1 : 0));
  const bankCodeIds = reward.kind === "UNIQUE" ? plan.bankCodeIds : null;
  let assigned = 0;
  const roundSize = input.writeRoundSize ?? WRITE_ROUND;
  for (let start = 0; start < order.length; start += roundSize) {
    const rows = JSON.stringify(
      order.slice(start, start + roundSize).map((index) => [deliveryIds[index], recipients[index].pledgeId, values[index], bankCodeIds?.[index] ?? null]),
    );
    await tx.$executeRaw`
      INSERT INTO digital_reward_delivery (id, digital_reward_id, pledge_id, value)
      SELECT (r->>0)::uuid, ${reward.id}::uuid, (r->>1)::uuid, r->>2
      FROM jsonb_array_elements(${rows}::jsonb) AS r
      ORDER BY (r->>1)::uuid`;
    if (bankCodeIds) {
      assigned += await tx.$executeRaw`
        UPDATE digital_code c SET pledge_id = (r->>1)::uuid, assigned_at = now()
        FROM jsonb_array_elements(${rows}::jsonb) AS r
        WHERE c.id = (r->>3)::uuid AND c.pledge_id IS NULL`;
    } else if (reward.kind === "UNIQUE") {
      await tx.$executeRaw`
        INSERT INTO digital_code (digital_reward_id, value, pledge_id, assigned_at)
        SELECT ${reward.id}::uuid, r->>2, (r->>1)::uuid, now()
        FROM jsonb_array_elements(${rows}::jsonb) AS r
        ORDER BY (r->>1)::uuid`;
    }
  }
  if (bankCodeIds && assigned !== recipients.length) {
    throw new DomainError(
      "CONFLICT",
      `Another send took some of the bank's codes at the same moment. Nothing was sent: send again.`,
    );
  }
  if (reward.kind !== "UNIQUE") {
    await tx.digitalReward.update({ where: { id: reward.id }, data: { sharedValue: values[0] } });
  }

  const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { name: true } });
  const instructions = linkInstructions(reward.instructions ?? "");
  // The emails are built a round at a time as queueEmails takes them, never all at once.
  async function* emailRounds() {
    for (let start = 0; start < recipients.length; start += EMAIL_ROUND) {
      yield recipients.slice(start, start + EMAIL_ROUND).map((recipient, offset) => ({
        to: recipient.email,
        projectId: input.projectId,
        // The delivery and its send number: a re-send of the same code is a new message, a retry is not.
        idempotencyKey: `digital-reward-delivery:${deliveryIds[start + offset]}:1`,
        props: digitalRewardEmailProps({
          projectName: project.name,
          rewardName: reward.name,
          backerName: recipient.name,
          value: values![start + offset],
          instructions,
          appUrl: env.APP_URL,
          pledgeId: recipient.pledgeId,
        }),
      }));
    }
  }
  // The keys name deliveries minted above, so they are new by construction.
  await queueEmails(tx, "digital-reward", emailRounds(), {
    freshKeys: true,
    // As queueEmails finds them in an array, and only for a send large enough to share them.
    constantProps: recipients.length >= CONSTANT_PROPS_MIN_ROWS ? ["projectName", "rewardName"] : [],
  });

  const result: DigitalRewardSendResult = {
    rewardName: reward.name,
    sent: recipients.length,
    skipped: plan.skipped.count,
    withoutPledge: plan.withoutPledgeCount,
    excluded: plan.excludedCount,
    repeated: false,
  };
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "digital-reward.send",
    targetCount: recipients.length,
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
