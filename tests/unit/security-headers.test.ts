import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";
import { buildContentSecurityPolicy } from "@/lib/security/build-content-security-policy";
import { buildPageSecurityHeaders } from "@/lib/security/build-page-security-headers";
import { createCspNonce } from "@/lib/security/create-csp-nonce";
import { applyPageSecurity, PAGE_SECURITY_APPLIED_HEADER } from "@/lib/security/apply-page-security";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/choose-return-path";
import type { IncomingHttpHeaders } from "node:http";

/** The policy as directive → sources, so assertions read like the policy. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("buildContentSecurityPolicy", () => {
  it("in production: scripts only by nonce (and what they load), everything else from our origin", () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: "abc123==", development: false, https: false }));
    expect(policy).toEqual({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'nonce-abc123=='", "'strict-dynamic'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
  });

  it("never combines a style nonce with 'unsafe-inline', which browsers would then ignore", () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: "abc", development: false, https: false }));
    expect(policy["style-src"].some((source) => source.startsWith("'nonce-"))).toBe(false);
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("in development: eval for React's error overlay and websockets for hot reload, nothing else", () => {
    const production = directives(buildContentSecurityPolicy({ nonce: "n0nce", development: false, https: false }));
    const development = directives(buildContentSecurityPolicy({ nonce: "n0nce", development: true, https: false }));
    expect(development["script-src"]).toEqual([...production["script-src"], "'unsafe-eval'"]);
    expect(development["connect-src"]).toEqual(["'self'", "ws:"]);
    expect({ ...development, "script-src": [], "connect-src": [] }).toEqual({
      ...production,
      "script-src": [],
      "connect-src": [],
    });
  });

  it("upgrades insecure requests only when served over https", () => {
    expect(buildContentSecurityPolicy({ nonce: "n", development: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
    expect(buildContentSecurityPolicy({ nonce: "n", development: false, https: false })).not.toContain("upgrade-insecure-requests");
  });

  it("refuses a nonce that could break out of its source expression", () => {
    expect(() => buildContentSecurityPolicy({ nonce: "x'; script-src *", development: false, https: false })).toThrow(
      "A CSP nonce must be base64.",
    );
  });
});

describe("createCspNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 200 }, createCspNonce));
    expect(nonces.size).toBe(200);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    }
  });
});

describe("buildPageSecurityHeaders", () => {
  it("adds HSTS only for an https APP_URL", () => {
    const https = buildPageSecurityHeaders({ nonce: "n", development: false, appUrl: "https://pledges.example.com" });
    expect(https["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    const http = buildPageSecurityHeaders({ nonce: "n", development: false, appUrl: "http://localhost:3000" });
    expect(Object.keys(http)).toEqual(["Content-Security-Policy"]);
  });
});

describe("the proxy", () => {
  it("puts one fresh policy on both the request (for Next to nonce its scripts) and the response", () => {
    const first = proxy(new NextRequest("http://localhost:3000/projects"));
    const second = proxy(new NextRequest("http://localhost:3000/projects"));
    const policy = first.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
    // NextResponse.next({ request: { headers } }) hands overridden request headers to Next this way.
    expect(first.headers.get("x-middleware-override-headers")?.split(",")).toContain("content-security-policy");
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    // Vitest runs with NODE_ENV=test and the default http APP_URL.
    expect(policy).not.toContain("unsafe-eval");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("skips static assets, prefetches and multipart uploads, whose bodies it would truncate", () => {
    const [matcher] = proxyConfig.matcher;
    const source = new RegExp(`^${matcher.source}$`);
    expect(source.test("/projects/abc/backers")).toBe(true);
    expect(source.test("/api/auth/get-session")).toBe(true);
    expect(source.test("/_next/static/chunks/main.js")).toBe(false);
    expect(source.test("/favicon.ico")).toBe(false);
    const contentType = matcher.missing.find((rule) => rule.key === "content-type")!;
    expect(new RegExp(`^${contentType.value}$`).test("multipart/form-data; boundary=----x")).toBe(true);
    expect(new RegExp(`^${contentType.value}$`).test("text/plain;charset=UTF-8")).toBe(false);
  });
});

describe("the production web server's page headers", () => {
  const options = { development: false, appUrl: "http://localhost:3000" };
  /** A request as the server hands it to Next, and the headers put on its response. */
  function prepare(url: string, headers: IncomingHttpHeaders = {}, appUrl = options.appUrl) {
    const request = { url, headers: { ...headers } };
    const response: Record<string, string> = {};
    applyPageSecurity(request, { setHeader: (name: string, value: string) => (response[name.toLowerCase()] = value) }, { ...options, appUrl });
    return { seen: request.headers, response };
  }

  it("puts one fresh policy on both the request and the response, as the proxy does", () => {
    const first = prepare("/projects");
    const second = prepare("/projects");
    const policy = first.seen["content-security-policy"] as string;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/);
    expect(first.response["content-security-policy"]).toBe(policy);
    expect(second.seen["content-security-policy"]).not.toBe(policy);
    expect(policy).not.toContain("unsafe-eval");
    expect(first.response["strict-transport-security"]).toBeUndefined();
    expect(prepare("/projects", {}, "https://pledges.example.com").response["strict-transport-security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });

  it("replaces a requested path the client sent, without the router's _rsc parameter", () => {
    const { seen } = prepare("/projects/p1/backers?sort=name&_rsc=abc12", { [REQUESTED_PATH_HEADER]: "/projects/other" });
    expect(seen[REQUESTED_PATH_HEADER]).toBe("/projects/p1/backers?sort=name");
    expect(prepare("/pledges/x?q=a%20b")).toMatchObject({ seen: { [REQUESTED_PATH_HEADER]: "/pledges/x?q=a%20b" } });
  });

  it("leaves static assets alone, and marks every request so the proxy skips it", () => {
    const asset = prepare("/_next/static/chunks/main.js", { [REQUESTED_PATH_HEADER]: "/projects/other" });
    expect(asset.response).toEqual({});
    expect(asset.seen["content-security-policy"]).toBeUndefined();
    expect(asset.seen[REQUESTED_PATH_HEADER]).toBeUndefined();
    expect(asset.seen[PAGE_SECURITY_APPLIED_HEADER]).toBe("1");
    expect(prepare("/projects", { [PAGE_SECURITY_APPLIED_HEADER]: "0" }).seen[PAGE_SECURITY_APPLIED_HEADER]).toBe("1");
    // The proxy's matcher names the header as a literal (Next reads it without running code).
    const [matcher] = proxyConfig.matcher;
    expect(matcher.missing).toContainEqual({ type: "header", key: PAGE_SECURITY_APPLIED_HEADER });
  });
});

describe("next.config headers", () => {
  it("send the fixed security headers on every path", async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0].source).toBe("/:path*");
    expect(Object.fromEntries(rules[0].headers.map(({ key, value }) => [key, value]))).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });
});
