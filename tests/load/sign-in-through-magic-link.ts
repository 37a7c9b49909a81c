import pg from "pg";

export type SignInOptions = {
  /** The app's origin, e.g. http://localhost:3205. */
  baseUrl: string;
  databaseUrl: string;
  email: string;
  /**
   * The client address the request claims (X-Forwarded-For). Sign-in is limited to a few links per
   * address every 10 minutes (lib/auth/sign-in-limits.ts), so each simulated creator needs its own.
   */
  clientIp: string;
};

/**
 * Signs `email` in through the real magic-link flow over HTTP, as a browser would: asks Better
 * Auth's route for a link, reads the sign-in email the app queued in its outbox, follows the link
 * and keeps the session cookie it sets. Returns a `Cookie` header value for later requests.
 */
export async function signInThroughMagicLink({ baseUrl, databaseUrl, email, clientIp }: SignInOptions): Promise<string> {
  const requestedAt = new Date();
  const response = await fetch(`${baseUrl}/api/auth/sign-in/magic-link`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl, "x-forwarded-for": clientIp },
    body: JSON.stringify({ email, callbackURL: "/" }),
  });
  if (!response.ok) throw new Error(`Asking for a sign-in link for ${email} answered ${response.status}: ${await response.text()}`);

  const link = await waitForSignInLink(databaseUrl, email, requestedAt);
  const verified = await fetch(link, { redirect: "manual", headers: { "x-forwarded-for": clientIp } });
  const cookies = verified.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .filter((pair) => pair.includes("session_token="));
  if (cookies.length === 0) throw new Error(`Following the sign-in link for ${email} set no session cookie (status ${verified.status}).`);
  return cookies.join("; ");
}

async function waitForSignInLink(databaseUrl: string, email: string, since: Date): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ html: string }>(
        `SELECT html FROM email_message WHERE to_email = $1 AND kind = 'sign-in' AND created_at >= $2 ORDER BY created_at DESC LIMIT 1`,
        [email, new Date(since.getTime() - 1_000)],
      );
      const href = rows[0]?.html.match(/href="([^"]*\/api\/auth\/magic-link\/verify[^"]*)"/)?.[1];
      if (href) return href.replaceAll("&amp;", "&");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No sign-in email reached the outbox for ${email} within 15 s.`);
  } finally {
    await client.end();
  }
}
