export type DeliveryErrorClass = {
  /** True when retrying cannot help (the server answered 5xx about this message). */
  permanent: boolean;
  /** What to store in last_error: the server's reply when there was one. */
  reason: string;
};

// Authentication and configuration problems answer 5xx too, but they are the operator's to fix,
// not the message's fault: keep retrying instead of failing every queued message.
const OPERATOR_ERRORS = new Set(["EAUTH", "ENOAUTH", "EOAUTH2", "ECONFIG", "ETLS", "EREQUIRETLS"]);

/**
 * Sorts a nodemailer error into temporary (4xx replies, refused/reset/timed-out connections,
 * anything unexpected) and permanent (a 5xx reply to this message, e.g. 550 no such user).
 */
export function classifyDeliveryError(error: unknown): DeliveryErrorClass {
  const details = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof details.code === "string" ? details.code : undefined;
  const responseCode = typeof details.responseCode === "number" ? details.responseCode : undefined;
  const response = typeof details.response === "string" ? details.response.trim() : undefined;
  const message = typeof details.message === "string" ? details.message : String(error);

  const reason = response ? response : code && !message.includes(code) ? `${code}: ${message}` : message;
  const permanent =
    responseCode !== undefined && responseCode >= 500 && responseCode < 600 && !OPERATOR_ERRORS.has(code ?? "");
  return { permanent, reason: reason.slice(0, 1000) };
}
