"use server";

import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createProjectAction } from "@/lib/actions/create-project-action";
import { createContactListSegment } from "@/lib/contact-lists/create-contact-list-segment";
import { parseContactListFile } from "@/lib/contact-lists/parse-contact-list-file";
import { prisma } from "@/lib/db/client";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { formatFileProblem } from "@/lib/csv/file-problem";
import { DomainError } from "@/lib/errors";
import { IncentiveChoiceSchema, IncentiveExclusionsSchema } from "@/lib/incentives/incentive-schemas";
import { previewIncentive } from "@/lib/incentives/preview-incentive";
import { startIncentiveApplyJob, startIncentiveUndoJob } from "@/lib/incentives/start-incentive-jobs";
import { deleteSegmentOrThrow } from "@/lib/segments/delete-segment";
import { duplicateSegment } from "@/lib/segments/duplicate-segment";
import { createFailedBackersSegment, generateIncentiveSegments } from "@/lib/segments/generate-incentive-segments";
import { previewSegmentFilter } from "@/lib/segments/preview-segment-filter";
import { saveSegment } from "@/lib/segments/save-segment";
import { updateSegment } from "@/lib/segments/update-segment";

const projectId = z.string({ error: "The project is missing" });
const segmentId = z.string({ error: "Choose a segment" });
const LONG = { timeout: 120_000, maxWait: 10_000 };

function refresh(id: string) {
  revalidatePath(`/projects/${id}/segments`, "layout");
  revalidatePath(`/projects/${id}/backers`);
}

/** The builder's live count, first backers and unmatched pasted emails. */
export const previewSegmentFilterAction = createProjectAction({
  schema: z.object({ projectId, filter: z.unknown() }),
  handler: async (input, { project }) => {
    const preview = await previewSegmentFilter(prisma, project.id, input.filter);
    return {
      count: preview.count,
      unmatchedEmails: preview.unmatchedEmails.slice(0, 200),
      unmatchedCount: preview.unmatchedEmails.length,
      backers: preview.backers.map((b) => ({
        backerId: b.backerId,
        name: b.name,
        email: b.email,
        pledgeLevelName: b.pledgeLevelName,
        status: b.status,
      })),
    };
  },
});

const SegmentFormSchema = z.object({
  projectId,
  name: z.string({ error: "Give the segment a name" }),
  description: z.string().nullish(),
  filter: z.unknown(),
});

/** "Save This Segment" for a new segment. */
export const createSegmentAction = createProjectAction({
  schema: SegmentFormSchema,
  handler: async (input, { user, project }) => {
    const segment = await runInTransaction((tx) =>
      saveSegment(tx, project.id, {
        name: input.name,
        description: input.description ?? null,
        filter: input.filter,
        createdById: user.id,
      }),
    );
    refresh(project.id);
    return { id: segment.id };
  },
});

/** Saves an edited segment's name, description and filter; without a filter (a static list), only its details. */
export const updateSegmentAction = createProjectAction({
  schema: SegmentFormSchema.extend({ segmentId, filter: z.unknown().optional() }),
  handler: async (input, { project }) => {
    const segment = await runInTransaction((tx) =>
      updateSegment(tx, project.id, input.segmentId, {
        name: input.name,
        description: input.description ?? null,
        ...(input.filter === undefined ? {} : { filter: input.filter }),
      }),
    );
    refresh(project.id);
    return { id: segment.id };
  },
});

export const duplicateSegmentAction = createProjectAction({
  schema: z.object({ projectId, segmentId }),
  handler: async (input, { user, project }) => {
    const copy = await runInTransaction((tx) =>
      duplicateSegment(tx, project.id, input.segmentId, { createdById: user.id }),
    );
    refresh(project.id);
    return { id: copy.id, name: copy.name };
  },
});

export const deleteSegmentAction = createProjectAction({
  schema: z.object({ projectId, segmentId }),
  handler: async (input, { project }) => {
    await runInTransaction((tx) => deleteSegmentOrThrow(tx, project.id, input.segmentId));
    refresh(project.id);
    return { deleted: true };
  },
});

/** "Generate segments of incentives offered". */
export const generateIncentiveSegmentsAction = createProjectAction({
  schema: z.object({
    projectId,
    earlyBirdHours: z.coerce
      .number({ error: "Enter a number of hours, such as 48" })
      .int({ error: "Enter a whole number of hours, such as 48" }),
  }),
  handler: async (input, { user, project }) => {
    const result = await runInTransaction((tx) =>
      generateIncentiveSegments(tx, project.id, { earlyBirdHours: input.earlyBirdHours, createdById: user.id }),
    );
    refresh(project.id);
    return result;
  },
});

export const createFailedBackersSegmentAction = createProjectAction({
  schema: z.object({ projectId }),
  handler: async (_input, { user, project }) => {
    const result = await runInTransaction((tx) =>
      createFailedBackersSegment(tx, project.id, { createdById: user.id }),
    );
    refresh(project.id);
    return result;
  },
});

const ContactListUploadSchema = z.object({
  projectId,
  name: z.string({ error: "Give the list a name" }).trim().min(1, { error: "Give the list a name" }),
  kind: z.enum(["LANDING_PAGE_LEADS", "EMAIL_CAMPAIGN", "PARTNER_PROJECT", "OTHER"], {
    error: "Choose what kind of list this is",
  }),
  segmentName: z.string().trim().optional(),
  createSegment: z.string().optional(),
  file: z.instanceof(File, { error: "Choose a CSV file with an email column" }),
});

/** "Create Partner Project Segment" and the leads import: a CSV with an email column. */
export const uploadContactListAction = createProjectAction({
  schema: ContactListUploadSchema,
  handler: async (input, { user, project }) => {
    if (input.file.size === 0) {
      throw new DomainError(
        "INVALID_INPUT",
        `${input.file.name || "The file"} is empty; choose the exported CSV file`,
        {
          file: ["The file is empty"],
        },
      );
    }
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const parsed = parseContactListFile(bytes, input.file.name || "upload.csv");
    if (!parsed.ok) {
      const messages = parsed.problems.filter((p) => p.severity === "error").map(formatFileProblem);
      throw new DomainError("INVALID_INPUT", messages[0] ?? "The file could not be read", { file: messages });
    }
    const wantsSegment = input.kind === "PARTNER_PROJECT" || input.createSegment === "on";
    const segmentName = wantsSegment ? input.segmentName || input.name : null;
    const result = await runInTransaction(
      (tx) =>
        createContactListSegment(tx, project.id, {
          name: input.name,
          kind: input.kind,
          fileName: input.file.name || null,
          emails: parsed.emails,
          segmentName,
          createdById: user.id,
          fileHash: createHash("sha256").update(bytes).digest("hex"),
        }),
      LONG,
    );
    refresh(project.id);
    return {
      contactList: result.contactList,
      segment: result.segment,
      duplicateCount: parsed.duplicateCount,
      warnings: parsed.problems.map(formatFileProblem),
    };
  },
});

const IncentiveRequestSchema = z.object({
  projectId,
  segmentId,
  incentive: IncentiveChoiceSchema,
  exclusions: IncentiveExclusionsSchema,
});

/** The Segment Actions preview: recipients, exclusions with counts, warnings. */
export const previewIncentiveAction = createProjectAction({
  schema: IncentiveRequestSchema,
  handler: async (input, { project }) => {
    const preview = await previewIncentive(prisma, {
      projectId: project.id,
      segmentId: input.segmentId,
      incentive: input.incentive,
      exclusions: input.exclusions,
    });
    return preview;
  },
});

/**
 * "Assign Complimentary Credit" / "Manually Add an Item": queues the apply to the segment as a job
 * for the worker and answers at once with its id; the form follows it through the jobs route.
 */
export const applyIncentiveAction = createProjectAction({
  schema: IncentiveRequestSchema.extend({ notifyBackers: z.boolean() }),
  handler: async (input, { user, project }) => {
    const started = await runInTransaction((tx) =>
      startIncentiveApplyJob(tx, {
        projectId: project.id,
        actorId: user.id,
        segmentId: input.segmentId,
        incentive: input.incentive,
        exclusions: input.exclusions,
        notifyBackers: input.notifyBackers,
      }),
    );
    revalidatePath(`/projects/${project.id}/activity`);
    return started;
  },
});

/** "Undo" on an incentive: queued as a job for the worker; the button follows it to its result. */
export const undoIncentiveAction = createProjectAction({
  schema: z.object({ projectId, incentiveId: z.string({ error: "Choose an incentive" }) }),
  handler: async (input, { user, project }) => {
    const started = await runInTransaction((tx) =>
      startIncentiveUndoJob(tx, { projectId: project.id, incentiveId: input.incentiveId, actorId: user.id }),
    );
    revalidatePath(`/projects/${project.id}/activity`);
    return started;
  },
});
