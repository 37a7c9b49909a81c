import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { chooseReturnPath, REQUESTED_PATH_HEADER } from "./choose-return-path";
import { getCurrentUser, type CurrentUser } from "./get-current-user";

/**
 * The signed-in user; signed-out visitors are sent to the sign-in page, which brings them back
 * afterwards to the page they asked for when it lies under `returnTo`, else to `returnTo`.
 */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    if (!returnTo) redirect("/sign-in");
    const next = chooseReturnPath((await headers()).get(REQUESTED_PATH_HEADER), returnTo);
    redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  return user;
}
