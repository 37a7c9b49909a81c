import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { MailIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits";
import { devMailboxEnabled } from "@/lib/env";

export const metadata: Metadata = { title: "Check your inbox" };

type CheckInboxPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CheckInboxPage({ searchParams }: CheckInboxPageProps) {
  const params = await searchParams;
  const email = typeof params.email === "string" ? params.email : null;
  const minutes = Math.round(SIGN_IN_LIMITS.linkExpiresInSeconds / 60);

  return (
    <div className="mx-auto max-w-md py-6 sm:py-12">
      <Card>
        <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <MailIcon />
        </div>
        <h1 className="mt-4 text-2xl font-bold tracking-tight text-slate-900">Check your inbox</h1>
        <p className="mt-2 text-sm text-slate-600">
          We sent a sign-in link to{" "}
          {email ? <strong className="font-semibold text-slate-900">{email}</strong> : "your email address"}. Open it on
          this device to finish signing in. The link works once and expires in {minutes} minutes.
        </p>
        {devMailboxEnabled && (
          <Alert tone="info" className="mt-5" title="Development mailbox">
            <p>This server captures outgoing mail instead of sending it.</p>
            <LinkButton href="/dev/mailbox" size="sm" className="mt-3">
              Open the dev mailbox
            </LinkButton>
          </Alert>
        )}
        <p className="mt-6 text-sm text-slate-600">
          Nothing arrived after a minute? Check your spam folder, or{" "}
          <Link
            href={email ? `/sign-in?email=${encodeURIComponent(email)}` : "/sign-in"}
            className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-600"
          >
            try a different address
          </Link>
          .
        </p>
      </Card>
    </div>
  );
}
