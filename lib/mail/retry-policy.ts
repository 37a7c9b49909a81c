/** After this many attempts a message that still fails temporarily is marked FAILED. */
export const MAX_DELIVERY_ATTEMPTS = 12;

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * How long to wait before the next attempt after `attempts` failed ones: 30 s doubling up to an
 * hour (2.5 to 5 hours in all before giving up), each randomised to between half and all of that,
 * so messages that failed together (an SMTP outage) do not all retry in the same second.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
