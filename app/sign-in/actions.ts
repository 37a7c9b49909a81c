"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createPublicAction } from "@/lib/actions/create-action";
import { clientIpFromForwardedFor } from "@/lib/auth/client-ip";
import { requestSignInLink } from "@/lib/auth/request-sign-in-link";
import { SignInSchema } from "@/lib/auth/sign-in-schema";

/** Emails a magic link to the address in the form, then shows the "check your inbox" page. */
export const requestSignIn = createPublicAction({
  schema: SignInSchema,
  handler: async ({ email, next }) => {
    const requestHeaders = await headers();
    await requestSignInLink({
      email,
      callbackPath: next,
      clientIp: clientIpFromForwardedFor(requestHeaders.get("x-forwarded-for")),
      userAgent: requestHeaders.get("user-agent"),
    });
    redirect(`/sign-in/check-inbox?email=${encodeURIComponent(email)}`);
  },
});
