import "server-only";
import type { Tx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { queueEmail } from "@/lib/mail/queue-email";
import { isUuid } from "@/lib/projects/is-uuid";
import { claimSendToken } from "./claim-send-token";
import { digitalRewardEmailProps } from "./digital-reward-email-props";
import { getDigitalRewardOrThrow } from "./get-digital-reward-or-throw";
import { linkInstructions } from "./link-instructions";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

/**
 * Sends a backer the code (or link) they already have for a reward again: the one way a backer gets
 * a second email for the same reward, and never a second code. Counts the send on the delivery; the
 * email's idempotency key names the delivery and that count, and `token` makes a double click one send.
 * Runs in the caller's `tx`: the count, the email and the audit event commit together.
 */
export async function resendDigitalRewardOrThrow(
  tx: Tx,
  input: {
    projectId: string;
    rewardId: string;
    backerId: string;
    token: string;
    actorId: string | null;
  },
): Promise<{ rewardName: string; value: string; sendCount: number; repeated: boolean }> {
  const previous = await claimSendToken(tx, input.projectId, input.token);
  if (previous) {
    return {
      rewardName: String(previous.rewardName ?? ""),
      value: String(previous.value ?? ""),
      sendCount: Number(previous.sendCount ?? 0),
      repeated: true,
    };
  }
  const reward = await getDigitalRewardOrThrow(input.projectId, input.rewardId, tx);
  const backer = isUuid(input.backerId)
    ? await tx.backer.findFirst({
        where: { id: input.backerId, projectId: input.projectId },
        select: { email: true, name: true, backerNumber: true, pledge: { select: { id: true } } },
      })
    : null;
  if (!backer) throw new DomainError("NOT_FOUND", "This backer is not in this project.");
  const pledgeId = backer.pledge?.id;
  const updated = pledgeId
    ? await tx.$queryRaw<{ id: string; value: string; send_count: number }[]>`
          UPDATE digital_reward_delivery SET send_count = send_count + 1, last_sent_at = now()
          WHERE digital_reward_id = ${reward.id}::uuid AND pledge_id = ${pledgeId}::uuid
          RETURNING id, value, send_count`
    : [];
  if (!pledgeId || updated.length === 0) {
    throw new DomainError(
      "INVALID_INPUT",
      `${backer.name || backer.email} has not received “${reward.name}” yet, so there is nothing to re-send. Send them a code instead.`,
    );
  }
  const delivery = updated[0];
  const project = await tx.project.findUniqueOrThrow({ where: { id: input.projectId }, select: { name: true } });
  await queueEmail(tx, {
    to: backer.email,
    kind: "digital-reward",
    projectId: input.projectId,
    idempotencyKey: `digital-reward-delivery:${delivery.id}:${delivery.send_count}`,
    props: digitalRewardEmailProps({
      projectName: project.name,
      rewardName: reward.name,
      backerName: backer.name,
      value: delivery.value,
      instructions: linkInstructions(reward.instructions ?? ""),
      appUrl: env.APP_URL,
      pledgeId,
    }),
  });
  await recordAuditEvent(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    action: "digital-reward.resend",
    targetCount: 1,
    details: {
      sendToken: input.token,
      rewardId: reward.id,
      rewardName: reward.name,
      backerId: input.backerId,
      // Named in the activity timeline rather than "one backer".
      backerName: backer.name,
      backerEmail: backer.email,
      backerNumber: backer.backerNumber,
      value: delivery.value,
      sendCount: delivery.send_count,
    },
  });
  return { rewardName: reward.name, value: delivery.value, sendCount: delivery.send_count, repeated: false };
}
