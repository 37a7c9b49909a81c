"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { DomainError } from "@/lib/errors";
import { BackerSelectionSchema } from "@/lib/backers/report/resolve-backer-selection";
import { createDigitalRewardOrThrow } from "@/lib/digital-rewards/create-digital-reward";
import {
  DigitalRewardCreateSchema,
  DigitalRewardUpdateSchema,
  SendTokenSchema,
} from "@/lib/digital-rewards/digital-reward-schemas";
import { getDigitalRewardSendContextOrThrow } from "@/lib/digital-rewards/get-digital-reward-send-context";
import type { DigitalRewardCodes } from "@/lib/digital-rewards/plan-digital-reward-send";
import { previewDigitalRewardSend } from "@/lib/digital-rewards/preview-digital-reward-send";
import { isChosenFile, readCodesInput } from "@/lib/digital-rewards/read-codes-input";
import { resendDigitalRewardOrThrow } from "@/lib/digital-rewards/resend-digital-reward";
import {
  startDigitalRewardSendJob,
  type DigitalRewardSendJobCodes,
} from "@/lib/digital-rewards/start-digital-reward-send-job";
import { updateDigitalRewardOrThrow } from "@/lib/digital-rewards/update-digital-reward";

const ProjectIdSchema = z.uuid({ message: "This project link is not valid." });
const RewardIdSchema = z.uuid({ message: "Choose a digital reward." });

// The selection travels as JSON in a form field, or as an object when the action is called from code.
const SelectionFieldSchema = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}, BackerSelectionSchema);

const SendFieldsSchema = z.object({
  projectId: ProjectIdSchema,
  rewardId: RewardIdSchema,
  selection: SelectionFieldSchema,
  source: z.enum(["paste", "file", "bank", "shared"], { message: "Choose where the codes come from." }),
  codes: z.string().optional(),
  file: z.unknown().optional(),
  sharedValue: z.string().optional(),
  // Unpaid pledges are left out unless the form says "false" for that exclusion.
  excludeFailedPayments: z.enum(["true", "false"]).optional(),
  excludeDroppedPledges: z.enum(["true", "false"]).optional(),
});
type SendFields = z.output<typeof SendFieldsSchema>;

function exclusionsFromFields(fields: SendFields) {
  return {
    failedPayments: fields.excludeFailedPayments !== "false",
    droppedPledges: fields.excludeDroppedPledges !== "false",
  };
}

async function codesFromFields(fields: SendFields): Promise<DigitalRewardCodes> {
  switch (fields.source) {
    case "bank":
      return { source: "bank" };
    case "shared":
      return { source: "shared", value: fields.sharedValue ?? "" };
    case "file":
      return { source: "list", list: await readCodesInput({ file: fields.file }) };
    case "paste":
      return { source: "list", list: await readCodesInput({ codes: fields.codes }) };
  }
}

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

/** Works out a send without writing: recipients, skipped backers, the first pairs, problems. */
export const previewDigitalRewardSendAction = createProjectAction({
  schema: SendFieldsSchema,
  handler: async (fields) =>
    previewDigitalRewardSend({
      projectId: fields.projectId,
      rewardId: fields.rewardId,
      selection: fields.selection,
      codes: await codesFromFields(fields),
      exclusions: exclusionsFromFields(fields),
    }),
});

/**
 * The codes as the job keeps them: the pasted text or the file as given (the job reads them again),
 * after the same checks the preview made, so a list with problems is refused at once.
 */
async function jobCodesFromFields(fields: SendFields): Promise<DigitalRewardSendJobCodes> {
  const codes = await codesFromFields(fields);
  if (codes.source === "list" && codes.list.problems.length > 0) {
    throw new DomainError("INVALID_INPUT", codes.list.problems.join("\n"));
  }
  switch (fields.source) {
    case "bank":
      return { source: "bank" };
    case "shared":
      return { source: "shared", value: fields.sharedValue ?? "" };
    case "paste":
      return { source: "paste", text: fields.codes ?? "" };
    case "file": {
      if (!isChosenFile(fields.file)) throw new DomainError("INVALID_INPUT", "Choose the file of codes to send.");
      return { source: "file", fileName: fields.file.name || "codes.csv", bytes: new Uint8Array(await fields.file.arrayBuffer()) };
    }
  }
}

/**
 * Sends a digital reward to the selected backers, once per token: queued as a job for the worker
 * (answered at once with its id); the dialog follows it through the project's jobs route.
 */
export const sendDigitalRewardAction = createProjectAction({
  schema: SendFieldsSchema.extend({ token: SendTokenSchema }),
  handler: async (fields, { user, project }) => {
    const codes = await jobCodesFromFields(fields);
    return runInTransaction((tx) =>
      startDigitalRewardSendJob(tx, {
        projectId: project.id,
        actorId: user.id,
        rewardId: fields.rewardId,
        selection: fields.selection,
        codes,
        exclusions: exclusionsFromFields(fields),
        token: fields.token,
      }),
    );
  },
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
