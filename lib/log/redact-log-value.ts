const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Sign-in tokens, session ids and API keys travel in query strings and headers.
const SECRET_PARAM = /\b(token|code|secret|password|key|session|signature|otp)=([^&\s"']+)/gi;
const SECRET_KEY = /^(authorization|cookie|set-cookie|password|secret|token|.*token|.*secret|smtp_url|database_url|auth_secret)$/i;

/**
 * Masks what must never reach a log line: email addresses (backers' personal data), tokens in
 * URLs, and whole values under keys that hold credentials (cookies, authorization, tokens). Walks
 * plain objects, arrays and errors; other values pass unchanged.
 */
export function redactLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(EMAIL, "[email]").replace(SECRET_PARAM, "$1=[redacted]");
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactLogValue(item, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactLogValue(value.message), stack: redactLogValue(value.stack ?? "") };
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactLogValue(inner, depth + 1);
  }
  return out;
}
