import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "@/lib/auth/is-cross-site-request";

const request = (headers: Record<string, string>) =>
  new Request("http://app.example/projects/p/tracking/apply", { method: "POST", headers });

describe("isCrossSiteRequest", () => {
  it("accepts a post from our own pages", () => {
    expect(isCrossSiteRequest(request({ origin: "http://app.example", host: "app.example" }))).toBe(false);
    expect(isCrossSiteRequest(request({ origin: "https://app.example", host: "proxy:3000", "x-forwarded-host": "app.example" }))).toBe(false);
  });

  it("refuses a post from another site, or an Origin it cannot read", () => {
    expect(isCrossSiteRequest(request({ origin: "https://evil.example", host: "app.example" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "not a url", host: "app.example" }))).toBe(true);
  });

  it("falls back to Fetch Metadata when there is no usable Origin", () => {
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "cross-site", host: "app.example" }))).toBe(true);
    expect(isCrossSiteRequest(request({ origin: "null", "sec-fetch-site": "cross-site", host: "app.example" }))).toBe(true);
    expect(isCrossSiteRequest(request({ "sec-fetch-site": "same-origin", host: "app.example" }))).toBe(false);
    expect(isCrossSiteRequest(request({ host: "app.example" }))).toBe(false);
  });
});
