const THROTTLE_CODES = new Set([421, 451, 454]);
// Words providers use for rate limits; a bare "try again later" is an ordinary temporary failure.
const THROTTLE_WORDS = /throttl|rate|too many|too fast|slow down|limit exceeded|exceeded.*limit/i;

/**
 * Whether a nodemailer error is the provider asking us to send more slowly (421, 451 or 454 saying
 * so, e.g. SES's "454 Throttling failure: Maximum sending rate exceeded"): not the message's fault,
 * so it is never counted as a failed attempt.
 */
export function isThrottlingReply(error: unknown): boolean {
  const details = (typeof error === "object" && error !== null ? error : {}) as {
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof details.responseCode === "number" ? details.responseCode : undefined;
  if (code === undefined || !THROTTLE_CODES.has(code)) return false;
  const text =
    typeof details.response === "string"
      ? details.response
      : typeof details.message === "string"
        ? details.message
        : "";
  return THROTTLE_WORDS.test(text);
}
