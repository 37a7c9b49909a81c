import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { auth } from "./auth";

export type CurrentUser = {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
};

/**
 * The signed-in user from the request's session cookie, or null when signed out or the session
 * expired. Cached per request, so a layout and its page share one session lookup.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  const { id, email, name, emailVerified } = session.user;
  return { id, email, name, emailVerified };
});
