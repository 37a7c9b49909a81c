import type { ReactNode } from "react";
import Link from "next/link";
import { platformNames } from "@/components/project-card";
import { ProjectNav } from "@/components/project-nav";
import { ProjectJobsIndicator } from "@/components/jobs/project-jobs-indicator";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";

type ProjectLayoutProps = { children: ReactNode; params: Promise<{ projectId: string }> };

export default async function ProjectLayout({ children, params }: ProjectLayoutProps) {
  const { projectId } = await params;
  const { project, activeJobs } = await loadProjectPage(projectId);
  return (
    <div>
      <div className="mb-6">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/projects" className="rounded hover:text-slate-700">
            Projects
          </Link>
          <span aria-hidden="true"> / </span>
        </nav>
        <p className="mt-1 flex flex-wrap items-baseline gap-x-3 gap-y-1">
          <span className="text-lg font-semibold text-slate-900">{project.name}</span>
          <span className="text-sm text-slate-500">
            {platformNames[project.platform] ?? project.platform} · {project.currency}
          </span>
          <ProjectJobsIndicator projectId={project.id} initialJobs={activeJobs} />
        </p>
        <div className="mt-4">
          <ProjectNav projectId={project.id} />
        </div>
        {!roleCan(project.role, "edit") && (
          <p className="mt-3 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="viewer-notice">
            You are a <strong>viewer</strong> of this project: you can read every page, but not change anything or export backers&apos; personal
            data. An owner can make you a collaborator on the{" "}
            <Link href={`/projects/${project.id}/team`} className="font-medium text-indigo-700 underline">
              Team
            </Link>{" "}
            page.
          </p>
        )}
      </div>
      {children}
    </div>
  );
}
