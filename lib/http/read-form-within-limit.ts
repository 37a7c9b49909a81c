import { readBodyWithinLimit } from "./read-body-within-limit";

export type FormWithinLimit = { ok: true; form: FormData } | { ok: false; reason: "too-large"; limit: number; declared: number | null } | { ok: false; reason: "incomplete" | "not-a-form" };

/**
 * The posted form (multipart or URL-encoded), read through `readBodyWithinLimit`: a body past
 * `maxBytes` is refused while it arrives, whatever its headers claim, instead of being buffered
 * whole by `request.formData()` first. Every route handler that takes a form reads it here.
 */
export async function readFormWithinLimit(request: Request, maxBytes: number): Promise<FormWithinLimit> {
  const body = await readBodyWithinLimit(request, maxBytes);
  if (!body.ok) return body;
  try {
    const contentType = request.headers.get("content-type") ?? "";
    const form = await new Response(body.bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, reason: "not-a-form" };
  }
}
