import { describe, expect, it } from "vitest";
import { canOpenDevMailbox } from "@/lib/dev/can-open-dev-mailbox";
import { isLoopbackAddress, isLoopbackHost } from "@/lib/http/is-loopback";
import { PEER_ADDRESS_HEADER } from "@/lib/http/peer-address-header";
import { resolveClientAddress } from "@/lib/http/resolve-client-address";

describe("resolveClientAddress", () => {
  it("without trusted proxies uses the socket's address and ignores what the client wrote", () => {
    expect(resolveClientAddress({ forwardedFor: "6.6.6.6", socketAddress: "198.51.100.7", trustedHops: 0 })).toBe("198.51.100.7");
    expect(resolveClientAddress({ forwardedFor: null, socketAddress: "::ffff:198.51.100.7", trustedHops: 0 })).toBe("198.51.100.7");
  });

  it("with N trusted proxies takes the N-th entry from the right", () => {
    // client wrote 6.6.6.6; the CDN saw 203.0.113.5 and appended it; the load balancer appended the CDN's edge.
    const forwardedFor = "6.6.6.6, 203.0.113.5, 192.0.2.10";
    expect(resolveClientAddress({ forwardedFor, socketAddress: "10.0.0.2", trustedHops: 1 })).toBe("192.0.2.10");
    expect(resolveClientAddress({ forwardedFor, socketAddress: "10.0.0.2", trustedHops: 2 })).toBe("203.0.113.5");
  });

  it("falls back to the leftmost entry, or the socket, when the header is shorter than the hops", () => {
    expect(resolveClientAddress({ forwardedFor: "203.0.113.5", socketAddress: "10.0.0.2", trustedHops: 2 })).toBe("203.0.113.5");
    expect(resolveClientAddress({ forwardedFor: " , ", socketAddress: "10.0.0.2", trustedHops: 1 })).toBe("10.0.0.2");
  });
});

describe("loopback checks", () => {
  it("recognises loopback addresses and host names", () => {
    expect(["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"].every(isLoopbackAddress)).toBe(true);
    expect(["10.0.0.1", "::ffff:10.0.0.1", "", null].some(isLoopbackAddress)).toBe(false);
    expect(["localhost:3000", "127.0.0.1", "[::1]:3000", "LOCALHOST"].every(isLoopbackHost)).toBe(true);
    expect(["evil.example", "localhost.evil.example", "127.0.0.1.nip.io:3000"].some(isLoopbackHost)).toBe(false);
  });
});

describe("canOpenDevMailbox", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("answers loopback peers whose Host names the loopback", () => {
    expect(canOpenDevMailbox(headers({ host: "localhost:3000", [PEER_ADDRESS_HEADER]: "127.0.0.1" }), true)).toBe(true);
    // next dev: no peer header, and the server listens on the loopback only.
    expect(canOpenDevMailbox(headers({ host: "localhost:3000" }), true)).toBe(true);
  });

  it("refuses a rebound host name, a remote peer, and any request when the mailbox is off", () => {
    expect(canOpenDevMailbox(headers({ host: "rebind.evil.example:3000", [PEER_ADDRESS_HEADER]: "127.0.0.1" }), true)).toBe(false);
    expect(canOpenDevMailbox(headers({ host: "localhost:3000", [PEER_ADDRESS_HEADER]: "192.168.1.20" }), true)).toBe(false);
    expect(canOpenDevMailbox(headers({ host: "localhost:3000", [PEER_ADDRESS_HEADER]: "127.0.0.1" }), false)).toBe(false);
  });
});
