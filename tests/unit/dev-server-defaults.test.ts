import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveAuthSecret } from "@/lib/auth/resolve-auth-secret";
import { chooseDevListenAddress } from "@/lib/dev/choose-dev-listen-address";

const checkouts: string[] = [];
const checkout = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "checkout-"));
  checkouts.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of checkouts.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the development AUTH_SECRET", () => {
  it("is random per checkout, kept in .data/ (owner-only) and reused across restarts", () => {
    const first = checkout();
    const secret = resolveAuthSecret(undefined, "development", first);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveAuthSecret(undefined, "development", first)).toBe(secret);
    const file = path.join(first, ".data", "dev-auth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(resolveAuthSecret(undefined, "development", checkout())).not.toBe(secret);
  });

  it("is random per process in tests and never the old public constant; a configured one wins", () => {
    const a = resolveAuthSecret(undefined, "test");
    expect(a).not.toBe(resolveAuthSecret(undefined, "test"));
    expect(a).not.toContain("pledgehouse-development");
    expect(resolveAuthSecret("configured-secret-configured-secret", "production")).toBe("configured-secret-configured-secret");
  });
});

describe("where npm run dev listens", () => {
  it("on the loopback unless HOST says otherwise", () => {
    expect(chooseDevListenAddress({})).toEqual({ host: "127.0.0.1", exposed: false, env: {} });
    expect(chooseDevListenAddress({ HOST: "localhost" })).toMatchObject({ host: "localhost", exposed: false });
  });

  it("with HOST on the network, turns the dev mailbox off unless ENABLE_DEV_MAILBOX asks for it", () => {
    expect(chooseDevListenAddress({ HOST: "0.0.0.0" })).toEqual({ host: "0.0.0.0", exposed: true, env: { ENABLE_DEV_MAILBOX: "0" } });
    expect(chooseDevListenAddress({ HOST: "0.0.0.0", ENABLE_DEV_MAILBOX: "1" }).env).toEqual({});
  });
});
