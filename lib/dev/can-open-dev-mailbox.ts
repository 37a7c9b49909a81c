import { devMailboxEnabled } from "@/lib/env";
import { isLoopbackAddress, isLoopbackHost } from "@/lib/http/is-loopback";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address-header";

/**
 * Whether this request may read the dev mailbox (every sign-in link and code the app sent). Only
 * from this machine: the Host must name the loopback, which a DNS-rebinding page cannot fake, and
 * the connection must come from the loopback. The production web server reports the connection's
 * address in PEER_ADDRESS_HEADER; `next dev` (no such header) listens on the loopback only unless
 * told otherwise, and then `npm run dev` turns the mailbox off (lib/dev/start-dev.ts).
 */
export function canOpenDevMailbox(headers: Headers, enabled: boolean = devMailboxEnabled): boolean {
  if (!enabled || !isLoopbackHost(headers.get("host"))) return false;
  const peer = headers.get(PEER_ADDRESS_HEADER);
  return peer === null || isLoopbackAddress(peer);
}
