import { describe, expect, it } from "vitest";
import { refuseOversizedTrackingUpload } from "@/lib/tracking/refuse-oversized-tracking-upload";

const post = (contentLength?: number) =>
  new Request("http://localhost/projects/p/tracking/preview", {
    method: "POST",
    headers: contentLength === undefined ? {} : { "content-length": String(contentLength) },
  });

describe("refuseOversizedTrackingUpload", () => {
  it("answers 413 with the size and the limit before the form is read", async () => {
    const response = refuseOversizedTrackingUpload(post(101 * 1024 * 1024 + 1024 * 1024 + 1));
    expect(response?.status).toBe(413);
    expect(await response!.text()).toMatch(/^The upload is 102\.0 MB; the limit is 100\.0 MB\. .*Nothing was changed\./);
  });

  it("lets uploads within the limit (or without a declared size) through", () => {
    expect(refuseOversizedTrackingUpload(post(15 * 1024 * 1024))).toBeNull();
    expect(refuseOversizedTrackingUpload(post(100 * 1024 * 1024 + 1024))).toBeNull();
    expect(refuseOversizedTrackingUpload(post())).toBeNull();
  });
});
