import type { Metadata } from "next";
import { ProjectCard } from "@/components/project-card";
import { EmptyState } from "@/components/ui/empty-state";
import { FolderIcon, PlusIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/require-user";
import { listProjectsForUser } from "@/lib/projects/list-projects-for-user";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  const projects = await listProjectsForUser(user.id);

  return (
    <>
      <PageHeader
        title="Projects"
        description="The campaigns you manage. Open one to see its backers, send rewards and run incentives."
        actions={
          projects.length > 0 && (
            <LinkButton href="/projects/new">
              <PlusIcon className="size-4" /> New project
            </LinkButton>
          )
        }
      />
      {projects.length === 0 ? (
        <EmptyState
          icon={<FolderIcon />}
          title="No projects yet"
          action={
            <LinkButton href="/projects/new">
              <PlusIcon className="size-4" /> Create your first project
            </LinkButton>
          }
        >
          Create a project for your campaign, then import the backer report you exported from Kickstarter or BackerKit.
          If a teammate already set one up, ask them to add {user.email} as a member.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((project) => (
            <li key={project.id}>
              <ProjectCard {...project} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
