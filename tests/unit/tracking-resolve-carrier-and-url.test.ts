import { describe, expect, it } from "vitest";
import { resolveCarrierAndUrl } from "@/lib/tracking/resolve-carrier-and-url";

const UPS = "1Z999AA10123456784";

describe("resolveCarrierAndUrl: the tracking link a creator gives", () => {
  // Each has a host with a dot, so only the scheme check can refuse it.
  it.each([
    "javascript://example.com/%0Aalert(document.cookie)",
    "JavaScript://track.example.com/%0aalert(1)",
    "data://example.com/text/html,<script>alert(1)</script>",
    "vbscript://example.com/msgbox(1)",
    "ftp://files.example.com/track",
    "file://server.example.com/etc/passwd",
  ])("refuses %s and keeps the carrier's own link", (url) => {
    const resolved = resolveCarrierAndUrl(UPS, "UPS", url);
    expect(resolved.invalidUrl).toBe(true);
    expect(resolved.trackingUrl).toMatch(/^https:\/\/www\.ups\.com\//);
  });

  it.each(["https://track.example.com/?n=1", "http://track.example.com/1Z999"])("keeps %s as given", (url) => {
    expect(resolveCarrierAndUrl(UPS, "UPS", url)).toMatchObject({ invalidUrl: false, trackingUrl: url, urlTemplate: null });
  });
});
