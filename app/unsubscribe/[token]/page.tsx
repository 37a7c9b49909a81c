import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { MailIcon } from "@/components/ui/icons";
import { loadUnsubscribePage } from "@/lib/mail/unsubscribe/load-unsubscribe-page";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Email preferences", robots: { index: false } };

type UnsubscribePageProps = {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ resubscribed?: string | string[] }>;
};

/**
 * Where an announcement's unsubscribe link leads, for anyone holding the link (no sign-in): it says
 * exactly what stops and what keeps coming, and acts only on the button's POST.
 */
export default async function UnsubscribePage({ params, searchParams }: UnsubscribePageProps) {
  const { token } = await params;
  const { resubscribed } = await searchParams;
  const page = await loadUnsubscribePage(token);

  if (!page.found) {
    return (
      <div className="mx-auto max-w-lg py-6 sm:py-12">
        <Card>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">This unsubscribe link does not work</h1>
          <p className="mt-2 text-sm text-slate-600">
            It may have been cut short when it was copied, or the project no longer exists. Open the email again and use
            its unsubscribe link as it is.
          </p>
        </Card>
      </div>
    );
  }

  const { projectName, projectTimeZone, email, unsubscribedAt } = page;
  const stillReceived = (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
      <li>shipping notices with your tracking numbers,</li>
      <li>your digital rewards (download links and codes),</li>
      <li>sign-in links you ask for.</li>
    </ul>
  );

  return (
    <div className="mx-auto max-w-lg py-6 sm:py-12">
      <Card>
        <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <MailIcon />
        </div>
        {unsubscribedAt ? (
          <>
            <h1 className="mt-4 text-2xl font-bold tracking-tight text-slate-900">You are unsubscribed</h1>
            <Alert tone="success" className="mt-4">
              <strong className="font-semibold">{email}</strong> no longer receives announcements from{" "}
              <strong className="font-semibold">{projectName}</strong>, such as gifts and credit added to your pledge
              (since {formatInZone(unsubscribedAt, projectTimeZone)}).
            </Alert>
            <h2 className="mt-5 text-sm font-semibold text-slate-900">
              You will still receive, because they are part of your pledge:
            </h2>
            {stillReceived}
            <form method="post" action={`/api/unsubscribe/${token}`} className="mt-6">
              <input type="hidden" name="resubscribe" value="1" />
              <p className="text-sm text-slate-600">Changed your mind?</p>
              <button type="submit" className={buttonClasses("secondary", "md", "mt-2")}>
                Receive {projectName}&rsquo;s announcements again
              </button>
            </form>
          </>
        ) : (
          <>
            {resubscribed === "1" && (
              <Alert tone="success" className="mt-4">
                <strong className="font-semibold">{email}</strong> receives announcements from{" "}
                <strong className="font-semibold">{projectName}</strong> again.
              </Alert>
            )}
            <h1 className="mt-4 text-2xl font-bold tracking-tight text-slate-900">
              Stop announcements from {projectName}?
            </h1>
            <p className="mt-2 text-sm text-slate-600">
              For <strong className="font-semibold text-slate-900">{email}</strong>.
            </p>
            <h2 className="mt-5 text-sm font-semibold text-slate-900">You will no longer receive:</h2>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
              <li>announcements from {projectName}, such as gifts and credit added to your pledge.</li>
            </ul>
            <h2 className="mt-5 text-sm font-semibold text-slate-900">
              You will still receive, because they are part of your pledge:
            </h2>
            {stillReceived}
            <form method="post" action={`/api/unsubscribe/${token}`} className="mt-6">
              <button type="submit" className={buttonClasses("primary")}>
                Unsubscribe from {projectName}&rsquo;s announcements
              </button>
            </form>
            <p className="mt-3 text-xs text-slate-500">Other projects you back are not affected.</p>
          </>
        )}
      </Card>
    </div>
  );
}
