import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { readRouteForm, type RouteFormMessages } from "@/lib/http/read-route-form";
import { domainErrorRouteResponse, routeFailureResponse } from "@/lib/http/route-responses";

const MB = 1024 * 1024;
const MESSAGES: RouteFormMessages = {
  sizeSentence: true,
  tooLarge: "Split the file.",
  incomplete: "Try again.",
  notAForm: "Reload the page.",
};

function post(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("http://localhost/projects/p/tracking/preview", { method: "POST", headers, body });
}

describe("the answers of project route handlers", () => {
  it("writes a failure as plain text for text routes and as { ok, code, message } for JSON routes, never cached", async () => {
    const text = routeFailureResponse("text", 403, "FORBIDDEN", "Viewers cannot add tracking numbers.");
    expect(text.status).toBe(403);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("cache-control")).toBe("no-store");
    expect(await text.text()).toBe("Viewers cannot add tracking numbers.\n");

    const json = routeFailureResponse("json", 404, "NOT_FOUND", "Page not found.");
    expect(json.status).toBe(404);
    expect(json.headers.get("cache-control")).toBe("no-store");
    expect(await json.json()).toEqual({ ok: false, code: "NOT_FOUND", message: "Page not found." });
  });

  it("answers each domain error with its status from the one table and its own message, and rethrows bugs", async () => {
    const statuses = await Promise.all(
      (["NOT_FOUND", "FORBIDDEN", "CONFLICT", "INVALID_INPUT"] as const).map(async (code) => {
        const response = domainErrorRouteResponse("json", new DomainError(code, `${code} happened`));
        return [code, response.status, (await response.json()).message];
      }),
    );
    expect(statuses).toEqual([
      ["NOT_FOUND", 404, "NOT_FOUND happened"],
      ["FORBIDDEN", 403, "FORBIDDEN happened"],
      ["CONFLICT", 409, "CONFLICT happened"],
      ["INVALID_INPUT", 400, "INVALID_INPUT happened"],
    ]);
    const bug = new TypeError("undefined is not a function");
    expect(() => domainErrorRouteResponse("text", bug)).toThrow(bug);
  });

  it("refuses a form past its limit with 413 naming the sizes before the route's advice", async () => {
    const upload = post(new Blob([new Uint8Array(2 * MB)]), {
      "content-type": "multipart/form-data; boundary=x",
      "content-length": String(2 * MB),
    });
    const refused = await readRouteForm(upload, "text", { limit: 1 * MB, messages: MESSAGES });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.response.status).toBe(413);
    expect(await refused.response.text()).toMatch(/^The upload is 2\.0 MB; the limit is 1\.0 MB\. Split the file\.\n$/);
  });

  it("gives a selection form's own sentence alone when sizes would mean nothing, and 400 for a body that is not a form", async () => {
    const big = await readRouteForm(
      post("selection=" + "a".repeat(2 * MB), { "content-type": "application/x-www-form-urlencoded" }),
      "json",
      {
        limit: 1 * MB,
        messages: { ...MESSAGES, sizeSentence: false, tooLarge: "Select fewer backers." },
      },
    );
    expect(big.ok || { status: big.response.status, body: await big.response.json() }).toEqual({
      status: 413,
      body: { ok: false, code: "INVALID_INPUT", message: "Select fewer backers." },
    });

    const notAForm = await readRouteForm(post("{}", { "content-type": "application/json" }), "text", {
      limit: 1 * MB,
      messages: MESSAGES,
    });
    expect(notAForm.ok || { status: notAForm.response.status, body: await notAForm.response.text() }).toEqual({
      status: 400,
      body: "Reload the page.\n",
    });

    const fine = await readRouteForm(
      post("format=xlsx", { "content-type": "application/x-www-form-urlencoded" }),
      "text",
      { limit: 1 * MB, messages: MESSAGES },
    );
    expect(fine.ok && fine.form.get("format")).toBe("xlsx");
  });
});
