import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { connection } from "next/server";
import { EmptyState } from "@/components/ui/empty-state";
import { formatInZone } from "@/lib/projects/zoned-time";
import { MailIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { canOpenDevMailbox } from "@/lib/dev/can-open-dev-mailbox";
import { env } from "@/lib/env";
import { listCapturedEmails } from "@/lib/mail/list-captured-emails";
import { EmailStatusBadge } from "./email-status-badge";

export const metadata: Metadata = { title: "Dev mailbox", robots: { index: false } };

type MailboxPageProps = { searchParams: Promise<{ to?: string | string[] }> };

/** Every message the app queued, newest first: how a newcomer reads sign-in links without SMTP. */
export default async function MailboxPage({ searchParams }: MailboxPageProps) {
  await connection();
  if (!canOpenDevMailbox(await headers())) notFound();
  const { to: toParam } = await searchParams;
  const to = (Array.isArray(toParam) ? toParam[0] : toParam)?.trim() || undefined;
  const messages = await listCapturedEmails({ to });

  return (
    <>
      <PageHeader
        eyebrow="Development"
        title="Dev mailbox"
        description={
          env.SMTP_URL
            ? "Every email the app queued, newest first. SMTP_URL is set, so these messages are also delivered to real inboxes."
            : "Every email the app queued, newest first. SMTP_URL is unset, so nothing leaves this machine: messages are captured here instead. Open one to follow its links."
        }
      />

      <form method="get" className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter messages">
        <div className="min-w-64 flex-1 sm:max-w-sm">
          <label htmlFor="mailbox-to" className="mb-1.5 block text-sm font-medium text-slate-900">
            Recipient
          </label>
          <Input id="mailbox-to" name="to" type="search" defaultValue={to ?? ""} placeholder="name@example.com" />
        </div>
        <button
          type="submit"
          className="rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Filter
        </button>
        {to && (
          <Link href="/dev/mailbox" className="px-2 py-2 text-sm font-medium text-indigo-700 hover:underline">
            Show all
          </Link>
        )}
      </form>

      {messages.length === 0 ? (
        <EmptyState
          icon={<MailIcon className="size-6" />}
          title={to ? `No messages to ${to}` : "No messages yet"}
          action={<LinkButton href="/sign-in">Request a sign-in link</LinkButton>}
        >
          Emails the app sends appear here while SMTP_URL is unset: sign-in links, shipping notices, digital rewards.
          Ask for a sign-in link and it will show up within a second or two; reload this page to see it.
        </EmptyState>
      ) : (
        <section aria-labelledby="mailbox-messages" className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <h2 id="mailbox-messages" className="sr-only">
            Messages
          </h2>
          <ul className="divide-y divide-slate-200">
            {messages.map((message) => (
              <li key={message.id}>
                <Link
                  href={`/dev/mailbox/${message.id}`}
                  className="flex flex-col gap-1 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:flex-row sm:items-center sm:gap-4 sm:px-5"
                >
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-semibold text-slate-900">{message.subject}</span>
                    <span className="block truncate text-sm text-slate-600">
                      <span className="sr-only">To </span>
                      {message.toEmail}
                    </span>
                  </span>
                  <span className="flex shrink-0 items-center gap-3 text-xs text-slate-500">
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-700">{message.kind}</span>
                    <EmailStatusBadge status={message.status} transport={message.transport} />
                    <time dateTime={message.createdAt.toISOString()}>{formatInZone(message.createdAt, "UTC")}</time>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
