import { redirect } from "next/navigation";
import { loadProjectPage } from "@/lib/projects/load-project-page";

/** A project opens on its backer report. */
export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  redirect(`/projects/${project.id}/backers`);
}
