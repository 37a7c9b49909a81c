import Link from "next/link";
import { describeEmailKind } from "@/lib/activity/describe-email-status";
import type { ProjectEmailEntry } from "@/lib/activity/list-project-emails";
import { formatInZone } from "@/lib/projects/zoned-time";
import { EmailStatusBadge } from "./email-status-badge";
import { RetryEmailButton, type RetryEmailAction } from "./retry-email-button";
import { formatCount } from "@/components/ui/format";

type Props = {
  projectId: string;
  emails: ProjectEmailEntry[];
  retryAction: RetryEmailAction;
  /** The project's zone: every time is on its clock. */
  timeZone: string;
  /** Links each message to its rendering in the dev mailbox (development only). */
  devMailboxHref?: (emailId: string) => string;
};

const attempts = (n: number) => formatCount(n, "attempt");

/** What happened to the message so far, in one line under its status. */
function StatusLine({ email, timeZone }: { email: ProjectEmailEntry; timeZone: string }) {
  switch (email.status) {
    case "SENT":
      return <>Accepted {email.sentAt ? formatInZone(email.sentAt, timeZone) : ""}</>;
    case "SENDING":
      return <>Being sent now</>;
    case "FAILED":
      return <>Refused after {attempts(email.attempts)}</>;
    case "SKIPPED":
      return <>Never sent to this address</>;
    case "QUEUED":
      return email.attempts > 0 ? (
        <>Next try {formatInZone(email.nextAttemptAt, timeZone)}</>
      ) : (
        <>Waiting for the mail worker</>
      );
  }
}

/** The project's messages, newest first: recipient, what it was, status, and why it failed. */
export function MailLogList({ projectId, emails, retryAction, timeZone, devMailboxHref }: Props) {
  return (
    <section aria-labelledby="mail-log-heading" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h2 id="mail-log-heading" className="sr-only">
        Messages
      </h2>
      <div
        aria-hidden="true"
        className="hidden grid-cols-[minmax(0,1fr)_11rem_11rem_6rem] gap-4 border-b border-slate-200 bg-slate-50 px-5 py-2.5 text-xs font-semibold tracking-wide text-slate-600 uppercase md:grid"
      >
        <span>Recipient and message</span>
        <span>Status</span>
        <span>Queued</span>
        <span className="sr-only">Actions</span>
      </div>
      <ul className="divide-y divide-slate-100">
        {emails.map((email) => (
          <li
            key={email.id}
            data-testid="mail-log-row"
            className="grid gap-2 px-4 py-3 sm:px-5 md:grid-cols-[minmax(0,1fr)_11rem_11rem_6rem] md:items-start md:gap-4"
          >
            <div className="min-w-0">
              <p className="text-sm font-medium break-all text-slate-900">{email.toEmail}</p>
              <p className="mt-0.5 text-sm text-slate-600">
                <span className="font-medium text-slate-700">{describeEmailKind(email.kind)}</span>
                {email.subject && (
                  <>
                    <span aria-hidden="true"> · </span>
                    {devMailboxHref ? (
                      <Link href={devMailboxHref(email.id)} className="rounded hover:text-indigo-700 hover:underline">
                        {email.subject}
                      </Link>
                    ) : (
                      email.subject
                    )}
                  </>
                )}
              </p>
              {email.lastError && (
                <p
                  className={
                    email.status === "SKIPPED"
                      ? "mt-1.5 rounded-md bg-slate-100 px-2 py-1 text-xs break-words text-slate-800"
                      : email.status === "FAILED"
                      ? "mt-1.5 rounded-md bg-red-50 px-2 py-1 text-xs break-words text-red-800"
                      : "mt-1.5 rounded-md bg-amber-50 px-2 py-1 text-xs break-words text-amber-900"
                  }
                >
                  <span className="font-semibold">{email.status === "FAILED" || email.status === "SKIPPED" ? "Reason: " : "Last try failed: "}</span>
                  {email.lastError}
                </p>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 md:flex-col md:items-start">
              <EmailStatusBadge status={email.status} />
              <span className="text-xs text-slate-500">
                <StatusLine email={email} timeZone={timeZone} />
              </span>
            </div>
            <p className="text-xs text-slate-500 md:text-sm md:text-slate-600">
              <span className="md:sr-only">Queued </span>
              <time dateTime={email.createdAt.toISOString()}>{formatInZone(email.createdAt, timeZone)}</time>
            </p>
            <div className="md:text-right">
              {email.status === "FAILED" && (
                <RetryEmailButton
                  projectId={projectId}
                  target={{ emailId: email.id }}
                  action={retryAction}
                  label="Retry"
                  accessibleLabel={`Retry the email to ${email.toEmail}`}
                />
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
