import type { Metadata } from "next";
import Link from "next/link";
import { DeleteProjectForm } from "@/components/team/delete-project-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { describeRefusal } from "@/lib/projects/project-permissions";
import { deleteProjectAction } from "./actions";

export const metadata: Metadata = { title: "Delete project" };

const ALL_BACKERS = JSON.stringify({ kind: "matching", filter: {} });

export default async function DeleteProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const refusal = describeRefusal(project.role, "delete-project");
  const [backers, queuedEmails] = await Promise.all([
    prisma.backer.count({ where: { projectId: project.id } }),
    prisma.emailMessage.count({ where: { projectId: project.id, status: "QUEUED" } }),
  ]);
  const exportPath = `/projects/${project.id}/backers/export`;
  return (
    <>
      <PageHeader title="Delete project" description={`Deleting ${project.name} removes it for every member. It cannot be undone.`} />
      <div className="max-w-3xl space-y-6">
        {refusal ? (
          <Alert tone="info">{refusal} Ask an owner on the Team page.</Alert>
        ) : (
          <>
            <Card title="1. Keep what you need">
              <p className="text-sm text-slate-600">
                Download the backer report first: after deletion nothing of this project can be recovered from Pledgehouse.
              </p>
              <div className="mt-4 flex flex-wrap gap-2">
                <form method="post" action={exportPath}>
                  <input type="hidden" name="selection" value={ALL_BACKERS} />
                  <button type="submit" className={buttonClasses("secondary", "sm")}>
                    Export all backers (CSV)
                  </button>
                </form>
                <form method="post" action={exportPath}>
                  <input type="hidden" name="selection" value={ALL_BACKERS} />
                  <input type="hidden" name="format" value="xlsx" />
                  <button type="submit" className={buttonClasses("secondary", "sm")}>
                    Export all backers (Excel)
                  </button>
                </form>
                <Link href={`/projects/${project.id}/segments`} className={buttonClasses("ghost", "sm")}>
                  Segment reports
                </Link>
              </div>
            </Card>
            <Card title="2. Delete">
              <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-slate-700">
                <li>
                  {backers.toLocaleString("en-US")} {backers === 1 ? "backer" : "backers"} with their pledges, tracking numbers, digital codes and incentives are removed.
                </li>
                <li>
                  {queuedEmails === 0
                    ? "No emails are waiting to be sent."
                    : `${queuedEmails.toLocaleString("en-US")} ${queuedEmails === 1 ? "email that is" : "emails that are"} still waiting to be sent will be cancelled, not sent.`}
                </li>
                <li>Every member loses access. The deletion is kept in the instance&apos;s log.</li>
              </ul>
              <DeleteProjectForm projectId={project.id} projectName={project.name} action={deleteProjectAction} />
            </Card>
          </>
        )}
      </div>
    </>
  );
}
