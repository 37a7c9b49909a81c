"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { createDigitalRewardOrThrow } from "@/lib/digital-rewards/create-digital-reward";
import {
  DigitalRewardCreateSchema,
  DigitalRewardUpdateSchema,
  SendTokenSchema,
} from "@/lib/digital-rewards/digital-reward-schemas";
import { getDigitalRewardSendContextOrThrow } from "@/lib/digital-rewards/get-digital-reward-send-context";
import { resendDigitalRewardOrThrow } from "@/lib/digital-rewards/resend-digital-reward";
import { updateDigitalRewardOrThrow } from "@/lib/digital-rewards/update-digital-reward";

const ProjectIdSchema = z.uuid({ message: "This project link is not valid." });
const RewardIdSchema = z.uuid({ message: "Choose a digital reward." });

/** Creates a digital reward and opens its page. */
export const createDigitalRewardAction = createProjectAction({
  schema: DigitalRewardCreateSchema.extend({ projectId: ProjectIdSchema }),
  handler: async ({ projectId, ...input }, { user }) => {
    const reward = await runInTransaction((tx) => createDigitalRewardOrThrow(tx, projectId, input, user.id));
    revalidatePath(`/projects/${projectId}/digital-rewards`);
    redirect(`/projects/${projectId}/digital-rewards/${reward.id}`);
  },
});

/** Renames a reward or changes its instructions or shared code. */
export const updateDigitalRewardAction = createProjectAction({
  schema: DigitalRewardUpdateSchema.extend({ projectId: ProjectIdSchema, rewardId: RewardIdSchema }),
  handler: async ({ projectId, rewardId, ...input }) => {
    await runInTransaction((tx) => updateDigitalRewardOrThrow(tx, projectId, rewardId, input));
    revalidatePath(`/projects/${projectId}/digital-rewards`, "layout");
    return { saved: true };
  },
});

/** What the send dialog needs to know about a reward: its kind, shared code and bank. */
export const loadDigitalRewardSendContextAction = createProjectAction({
  schema: z.object({ projectId: ProjectIdSchema, rewardId: RewardIdSchema }),
  handler: ({ projectId, rewardId }) => getDigitalRewardSendContextOrThrow(projectId, rewardId),
});

/** Sends one backer the code they already have again. */
export const resendDigitalRewardAction = createProjectAction({
  schema: z.object({
    projectId: ProjectIdSchema,
    rewardId: RewardIdSchema,
    backerId: z.uuid({ message: "This backer link is not valid." }),
    token: SendTokenSchema,
  }),
  handler: async (input, { user }) => {
    const result = await runInTransaction((tx) => resendDigitalRewardOrThrow(tx, { ...input, actorId: user.id }));
    revalidatePath(`/projects/${input.projectId}`, "layout");
    return result;
  },
});
