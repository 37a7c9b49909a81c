import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBodyWithinLimit } from "@/lib/http/read-body-within-limit";
import { readFormWithinLimit } from "@/lib/http/read-form-within-limit";

const MB = 1024 * 1024;

/** A chunked body, as `curl -H "Transfer-Encoding: chunked"` sends it: no Content-Length, `total` bytes in 64 KB chunks. */
function chunkedPost(total: number, headers: Record<string, string> = {}) {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(64 * 1024, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request("http://localhost/projects/p/imports/preview", { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { request, sent: () => sent, cancelled: () => cancelled };
}

describe("reading a request body within a limit", () => {
  it("stops a chunked body without Content-Length as soon as it passes the limit, and cancels the rest", async () => {
    const post = chunkedPost(300 * MB);
    const read = await readBodyWithinLimit(post.request, 1 * MB);
    expect(read).toEqual({ ok: false, reason: "too-large", limit: 1 * MB, declared: null });
    // Read one chunk past the limit, not the 300 MB the client was ready to send.
    expect(post.sent()).toBeLessThanOrEqual(1 * MB + 128 * 1024);
    expect(post.cancelled()).toBe(true);
  });

  it("counts the bytes, not the Content-Length a client declares", async () => {
    const post = chunkedPost(3 * MB, { "content-length": "10" });
    const read = await readBodyWithinLimit(post.request, 1 * MB);
    expect(read.ok).toBe(false);
    expect(post.sent()).toBeLessThan(2 * MB);
  });

  it("refuses a declared size over the limit before reading anything", async () => {
    const post = chunkedPost(3 * MB, { "content-length": String(3 * MB) });
    expect(await readBodyWithinLimit(post.request, 1 * MB)).toMatchObject({ ok: false, reason: "too-large" });
    expect(post.sent()).toBe(0);
  });

  it("reads a form within the limit as request.formData() would", async () => {
    const form = new FormData();
    form.set("selection", JSON.stringify({ kind: "ids", ids: [] }));
    form.set("file", new File(["Backer Number,Tracking Number\n1,1Z999AA10123456784\n"], "tracking.csv", { type: "text/csv" }));
    const request = new Request("http://localhost/x", { method: "POST", body: form });
    const read = await readFormWithinLimit(request, 1 * MB);
    if (!read.ok) throw new Error(read.reason);
    expect(read.form.get("selection")).toBe(JSON.stringify({ kind: "ids", ids: [] }));
    expect(await (read.form.get("file") as File).text()).toContain("1Z999AA10123456784");
  });

  it("answers not-a-form for a body that is not one", async () => {
    const request = new Request("http://localhost/x", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await readFormWithinLimit(request, 1 * MB)).toEqual({ ok: false, reason: "not-a-form" });
  });
});

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return /^route\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("every route handler", () => {
  it("reads its body only through the counted readers, never request.formData()/json()/text()/arrayBuffer()", () => {
    const files = routeFiles("app");
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.filter((file) => /\brequest\.(formData|json|text|arrayBuffer|blob)\s*\(|\brequest\.body\b/.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("that accepts a body names its limit", () => {
    for (const file of routeFiles("app")) {
      const source = readFileSync(file, "utf8");
      if (!/export (async function|const \{[^}]*)\s*(POST|PUT|PATCH)\b/.test(source)) continue;
      expect(source, file).toMatch(/REQUEST_BODY_LIMITS\.\w+/);
    }
  });
});
