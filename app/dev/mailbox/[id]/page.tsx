import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { formatInZone } from "@/lib/projects/zoned-time";
import { PageHeader } from "@/components/ui/page-header";
import { canOpenDevMailbox } from "@/lib/dev/can-open-dev-mailbox";
import { extractLinks } from "@/lib/mail/extract-links";
import { getCapturedEmail } from "@/lib/mail/get-captured-email";
import { getCapturedEnvelope } from "@/lib/mail/get-captured-envelope";
import { EmailStatusBadge } from "../email-status-badge";

export const metadata: Metadata = { title: "Message · Dev mailbox", robots: { index: false } };

type MessagePageProps = { params: Promise<{ id: string }> };

/** One message as the recipient would get it: headers, the HTML (sandboxed), the text and its links. */
export default async function MessagePage({ params }: MessagePageProps) {
  await connection();
  if (!canOpenDevMailbox(await headers())) notFound();
  const { id } = await params;
  const message = await getCapturedEmail(id);
  if (!message) notFound();
  const links = extractLinks(message.text);
  const envelope = await getCapturedEnvelope(message);

  return (
    <>
      <Link href="/dev/mailbox" className="mb-3 inline-block text-sm font-medium text-indigo-700 hover:underline">
        <span aria-hidden="true">← </span>All messages
      </Link>
      <PageHeader eyebrow="Dev mailbox" title={message.subject} description={`To ${message.toEmail}`} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Card title="Links in this message">
            {links.length === 0 ? (
              <p className="text-sm text-slate-600">This message has no links.</p>
            ) : (
              <ul className="space-y-2">
                {links.map((link) => (
                  <li key={link}>
                    <a
                      href={link}
                      className="text-sm font-medium break-all text-indigo-700 underline hover:text-indigo-900"
                    >
                      {link}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card title="HTML version" flush>
            {/* sandbox="" : no scripts, no forms, no navigation of this page from inside the email. */}
            <iframe
              title={`HTML version of “${message.subject}”`}
              sandbox=""
              srcDoc={message.html}
              className="block h-[36rem] w-full rounded-b-lg bg-slate-50"
            />
          </Card>

          <Card title="Plain-text version">
            <pre className="overflow-x-auto font-mono text-sm leading-6 whitespace-pre-wrap text-slate-800">
              {message.text}
            </pre>
          </Card>
        </div>

        <Card title="Headers" className="self-start">
          <dl className="space-y-3 text-sm">
            <Field label="From">{envelope.from}</Field>
            {envelope.replyTo && <Field label="Reply-To">{envelope.replyTo}</Field>}
            {envelope.listUnsubscribe && (
              <Field label="List-Unsubscribe">
                <a
                  href={envelope.listUnsubscribe}
                  className="font-medium break-all text-indigo-700 underline hover:text-indigo-900"
                >
                  {envelope.listUnsubscribe}
                </a>
                <span className="mt-0.5 block font-mono text-xs text-slate-500">
                  List-Unsubscribe-Post: {envelope.listUnsubscribePost}
                </span>
              </Field>
            )}
            <Field label="To">{message.toEmail}</Field>
            <Field label="Subject">{message.subject}</Field>
            <Field label="Kind">
              <span className="font-mono">{message.kind}</span>
            </Field>
            <Field label="Status">
              <EmailStatusBadge status={message.status} transport={message.transport} />
            </Field>
            <Field label="Queued">{formatInZone(message.createdAt, "UTC")}</Field>
            {message.sentAt && (
              <Field label={message.transport === "capture" ? "Captured" : "Sent"}>
                {formatInZone(message.sentAt, "UTC")}
              </Field>
            )}
            {message.status === "QUEUED" && message.attempts > 0 && (
              <Field label="Next attempt">{formatInZone(message.nextAttemptAt, "UTC")}</Field>
            )}
            <Field label="Attempts">{message.attempts}</Field>
            {message.transport && <Field label="Transport">{message.transport}</Field>}
            {message.smtpMessageId && (
              <Field label="Message-ID">
                <span className="font-mono break-all">{message.smtpMessageId}</span>
              </Field>
            )}
            <Field label="Idempotency key">
              <span className="font-mono break-all">{message.idempotencyKey}</span>
            </Field>
            {message.lastError && (
              <Field label="Last error">
                <span className="break-words text-red-700">{message.lastError}</span>
              </Field>
            )}
          </dl>
        </Card>
      </div>
    </>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 break-words text-slate-900">{children}</dd>
    </div>
  );
}
