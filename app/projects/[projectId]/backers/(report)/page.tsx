import type { Metadata } from "next";
import { cookies } from "next/headers";
import { BackerReportView } from "@/components/backer-report/backer-report-view";
import { SendDigitalRewardBulkAction } from "@/components/digital-rewards/send-digital-reward-bulk-action";
import { AddTrackingNumbersBulkAction } from "@/components/tracking/add-tracking-numbers-bulk-action";
import { PageHeader } from "@/components/ui/page-header";
import { LinkButton } from "@/components/ui/link-button";
import { UploadIcon } from "@/components/ui/icons";
import {
  isBackerReportFiltered,
  parseBackerReportQuery,
  type BackerReportQuery,
  type SearchParamsInput,
} from "@/lib/backers/report/backer-report-query-schema";
import { backerReportColumnsCookieName, parseBackerReportColumns } from "@/lib/backers/report/backer-report-columns";
import {
  listBackerReportWithPendingCount,
  type BackerReportPageCounting,
} from "@/lib/backers/report/list-backer-report";
import { DomainError } from "@/lib/errors";
import { listBackerReportFilterChoices } from "@/lib/backers/report/list-backer-report-filter-options";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { describeRefusal, roleCan } from "@/lib/projects/project-permissions";
import { addBackersToSegment } from "../actions";

export const metadata: Metadata = { title: "Backer report" };

type PageProps = {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<SearchParamsInput>;
};

/**
 * The page of a stale link (a cursor from another order, a deleted segment) is still shown: the
 * part that no longer applies is dropped and named above the table, like any other ignored value.
 */
async function listOrRecover(
  projectId: string,
  query: BackerReportQuery,
  issues: string[],
): Promise<{ page: BackerReportPageCounting; query: BackerReportQuery }> {
  try {
    return { page: await listBackerReportWithPendingCount(projectId, query), query };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === "INVALID_INPUT" && query.cursor) {
      issues.push(
        "The page position in this link belongs to another sort order or is damaged, so the first page is shown.",
      );
      return listOrRecover(projectId, { ...query, cursor: null }, issues);
    }
    if (error.code === "INVALID_INPUT" && query.filter.segmentId) {
      issues.push(
        `The segment in this link has a filter that no longer works (${error.message}), so the segment filter was removed. Edit or delete the segment on the Segments page.`,
      );
      return listOrRecover(
        projectId,
        { ...query, cursor: null, filter: { ...query.filter, segmentId: undefined } },
        issues,
      );
    }
    if (error.code === "NOT_FOUND" && query.filter.segmentId) {
      issues.push("The segment in this link no longer exists in this project, so the segment filter was removed.");
      return listOrRecover(
        projectId,
        { ...query, cursor: null, filter: { ...query.filter, segmentId: undefined } },
        issues,
      );
    }
    throw error;
  }
}

export default async function BackerReportPage({ params, searchParams }: PageProps) {
  const { projectId } = await params;
  const { user, project } = await loadProjectPage(projectId);
  const cookieStore = await cookies();
  const columnsCookie = backerReportColumnsCookieName(project.id);
  const parsed = parseBackerReportQuery(await searchParams);
  const issues = [...parsed.issues];

  // The page is the one list query and its count, plus the filter choices (a handful of index
  // probes), all at once; nothing per row. The rows are shown without waiting for the count.
  const [{ page, query }, choices] = await Promise.all([
    listOrRecover(project.id, parsed.query, issues),
    listBackerReportFilterChoices(project.id),
  ]);

  const base = `/projects/${project.id}`;
  const canEdit = roleCan(project.role, "edit");
  const readOnlyNote = canEdit ? undefined : (describeRefusal(project.role, "export") ?? undefined);
  const path = `${base}/backers`;

  return (
    <>
      <PageHeader
        title="Backer report"
        description="Every backer with their pledge level, payment status, tracking number and rewards. Filter, select and act on many backers at once."
        actions={
          canEdit && (page.rows.length > 0 || query.cursor || isBackerReportFiltered(query.filter)) ? (
            <LinkButton href={`${base}/imports`} variant="secondary" size="sm">
              <UploadIcon className="size-4" />
              Import backers
            </LinkButton>
          ) : undefined
        }
      />
      <BackerReportView
        page={page}
        query={query}
        issues={issues}
        path={path}
        options={{
          pledgeLevels: choices.pledgeLevels,
          countries: choices.countries,
          digitalRewards: choices.digitalRewards,
          segments: choices.segments,
        }}
        importHref={`${base}/imports`}
        projectId={project.id}
        exportUrl={`${path}/export`}
        columns={parseBackerReportColumns(cookieStore.get(columnsCookie)?.value, user.id)}
        rememberColumns={{ cookieName: columnsCookie, userId: user.id }}
        timeZone={project.timeZone}
        // The module's action, not a closure over the project id: a closure's bound values are
        // encrypted into every render of the page (AES-GCM per request), and the action checks the
        // membership of the project id it is sent anyway.
        addToSegment={canEdit ? addBackersToSegment : undefined}
        staticSegments={choices.segments.filter((segment) => segment.kind === "STATIC")}
        bulkActions={
          canEdit ? (
            <>
              <AddTrackingNumbersBulkAction projectId={project.id} />
              <SendDigitalRewardBulkAction projectId={project.id} rewards={choices.digitalRewards} />
            </>
          ) : undefined
        }
        readOnlyNote={readOnlyNote}
      />
    </>
  );
}
