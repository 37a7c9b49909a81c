import { expect, type Page } from "@playwright/test";

type UploadFile = { name: string; mimeType: string; buffer: Buffer };

/**
 * Confirms a previewed import through the real route, as the import page does: the route queues
 * the import as a job (202 with its id), then the job is followed through the jobs route until it
 * ends. Returns the finished job (status DONE with the counts as its result, or FAILED with its message).
 */
export async function confirmImportAndWait(page: Page, projectId: string, file: UploadFile, importId: string) {
  const confirm = await page.request.post(`/projects/${projectId}/imports/confirm`, { multipart: { file, importId } });
  expect(confirm.status(), await confirm.text()).toBe(202);
  const { jobId } = (await confirm.json()) as { jobId: string };
  let job: { status: string; result: unknown; error: string | null } | undefined;
  await expect
    .poll(
      async () => {
        const answer = await page.request.get(`/projects/${projectId}/jobs?id=${jobId}`);
        job = ((await answer.json()) as { jobs: (typeof job)[] }).jobs[0];
        return job?.status;
      },
      { timeout: 60_000 },
    )
    .toMatch(/^(DONE|FAILED|CANCELLED)$/);
  return job!;
}
