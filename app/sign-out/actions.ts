"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/auth";

/** Ends the session (row and cookie) and returns to the landing page. */
export async function signOut(): Promise<void> {
  // Signing out with no session is already done; Better Auth answers 4xx then, which is fine here.
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect("/");
}
