import "server-only";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmails } from "@/lib/mail/queue-emails";
import { claimSendToken } from "./claim-send-token";
import { digitalRewardEmailProps } from "./digital-reward-email-props";
import { linkInstructions } from "./link-instructions";
import { planDigitalRewardSend, type DigitalRewardSendRequest } from "./plan-digital-reward-send";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

export type DigitalRewardSendInput = DigitalRewardSendRequest & {
  /** From the form that started the send; the same token never sends twice. */
  token: string;
  actorId: string | null;
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
  const pledgeIds = recipients.map((recipient) => recipient.pledgeId);

  // Ordered by pledge id, so two overlapping sends take the (reward, pledge) index entries in the
  // same order: the later one waits and then fails on the unique index instead of deadlocking.
  const deliveries = await tx.$queryRaw<{ id: string; pledge_id: string }[]>`
    INSERT INTO digital_reward_delivery (digital_reward_id, pledge_id, value)
    SELECT ${reward.id}::uuid, u.pledge_id, u.value
    FROM unnest(${pledgeIds}::uuid[], ${values}::text[]) AS u(pledge_id, value)
    ORDER BY u.pledge_id
    RETURNING id, pledge_id`;

  if (reward.kind === "UNIQUE" && plan.bankCodeIds) {
    const assigned = await tx.$executeRaw`
      UPDATE digital_code c SET pledge_id = u.pledge_id, assigned_at = now()
      FROM unnest(${plan.bankCodeIds}::uuid[], ${pledgeIds}::uuid[]) AS u(id, pledge_id)
      WHERE c.id = u.id AND c.pledge_id IS NULL`;
    if (assigned !== recipients.length) {
      throw new DomainError(
        "CONFLICT",
        `Another send took some of the bank's codes at the same moment. Nothing was sent: send again.`,
      );
    }
  } else if (reward.kind === "UNIQUE") {
    await tx.$executeRaw`
      INSERT INTO digital_code (digital_reward_id, value, pledge_id, assigned_at)
      SELECT ${reward.id}::uuid, u.value, u.pledge_id, now()
      FROM unnest(${values}::text[], ${pledgeIds}::uuid[]) AS u(value, pledge_id)
      ORDER BY u.pledge_id`;
  } else {
    await tx.digitalReward.update({ where: { id: reward.id }, data: { sharedValue: values[0] } });
  }

  const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { name: true } });
  const deliveryIdByPledge = new Map(deliveries.map((delivery) => [delivery.pledge_id, delivery.id]));
  const instructions = linkInstructions(reward.instructions ?? "");
  await queueEmails(
    tx,
    "digital-reward",
    recipients.map((recipient, index) => ({
      to: recipient.email,
      projectId: input.projectId,
      // The delivery and its send number: a re-send of the same code is a new message, a retry is not.
      idempotencyKey: `digital-reward-delivery:${deliveryIdByPledge.get(recipient.pledgeId)}:1`,
      props: digitalRewardEmailProps({
        projectName: project.name,
        rewardName: reward.name,
        backerName: recipient.name,
        value: values[index],
        instructions,
        appUrl: env.APP_URL,
        pledgeId: recipient.pledgeId,
      }),
    })),
  );

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
