import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PledgeSummaryBody } from "@/app/pledges/[pledgeId]/pledge-summary-body";
import { findPledgeOfBacker } from "@/lib/pledges/find-pledge-of-backer";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Pledge summary" };

export default async function BackerPledgeSummaryPage({ params }: { params: Promise<{ projectId: string; backerId: string }> }) {
  const { projectId, backerId } = await params;
  const { project } = await loadProjectPage(projectId);
  const pledgeId = await findPledgeOfBacker(project.id, backerId);
  if (pledgeId === null) notFound();
  return <PledgeSummaryBody pledgeId={pledgeId} base={`/projects/${project.id}/backers/${backerId}`} />;
}
