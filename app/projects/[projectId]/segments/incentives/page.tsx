import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/components/segments/action-button";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatMoney } from "@/components/ui/format";
import { GiftIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { describeIncentiveUndo } from "@/lib/incentives/describe-incentive-undo";
import { listIncentives } from "@/lib/incentives/list-incentives";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { undoIncentiveAction } from "../actions";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Incentives" };

export default async function IncentivesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const incentives = await listIncentives(prisma, project.id);
  const base = `/projects/${project.id}/segments`;
  return (
    <>
      <PageHeader
        title="Incentives"
        description="Complimentary credit and free items given to segments, who applied them, and to how many backers. Undoing one takes it back from every pledge."
        actions={
          <LinkButton href={base} variant="secondary">
            Back to segments
          </LinkButton>
        }
      />
      {incentives.length === 0 ? (
        <EmptyState
          icon={<GiftIcon />}
          title="No incentives given yet"
          action={<LinkButton href={base}>Choose a segment</LinkButton>}
        >
          Open a segment, then its Segment Actions tab: Assign Complimentary Credit or Manually Add an Item.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {incentives.map((i) => {
            const gift =
              i.kind === "CREDIT"
                ? `${formatMoney(i.creditAmount ?? 0, project.currency)} complimentary credit`
                : `${i.quantity} × ${i.itemName ?? "item"}${i.itemOptionName ? ` (${i.itemOptionName})` : ""}, free`;
            return (
              <Card as="li" key={i.id}>
                <div className="flex flex-wrap items-start justify-between gap-4">
                  <div className="min-w-0 space-y-1">
                    <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                      {i.name}
                      {i.undoneAt ? <Badge>Undone</Badge> : <Badge tone="green">Active</Badge>}
                    </h2>
                    <p className="text-sm text-slate-700">{gift}</p>
                    <p className="text-sm text-slate-600">
                      {i.undoneAt
                        ? `Undone ${formatInZone(i.undoneAt, project.timeZone)}${i.undoneByName ? ` by ${i.undoneByName}` : ""}`
                        : `${formatCount(i.grantedCount, "pledge has", "pledges have")} it`}
                      {" · "}created {formatInZone(i.createdAt, project.timeZone)}
                      {i.createdByName ? ` by ${i.createdByName}` : ""}
                    </p>
                    {i.applications.length > 0 && (
                      <ul className="text-sm text-slate-600">
                        {i.applications.map((a) => (
                          <li key={a.appliedAt}>
                            Applied to{" "}
                            <Link href={`${base}/${a.segmentId}`} className="text-indigo-700 hover:underline">
                              {a.segmentName}
                            </Link>{" "}
                            on {formatInZone(new Date(a.appliedAt), project.timeZone)}: {a.granted.toLocaleString("en-US")} granted
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                  {!i.undoneAt && (
                    <ActionButton
                      input={{ projectId: project.id, incentiveId: i.id }}
                      action={undoIncentiveAction}
                      jobOfProject={project.id}
                      label="Undo"
                      pendingLabel="Undoing…"
                      variant="danger"
                      confirm={describeIncentiveUndo(i)}
                      success="Undone."
                    />
                  )}
                </div>
              </Card>
            );
          })}
        </ul>
      )}
    </>
  );
}
