import type { ReactNode } from "react";
import Link from "next/link";
import { SegmentRowActions } from "@/components/segments/segment-row-actions";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { TabNav } from "@/components/ui/tab-nav";
import { deleteSegmentAction, duplicateSegmentAction } from "../actions";
import { loadSegmentCount, loadSegmentPage } from "./load-segment-page";

type Props = { children: ReactNode; params: Promise<{ projectId: string; segmentId: string }> };

export default async function SegmentLayout({ children, params }: Props) {
  const { projectId, segmentId } = await params;
  const { project, segment } = await loadSegmentPage(projectId, segmentId);
  const { count, problem } = await loadSegmentCount(project.id, segment.id);
  const base = `/projects/${project.id}/segments/${segment.id}`;
  return (
    <>
      <nav aria-label="Segments breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href={`/projects/${project.id}/segments`} className="hover:text-slate-700">
          Segments
        </Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {segment.name}
            {segment.systemKey && <Badge tone="indigo">Generated</Badge>}
            {segment.kind === "STATIC" && <Badge>Static list</Badge>}
          </span>
        }
        description={
          <>
            <span className="font-semibold text-slate-900" data-testid="segment-page-count">
              {count === null
                ? "Count unavailable"
                : `${count.toLocaleString("en-US")} ${count === 1 ? "backer" : "backers"}`}
            </span>
            {problem && <span className="block text-amber-800">{problem}</span>}
            {segment.description && <span className="block">{segment.description}</span>}
          </>
        }
        actions={
          <SegmentRowActions
            projectId={project.id}
            segment={segment}
            duplicate={duplicateSegmentAction}
            remove={deleteSegmentAction}
            afterDeleteHref={`/projects/${project.id}/segments`}
          />
        }
      />
      <div className="mb-6">
        <TabNav
          label="Segment"
          items={[
            { href: base, label: "Backers", matchPrefix: false },
            { href: `${base}/segment-actions`, label: "Segment Actions" },
            { href: `${base}/export`, label: "Export Reports" },
          ]}
        />
      </div>
      {children}
    </>
  );
}
