import { isLoopbackHost } from "@/lib/http/is-loopback";

export type DevListenAddress = {
  /** What `next dev --hostname` gets. */
  host: string;
  /** Other machines can connect. */
  exposed: boolean;
  /** Extra environment for the dev server: the dev mailbox goes off when exposed, unless asked for. */
  env: Record<string, string>;
};

/**
 * Where `npm run dev` listens: the loopback, so nobody else on the network reaches a server whose
 * mailbox shows every sign-in link, unless HOST says otherwise (a phone on the LAN); then the
 * mailbox is off unless ENABLE_DEV_MAILBOX asks for it by name.
 */
export function chooseDevListenAddress(environment: Record<string, string | undefined>): DevListenAddress {
  const host = environment.HOST?.trim() || "127.0.0.1";
  const exposed = !isLoopbackHost(host);
  return { host, exposed, env: exposed && !environment.ENABLE_DEV_MAILBOX ? { ENABLE_DEV_MAILBOX: "0" } : {} };
}
