/**
 * How often someone may ask for a sign-in link. Two independent limits: per client IP (Better
 * Auth's rate limiter, stored in the rate_limit table so it holds across web processes) stops one
 * client from mailing many addresses; per address (counted from the outbox) stops anyone from
 * flooding one inbox from many IPs.
 */
export const SIGN_IN_LIMITS = {
  perIp: { windowSeconds: 10 * 60, max: 5 },
  perAddress: { windowSeconds: 15 * 60, max: 10 },
  /** How long a magic link stays valid (the email says so). */
  linkExpiresInSeconds: 15 * 60,
} as const;
