import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { requestSignIn } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const linkErrors: Record<string, string> = {
  INVALID_TOKEN: "That sign-in link has expired or was already used. Enter your email and we’ll send a fresh one.",
  EXPIRED_TOKEN: "That sign-in link has expired. Enter your email and we’ll send a fresh one.",
};

type SignInPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const params = await searchParams;
  const next = safeReturnPath(typeof params.next === "string" ? params.next : undefined) ?? undefined;
  if (await getCurrentUser()) redirect(next ?? "/");
  const error = typeof params.error === "string" ? params.error : undefined;
  const email = typeof params.email === "string" ? params.email : undefined;

  return (
    <div className="mx-auto max-w-md py-6 sm:py-12">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Sign in to Pledgehouse</h1>
      <p className="mt-2 text-sm text-slate-600">
        Creators and backers alike: enter your email and we’ll send you a one-time sign-in link. Backers, use the
        address you pledged with.
      </p>
      {error && (
        <Alert tone="warning" className="mt-6">
          {linkErrors[error] ?? "That sign-in link did not work. Enter your email and we’ll send a fresh one."}
        </Alert>
      )}
      <Card className="mt-6">
        <SignInForm action={requestSignIn} next={next} defaultEmail={email} />
      </Card>
    </div>
  );
}
