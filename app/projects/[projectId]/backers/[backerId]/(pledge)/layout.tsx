import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PledgeHeader } from "@/components/pledge-summary/pledge-header";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";
import { findPledgeOfBacker } from "@/lib/pledges/find-pledge-of-backer";
import { loadProjectPage } from "@/lib/projects/load-project-page";

type BackerPledgeLayoutProps = { children: ReactNode; params: Promise<{ projectId: string; backerId: string }> };

/**
 * A backer's pledge summary as the project's members see it: inside the project (its navigation
 * and the way back to the backer report), not in the backer's own "Your pledges".
 */
export default async function BackerPledgeLayout({ children, params }: BackerPledgeLayoutProps) {
  const { projectId, backerId } = await params;
  const { project } = await loadProjectPage(projectId);
  const pledgeId = await findPledgeOfBacker(project.id, backerId);
  if (pledgeId === null) notFound();
  const { pledge } = await loadPledgePage(pledgeId);
  return (
    <div>
      <PledgeHeader
        pledge={pledge}
        viewer="member"
        base={`/projects/${project.id}/backers/${backerId}`}
        breadcrumb={
          <Link href={`/projects/${project.id}/backers`} className="rounded hover:text-slate-700">
            Backer report
          </Link>
        }
      />
      {children}
      <p className="mt-6 text-xs text-slate-500">Dates and times are in the campaign&apos;s time zone, {pledge.project.timeZone}.</p>
    </div>
  );
}
