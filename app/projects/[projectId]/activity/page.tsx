import type { Metadata } from "next";
import { ActivityTimeline } from "@/components/activity/activity-timeline";
import { KeysetPagination } from "@/components/activity/keyset-pagination";
import { EmptyState } from "@/components/ui/empty-state";
import { ClockIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { readKeysetPage } from "@/lib/activity/keyset-cursor";
import { listAuditEvents } from "@/lib/activity/list-audit-events";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";
import { ProjectJobList } from "@/components/jobs/project-job-list";
import { listProjectJobs } from "@/lib/jobs/list-project-jobs";
import { cancelProjectJobAction } from "./actions";

export const metadata: Metadata = { title: "Activity" };

type ActivityPageProps = {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function ActivityPage({ params, searchParams }: ActivityPageProps) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const query = await searchParams;
  const page = readKeysetPage({ older: first(query.older), newer: first(query.newer) });
  const result = await listAuditEvents({ projectId: project.id, page });
  // Jobs are shown on the first page only: they are the newest, still-moving part of the activity.
  const jobs = page ? [] : await listProjectJobs(project.id, { limit: 20 });
  const path = `/projects/${project.id}/activity`;

  return (
    <>
      <PageHeader
        title="Activity"
        description={`Who did what to how many backers: imports, tracking numbers, digital rewards, incentives and their undos. Times are on the project's clock (${project.timeZone}).`}
      />
      {jobs.length > 0 && (
        <ProjectJobList
          projectId={project.id}
          jobs={jobs}
          timeZone={project.timeZone}
          cancelAction={cancelProjectJobAction}
          canDownload={roleCan(project.role, "export")}
        />
      )}
      {result.events.length === 0 && !page && jobs.length > 0 ? null : result.events.length === 0 && !page ? (
        <EmptyState
          icon={<ClockIcon />}
          title="Nothing has happened yet"
          action={<LinkButton href={`/projects/${project.id}/imports/new`}>Import backers</LinkButton>}
        >
          Bulk actions such as imports and tracking uploads appear here, with who did them and how many backers they
          touched.
        </EmptyState>
      ) : result.events.length === 0 ? (
        <EmptyState
          icon={<ClockIcon />}
          title="No more activity"
          action={<LinkButton href={path}>Back to the newest</LinkButton>}
        >
          This page is past the end of the project&rsquo;s activity.
        </EmptyState>
      ) : (
        <>
          <ActivityTimeline events={result.events} projectPath={`/projects/${project.id}`} timeZone={project.timeZone} />
          <KeysetPagination
            label="Activity pages"
            newestHref={page ? path : null}
            newerHref={result.newerCursor ? `${path}?newer=${result.newerCursor}` : null}
            olderHref={result.olderCursor ? `${path}?older=${result.olderCursor}` : null}
          />
        </>
      )}
    </>
  );
}
