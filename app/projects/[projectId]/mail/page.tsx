import type { Metadata } from "next";
import Link from "next/link";
import { KeysetPagination } from "@/components/activity/keyset-pagination";
import { MailLogList } from "@/components/activity/mail-log-list";
import { MailStatusTabs } from "@/components/activity/mail-status-tabs";
import { RetryEmailButton } from "@/components/activity/retry-email-button";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { MailIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { countProjectEmails } from "@/lib/activity/count-project-emails";
import { EMAIL_STATUS_EXPLANATIONS, EMAIL_STATUS_LABELS } from "@/lib/activity/describe-email-status";
import { listProjectEmails } from "@/lib/activity/list-project-emails";
import { mailLogHref, readMailLogQuery } from "@/lib/activity/mail-log-query";
import { devMailboxEnabled, env } from "@/lib/env";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { SenderIdentityForm } from "@/components/mail/sender-identity-form";
import { SuppressedAddresses } from "@/components/mail/suppressed-addresses";
import { AnnouncementUnsubscribes } from "@/components/mail/announcement-unsubscribes";
import { listAnnouncementUnsubscribes } from "@/lib/mail/unsubscribe/list-announcement-unsubscribes";
import { loadSenderIdentities } from "@/lib/mail/load-sender-identities";
import { parseMailFrom } from "@/lib/mail/build-outgoing-envelope";
import { listProjectSuppressions } from "@/lib/mail/suppression/list-project-suppressions";
import { liftEmailSuppressionAction, retryFailedEmailAction, updateSenderIdentityAction } from "./actions";

export const metadata: Metadata = { title: "Mail" };

type MailPageProps = {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function MailPage({ params, searchParams }: MailPageProps) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const { filter, page } = readMailLogQuery(await searchParams);
  const [counts, result, suppressions, senders, unsubscribes] = await Promise.all([
    countProjectEmails({ projectId: project.id, recipient: filter.recipient }),
    listProjectEmails({ projectId: project.id, filter, page }),
    listProjectSuppressions(project.id),
    loadSenderIdentities([project.id]),
    listAnnouncementUnsubscribes(project.id),
  ]);
  const sender = senders.get(project.id);
  const instanceFrom = parseMailFrom(env.MAIL_FROM);
  const path = `/projects/${project.id}/mail`;
  const nothingAtAll = counts.total === 0 && !filter.recipient;

  return (
    <>
      <PageHeader
        title="Mail"
        description={`Every email this project queued for its backers, newest first, with its delivery status. Times are on the project's clock (${project.timeZone}).`}
      />

      <SenderIdentityForm
        projectId={project.id}
        projectName={project.name}
        fromAddress={instanceFrom.address}
        defaultName={instanceFrom.name || instanceFrom.address}
        senderName={sender?.mailSenderName ?? null}
        replyTo={sender?.mailReplyTo ?? null}
        action={updateSenderIdentityAction}
      />

      <SuppressedAddresses
        projectId={project.id}
        total={suppressions.total}
        rows={suppressions.rows}
        backerReportHref={`/projects/${project.id}/backers?mail=suppressed`}
        action={liftEmailSuppressionAction}
        timeZone={project.timeZone}
      />

      <AnnouncementUnsubscribes total={unsubscribes.total} rows={unsubscribes.rows} timeZone={project.timeZone} />

      {nothingAtAll ? (
        <EmptyState
          icon={<MailIcon />}
          title="No mail sent yet"
          action={<LinkButton href={`/projects/${project.id}/backers`}>Open the backer report</LinkButton>}
        >
          Shipping notices, digital rewards and incentive gifts appear here as soon as they are queued, and you can
          follow each one until the backer&rsquo;s mail server accepts it.
        </EmptyState>
      ) : (
        <>
          <MailStatusTabs path={path} filter={filter} counts={counts} />

          {counts.FAILED > 0 && filter.status !== "SENT" && (
            <Alert
              tone="warning"
              className="mb-4"
              title={`${counts.FAILED.toLocaleString("en-US")} ${counts.FAILED === 1 ? "email was" : "emails were"} not delivered`}
            >
              <p>
                The receiving server refused {counts.FAILED === 1 ? "it" : "them"}; each one shows the reason. Fix the
                cause first (a mistyped address, for example), then retry.
              </p>
              {counts.FAILED > 1 && !filter.recipient && (
                <div className="mt-3">
                  <RetryEmailButton
                    projectId={project.id}
                    target={{ allFailed: true }}
                    action={retryFailedEmailAction}
                    label={`Retry all ${counts.FAILED.toLocaleString("en-US")} failed emails`}
                    confirm={`Queue all ${counts.FAILED.toLocaleString("en-US")} failed emails to be sent again?`}
                  />
                </div>
              )}
            </Alert>
          )}

          <form
            method="get"
            action={path}
            role="search"
            aria-label="Search messages"
            className="mb-4 flex flex-wrap items-end gap-2"
          >
            {filter.status && <input type="hidden" name="status" value={filter.status.toLowerCase()} />}
            <div className="min-w-0 flex-1 basis-56 sm:max-w-sm">
              <label htmlFor="mail-recipient" className="mb-1.5 block text-sm font-medium text-slate-900">
                Recipient
              </label>
              <Input
                id="mail-recipient"
                name="to"
                type="search"
                defaultValue={filter.recipient ?? ""}
                placeholder="Part of an email address"
                autoComplete="off"
              />
            </div>
            <button type="submit" className={buttonClasses("secondary")}>
              Search
            </button>
            {filter.recipient && (
              <Link href={mailLogHref(path, { status: filter.status })} className={buttonClasses("ghost")}>
                Clear search
              </Link>
            )}
          </form>

          {result.emails.length === 0 ? (
            <EmptyState
              icon={<MailIcon />}
              title={
                filter.recipient
                  ? `No ${filter.status ? `${EMAIL_STATUS_LABELS[filter.status].toLowerCase()} ` : ""}emails to addresses containing “${filter.recipient}”`
                  : filter.status
                    ? `No ${EMAIL_STATUS_LABELS[filter.status].toLowerCase()} emails`
                    : "No more emails"
              }
              action={
                <LinkButton href={path} variant="secondary">
                  Show every email
                </LinkButton>
              }
            >
              {filter.status ? EMAIL_STATUS_EXPLANATIONS[filter.status] : "This page is past the end of the log."}
            </EmptyState>
          ) : (
            <>
              <MailLogList
                projectId={project.id}
                emails={result.emails}
                retryAction={retryFailedEmailAction}
                timeZone={project.timeZone}
                devMailboxHref={devMailboxEnabled ? (id) => `/dev/mailbox/${id}` : undefined}
              />
              <KeysetPagination
                label="Mail log pages"
                newestHref={page ? mailLogHref(path, filter) : null}
                newerHref={
                  result.newerCursor
                    ? mailLogHref(path, filter, { direction: "newer", token: result.newerCursor })
                    : null
                }
                olderHref={
                  result.olderCursor
                    ? mailLogHref(path, filter, { direction: "older", token: result.olderCursor })
                    : null
                }
              />
            </>
          )}

          <details className="mt-6 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm sm:px-5">
            <summary className="cursor-pointer font-medium text-slate-900">What the statuses mean</summary>
            <dl className="mt-3 space-y-2 text-slate-700">
              {(["QUEUED", "SENDING", "SENT", "FAILED", "SKIPPED"] as const).map((status) => (
                <div key={status} className="sm:flex sm:gap-3">
                  <dt className="w-20 shrink-0 font-semibold text-slate-900">{EMAIL_STATUS_LABELS[status]}</dt>
                  <dd>{EMAIL_STATUS_EXPLANATIONS[status]}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
    </>
  );
}
