"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { retryFailedEmailOrThrow } from "@/lib/activity/retry-failed-email";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { liftEmailSuppressionOrThrow } from "@/lib/mail/suppression/lift-email-suppression";
import { SenderIdentitySchema, updateSenderIdentity } from "@/lib/mail/update-sender-identity";

const RetryFailedEmailSchema = z.object({
  projectId: z.string({ error: "The project is missing" }),
  target: z.union(
    [
      z.strictObject({ emailId: z.uuid({ error: "Choose a failed email to retry" }) }),
      z.strictObject({ allFailed: z.literal(true) }),
    ],
    { error: "Choose a failed email to retry, or all of them" },
  ),
});

/** "Retry" on a failed email (or on all failed emails): back in the queue, due now. */
export const retryFailedEmailAction = createProjectAction({
  schema: RetryFailedEmailSchema,
  handler: async (input, { user, project }) => {
    const result = await runInTransaction((tx) =>
      retryFailedEmailOrThrow(tx, { projectId: project.id, actorId: user.id, target: input.target }),
    );
    revalidatePath(`/projects/${project.id}/mail`);
    revalidatePath(`/projects/${project.id}/activity`);
    return result;
  },
});

const LiftEmailSuppressionSchema = z.object({
  projectId: z.string({ error: "The project is missing" }),
  email: z.email({ error: "Choose a suppressed address" }).max(320),
});

/** "Lift suppression" on a backer's bounced, complaining or unsubscribed address, after the creator confirmed. */
export const liftEmailSuppressionAction = createProjectAction({
  schema: LiftEmailSuppressionSchema,
  handler: async (input, { user, project }) => {
    const result = await runInTransaction((tx) =>
      liftEmailSuppressionOrThrow(tx, { projectId: project.id, email: input.email, actorId: user.id }),
    );
    revalidatePath(`/projects/${project.id}/mail`);
    revalidatePath(`/projects/${project.id}/activity`);
    return result;
  },
});

/** The project's sender name and Reply-To for backer email. */
export const updateSenderIdentityAction = createProjectAction({
  schema: SenderIdentitySchema.extend({ projectId: z.string({ error: "The project is missing" }) }),
  handler: async (input, { user, project }) => {
    const result = await runInTransaction((tx) =>
      updateSenderIdentity(tx, {
        projectId: project.id,
        actorId: user.id,
        senderName: input.senderName,
        replyTo: input.replyTo,
      }),
    );
    revalidatePath(`/projects/${project.id}/mail`);
    revalidatePath(`/projects/${project.id}/activity`);
    return result;
  },
});
