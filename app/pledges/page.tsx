import type { Metadata } from "next";
import Link from "next/link";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatMoney } from "@/components/ui/format";
import { GiftIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { listPledgesForBacker } from "@/lib/auth/list-pledges-for-backer";
import { requireUser } from "@/lib/auth/require-user";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Your pledges" };

export default async function PledgesPage() {
  const user = await requireUser("/pledges");
  const pledges = await listPledgesForBacker(user);
  return (
    <>
      <PageHeader
        title="Your pledges"
        description={`Pledges made with ${user.email}, with their status and rewards.`}
      />
      {pledges.length === 0 ? (
        <EmptyState icon={<GiftIcon />} title="No pledges for this address">
          We found no pledges made with {user.email}. If you backed a campaign with a different email address, sign out
          and sign in with that one. Pledges appear here once the creator has imported their backers.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          {pledges.map((pledge) => (
            <li key={pledge.id}>
              <Link
                href={`/pledges/${pledge.id}`}
                className="flex flex-col gap-2 px-4 py-4 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between sm:px-5"
              >
                <div className="min-w-0">
                  <p className="font-semibold text-slate-900">{pledge.project.name}</p>
                  {pledge.creator && (
                    <p className="text-sm break-words text-slate-600">
                      by {pledge.creator.name || pledge.creator.email}
                      {pledge.creator.name ? <span className="text-slate-500"> ({pledge.creator.email})</span> : null}
                    </p>
                  )}
                  <p className="text-sm text-slate-600">
                    {pledge.pledgeLevelName ?? "No reward"} · pledged {formatInZone(pledge.pledgedAt, pledge.project.timeZone)}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="font-semibold text-slate-900 tabular-nums">
                    {formatMoney(pledge.amount, pledge.project.currency)}
                  </span>
                  <PledgeStatusBadge status={pledge.status} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
