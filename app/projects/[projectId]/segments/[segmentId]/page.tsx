import type { Metadata } from "next";
import Link from "next/link";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatMoney } from "@/components/ui/format";
import { UsersIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { listSegmentBackers, type SegmentBackerRow } from "@/lib/segments/list-segment-backers";
import { loadSegmentPage } from "./load-segment-page";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Segment backers" };

type Props = {
  params: Promise<{ projectId: string; segmentId: string }>;
  searchParams: Promise<{ after?: string }>;
};

export default async function SegmentBackersPage({ params, searchParams }: Props) {
  const { projectId, segmentId } = await params;
  const { after } = await searchParams;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  const base = `/projects/${project.id}/segments/${segment.id}`;
  let page: { backers: SegmentBackerRow[]; nextCursor: string | null } = { backers: [], nextCursor: null };
  let problem: string | null = null;
  try {
    page = await listSegmentBackers(
      prisma,
      project.id,
      { type: "inAnyOfTheseSegments", segmentIds: [segment.id] },
      { limit: 50, cursor: after ?? null },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problem = error.message;
  }
  if (problem) return <Alert tone="warning">{problem}</Alert>;
  if (page.backers.length === 0) {
    return (
      <EmptyState
        icon={<UsersIcon />}
        title="No backers match this segment"
        action={
          <LinkButton href={`${base}/edit`} variant="secondary">
            Edit the filter
          </LinkButton>
        }
      >
        The segment is evaluated now, so backers imported later join it automatically.
      </EmptyState>
    );
  }
  return (
    <Card flush>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Backers in {segment.name}, earliest pledge first</caption>
          <thead className="bg-slate-50">
            <tr>
              {["Backer #", "Name", "Email", "Pledge level", "Amount", "Payment status", "Pledged at"].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className={`px-3 py-3 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase ${h === "Amount" || h === "Backer #" ? "text-right" : "text-left"}`}
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.backers.map((b) => (
              <tr key={b.backerId}>
                <td className="px-3 py-2 text-right text-slate-500 tabular-nums">{b.backerNumber ?? "—"}</td>
                <td className="px-3 py-2 font-medium text-slate-900">{b.name || "—"}</td>
                <td className="px-3 py-2 text-slate-700">{b.email}</td>
                <td className="px-3 py-2 text-slate-700">{b.pledgeLevelName ?? "No reward"}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMoney(b.amount, project.currency)}</td>
                <td className="px-3 py-2">
                  <PledgeStatusBadge status={b.status} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatInZone(new Date(b.pledgedAt), project.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap justify-between gap-2 border-t border-slate-200 px-4 py-3 text-sm">
        {after ? (
          <Link href={base} className="font-medium text-indigo-700 hover:underline">
            First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor && (
          <Link
            href={`${base}?after=${encodeURIComponent(page.nextCursor)}`}
            className="font-medium text-indigo-700 hover:underline"
          >
            Next 50 backers
          </Link>
        )}
      </div>
    </Card>
  );
}
