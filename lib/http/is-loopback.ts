/** True for 127.0.0.0/8, ::1 and their IPv4-mapped form. */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/**
 * True when a Host header names this machine by a loopback name (with any port). A page on another
 * site can point its own name at 127.0.0.1 (DNS rebinding), but its requests then carry that name.
 */
export function isLoopbackHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const hostname = host.trim().toLowerCase().replace(/:\d+$/, "");
  return hostname === "localhost" || hostname === "[::1]" || isLoopbackAddress(hostname);
}
