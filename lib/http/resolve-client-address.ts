export type ClientAddressInput = {
  /** The X-Forwarded-For header as received (possibly several headers joined with commas). */
  forwardedFor: string | null | undefined;
  /** The address of the TCP peer (the nearest proxy, or the client itself). */
  socketAddress: string | null | undefined;
  /** How many proxies in front of the app append to X-Forwarded-For (TRUSTED_PROXY_HOPS). */
  trustedHops: number;
};

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) reads as "10.0.0.1". */
function plain(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * The client's address. Each trusted proxy appends the address it saw to X-Forwarded-For, so with
 * N trusted hops the client is the N-th entry from the right; everything further left is whatever
 * the client wrote itself. With no trusted hops the header is ignored and the socket's address is
 * the client's. A header shorter than the configured hops (a request that skipped a proxy) yields
 * its leftmost entry, the furthest address any trusted proxy vouched for.
 */
export function resolveClientAddress({ forwardedFor, socketAddress, trustedHops }: ClientAddressInput): string | null {
  const socket = socketAddress ? plain(socketAddress) : null;
  if (trustedHops <= 0) return socket;
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return socket;
  return plain(entries[Math.max(0, entries.length - trustedHops)]);
}
