import { describeOversizedUpload } from "./describe-oversized-upload";
import { readFormWithinLimit } from "./read-form-within-limit";
import { MAX_UPLOAD_FILE_BYTES } from "./request-body-limits";
import { routeFailureResponse, type RouteFailureFormat } from "./route-responses";

/** What the creator is told when a posted form is refused, in the words of the page that posts it. */
export type RouteFormMessages = {
  /** Follows the sentence naming the sizes ("The upload is 101.0 MB; the limit is 100.0 MB.") when `sizeSentence`, else stands alone. */
  tooLarge: string;
  /** True for file uploads, where the sizes help; false for selection forms, where they mean nothing to the creator. */
  sizeSentence: boolean;
  /** The file limit the size sentence names, when the form's files are held to less than MAX_UPLOAD_FILE_BYTES. */
  fileLimit?: number;
  /** The body stopped before its end. */
  incomplete: string;
  /** The body was not multipart or URL-encoded. */
  notAForm: string;
};

/**
 * The posted form, or the refusal to send in the route's format: 413 as soon as the body passes
 * `limit` (counted while it arrives, whatever `Content-Length` says), 400 when it is cut off or not a form.
 */
export async function readRouteForm(
  request: Request,
  format: RouteFailureFormat,
  { limit, messages }: { limit: number; messages: RouteFormMessages },
): Promise<{ ok: true; form: FormData } | { ok: false; response: Response }> {
  const read = await readFormWithinLimit(request, limit);
  if (read.ok) return read;
  if (read.reason === "too-large") {
    const sizes = messages.sizeSentence
      ? `${describeOversizedUpload(read.declared, Math.min(read.limit, messages.fileLimit ?? MAX_UPLOAD_FILE_BYTES))} `
      : "";
    return { ok: false, response: routeFailureResponse(format, 413, "INVALID_INPUT", `${sizes}${messages.tooLarge}`) };
  }
  return {
    ok: false,
    response: routeFailureResponse(
      format,
      400,
      "INVALID_INPUT",
      read.reason === "incomplete" ? messages.incomplete : messages.notAForm,
    ),
  };
}
