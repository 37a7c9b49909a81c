import { DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/csv/decode-text-file";
import { formatByteSize } from "@/lib/csv/file-problem";

/** Multipart overhead on top of the file limit (boundaries, the selection and choice fields). */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/**
 * A 413 answer for an upload whose declared size is over the limit, or null. Checked before the
 * form is read, because reading it buffers the whole body in memory first (a 2 GB post would be
 * held in full just to be refused).
 */
export function refuseOversizedTrackingUpload(request: Request, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Response | null {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (!(declared > maxBytes + FORM_OVERHEAD_BYTES)) return null;
  return new Response(
    `The upload is ${formatByteSize(declared)}; the limit is ${formatByteSize(maxBytes)}. Split the file into smaller files (for example one per reward). Nothing was changed.\n`,
    { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } },
  );
}
