import { DEFAULT_MAX_UPLOAD_BYTES } from "@/lib/csv/decode-text-file";
import { MAX_CODE_FILE_BYTES } from "@/lib/digital-rewards/read-code-file";

/** The largest file an upload form may carry, as messages name it (the form around it may add a little). */
export const MAX_UPLOAD_FILE_BYTES = DEFAULT_MAX_UPLOAD_BYTES;

/** Multipart overhead on top of a file limit (boundaries, the selection, mapping and choice fields). */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

/**
 * The most bytes each kind of request body may hold, counted as it arrives. One table, so no route
 * reads a body without a bound.
 */
export const REQUEST_BODY_LIMITS = {
  /** A backer report or tracking CSV (or ZIP) with the form around it. */
  upload: MAX_UPLOAD_FILE_BYTES + FORM_OVERHEAD_BYTES,
  /** A digital reward's code list (a CSV, TXT or workbook, or pasted text) with the form around it. */
  codeList: MAX_CODE_FILE_BYTES + FORM_OVERHEAD_BYTES,
  /** A form naming a selection of backers (at most 5,000 ids) and a sort: the template and export requests. */
  selectionForm: 1024 * 1024,
  /** A form that only chooses an export's format (a segment's SKU per Column). */
  exportChoiceForm: 4 * 1024,
  /** Sign-in, sign-out and session requests to the auth endpoints. */
  auth: 64 * 1024,
  /** A mail provider's event batch: kilobytes in practice; anything far larger is not a provider. */
  mailWebhook: 1024 * 1024,
  /** A one-click unsubscribe ("List-Unsubscribe=One-Click") or the unsubscribe page's form. */
  unsubscribe: 4 * 1024,
} as const;
