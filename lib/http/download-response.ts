/**
 * A file download for a route handler: `body` is read one chunk at a time as the client takes it
 * (a closed tab stops the reading), with a Content-Disposition whose plain name every browser
 * accepts and whose `filename*` keeps the exact name.
 */
export function downloadResponse(body: AsyncIterable<Uint8Array>, file: { name: string; mediaType: string }): Response {
  const chunks = body[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
  const plain = file.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(stream, {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Disposition": `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
