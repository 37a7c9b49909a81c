export type BodyWithinLimit = { ok: true; bytes: Uint8Array } | { ok: false; reason: "too-large"; limit: number; declared: number | null } | { ok: false; reason: "incomplete" };

/**
 * Reads a request's body, counting the bytes as they arrive, and stops (cancelling the rest of the
 * upload) as soon as they pass `maxBytes`. `Content-Length` is only a shortcut for refusing early:
 * a chunked body has none, and a client may declare less than it sends, so the count is what
 * decides. Nothing past the limit is ever held in memory.
 */
export async function readBodyWithinLimit(request: Request, maxBytes: number): Promise<BodyWithinLimit> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too-large", limit: maxBytes, declared };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        chunks.length = 0;
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too-large", limit: maxBytes, declared: null };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: "incomplete" };
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0] };
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
