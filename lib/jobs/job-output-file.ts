import { z } from "zod";

/** What a job that writes a file records in its result: the file the creator downloads. */
export const JobOutputFileSchema = z.object({
  name: z.string().min(1),
  mediaType: z.string().min(1),
  /** The run whose stored rounds make the file (see writeJobOutput). */
  attempt: z.int().positive(),
  bytes: z.int().nonnegative(),
});
export type JobOutputFile = z.infer<typeof JobOutputFileSchema>;

/** The download address of a finished job's file. */
export function jobOutputDownloadPath(projectId: string, jobId: string): string {
  return `/projects/${projectId}/jobs/${jobId}/download`;
}

/** The file a finished job's result names, or null when it wrote none. */
export function jobOutputFileOf(result: unknown): JobOutputFile | null {
  const file = (result as { file?: unknown } | null)?.file;
  const parsed = JobOutputFileSchema.safeParse(file);
  return parsed.success ? parsed.data : null;
}
