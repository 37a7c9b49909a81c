/**
 * The request header in which the production web server (lib/server/start-web-server.ts) hands the
 * TCP peer's address to the app. The server always overwrites it, so a client cannot set it.
 */
export const PEER_ADDRESS_HEADER = "x-pledgehouse-peer-address";
