import { expect, test } from "@playwright/test";
import { addProjectCreators } from "../load/add-project-creators";
import { buildReportUrls } from "../load/build-report-urls";
import { downloadFilledTrackingTemplate } from "../load/download-filled-tracking-template";
import { measureReportLoad } from "../load/measure-report-load";
import { signInThroughMagicLink } from "../load/sign-in-through-magic-link";
import { summarizeLatencies } from "../load/summarize-latencies";
import { uploadTrackingFile } from "../load/upload-tracking-file";
import { verifyTrackingUpload } from "../load/verify-tracking-upload";
import { createE2eCampaign } from "./support/create-campaign";

const CREATORS = 20;
const SECONDS = 8;

// The small, always-on version of `npm run load` (tests/load): the same machinery against the
// e2e server, on a campaign of the spec's own. Latency is printed, not asserted: shared CI machines are too noisy for that.
test("20 creators browse the backer report while a tracking file is applied: no errors, applied once", async ({ baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !baseURL) throw new Error("DATABASE_URL and baseURL must be set: run e2e tests through `npm test`.");

  // A campaign of the spec's own, so the upload cannot change what other tests see. Two report pages
  // of backers: the dev mailbox lists the newest 100 messages, and a test reading its sign-in link
  // from that list at the same moment must not have it pushed off by this upload's emails.
  const campaign = await createE2eCampaign(`load-e2e-owner-${process.pid}-${Date.now()}@example.com`, { backers: 60 });
  const project = { projectId: campaign.projectId, backers: campaign.backers.length };
  const emails = await addProjectCreators(databaseUrl, project.projectId, CREATORS + 1, `load-e2e-${project.projectId.slice(0, 8)}`);
  const cookies = await Promise.all(
    emails.map((email, i) => signInThroughMagicLink({ baseUrl: baseURL, databaseUrl, email, clientIp: `10.250.${process.pid & 255}.${i + 1}` })),
  );
  const uploaderCookie = cookies.pop()!;
  // A few next pages are enough to exercise the keyset cursors; opening every first page would double the test's time.
  const urls = await buildReportUrls({ databaseUrl, projectId: project.projectId, baseUrl: baseURL, cookie: cookies[0], followPages: 1, followFirstPages: 8 });
  const template = await downloadFilledTrackingTemplate(baseURL, project.projectId, uploaderCookie);
  expect(template.rows).toBe(project.backers);

  const run = await measureReportLoad({
    baseUrl: baseURL,
    cookies,
    urls,
    connections: CREATORS,
    durationSeconds: SECONDS,
    // The suite shares the machine with Chromium and another test worker; a slow answer is reported
    // in the percentiles, only a request that gets none at all should fail the test.
    timeoutSeconds: 30,
    // Let the report load build up before the upload starts.
    alongside: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return uploadTrackingFile(baseURL, project.projectId, uploaderCookie, template.csv);
    },
  });

  const { figures } = run;
  const upload = run.alongside;
  const during = upload ? summarizeLatencies(run.samples, upload.startedAt, upload.finishedAt) : undefined;
  const summary =
    `backer report, ${CREATORS} connections for ${figures.seconds} s over ${urls.length} URLs: ${figures.requests} requests, ` +
    `p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, p99 ${figures.p99Ms} ms` +
    (during ? `; during the upload ${during.requests} requests, p50 ${during.p50Ms} ms, p95 ${during.p95Ms} ms` : "");
  console.log(summary);
  testInfo.annotations.push({ type: "load", description: summary });

  expect(upload && "value" in upload, upload && "error" in upload ? String(upload.error) : "the upload did not run").toBe(true);
  if (!upload || !("value" in upload)) return;
  expect(upload.value.outcome).toMatchObject({ ok: true, result: { shipmentsAdded: project.backers, emailsQueued: project.backers } });
  expect(figures.requests).toBeGreaterThan(CREATORS);
  expect({ errors: figures.errors, timeouts: figures.timeouts, non2xx: figures.non2xx, wrongBody: figures.mismatches }).toEqual({
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    wrongBody: 0,
  });
  expect(await verifyTrackingUpload(databaseUrl, project.projectId, emails[emails.length - 1])).toMatchObject({
    backers: project.backers,
    appliedOnce: true,
  });
});
