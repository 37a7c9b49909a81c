import type { Metadata } from "next";
import Link from "next/link";
import { SegmentRowActions } from "@/components/segments/segment-row-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { listSegmentsWithCounts } from "@/lib/segments/list-segments-with-counts";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";
import { deleteSegmentAction, duplicateSegmentAction } from "./actions";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const segments = await listSegmentsWithCounts(prisma, project.id);
  const base = `/projects/${project.id}/segments`;
  const canEdit = roleCan(project.role, "edit");
  return (
    <>
      <PageHeader
        title="Segments"
        description="Groups of backers defined by filters, such as early birds or failed payments. Counts are live: a segment is evaluated every time it is used."
        actions={
          <>
            {canEdit && (
              <LinkButton href={`${base}/advanced`} variant="secondary">
                Advanced Segment Actions
              </LinkButton>
            )}
            <LinkButton href={`${base}/incentives`} variant="secondary">
              Incentives
            </LinkButton>
            {canEdit && <LinkButton href={`${base}/new`}>Create a New Segment</LinkButton>}
          </>
        }
      />
      {segments.length === 0 ? (
        <EmptyState
          icon={<FilterIcon />}
          title="No segments yet"
          action={
            canEdit && (
              <>
                <LinkButton href={`${base}/new`}>Create a New Segment</LinkButton>
                <LinkButton href={`${base}/advanced`} variant="secondary">
                  Generate segments of incentives offered
                </LinkButton>
              </>
            )
          }
        >
          Build a segment from filters (pledge levels, emails, payment status…), or generate the Early Bird Incentive
          backers and Returning backers segments, then give them complimentary credit or a free item.
        </EmptyState>
      ) : (
        <Card flush>
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Segments of {project.name} with their current number of backers</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th
                    scope="col"
                    className="px-4 py-3 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                  >
                    Segment
                  </th>
                  <th
                    scope="col"
                    className="px-4 py-3 text-right text-xs font-semibold tracking-wide text-slate-600 uppercase"
                  >
                    Backers
                  </th>
                  <th
                    scope="col"
                    className="px-4 py-3 text-right text-xs font-semibold tracking-wide text-slate-600 uppercase"
                  >
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {segments.map((segment) => (
                  <tr key={segment.id} className="align-top">
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap items-center gap-2">
                        <Link href={`${base}/${segment.id}`} className="font-semibold text-indigo-700 hover:underline">
                          {segment.name}
                        </Link>
                        {segment.systemKey && <Badge tone="indigo">Generated</Badge>}
                        {segment.kind === "STATIC" && <Badge>Static list</Badge>}
                      </div>
                      {segment.description && <p className="mt-1 max-w-xl text-slate-500">{segment.description}</p>}
                      {segment.problem && (
                        <Alert tone="warning" className="mt-2">
                          {segment.problem}
                        </Alert>
                      )}
                    </td>
                    <td
                      className="px-4 py-3 text-right font-semibold text-slate-900 tabular-nums"
                      data-testid="segment-count"
                    >
                      {segment.count === null ? "—" : segment.count.toLocaleString("en-US")}
                    </td>
                    <td className="px-4 py-3">
                      {canEdit && (
                        <SegmentRowActions
                          projectId={project.id}
                          segment={segment}
                          duplicate={duplicateSegmentAction}
                          remove={deleteSegmentAction}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}
