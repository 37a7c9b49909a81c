import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BackingDetailsBody } from "@/app/pledges/[pledgeId]/backing-details-body";
import { findPledgeOfBacker } from "@/lib/pledges/find-pledge-of-backer";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Backing details" };

export default async function BackerBackingDetailsPage({ params }: { params: Promise<{ projectId: string; backerId: string }> }) {
  const { projectId, backerId } = await params;
  const { project } = await loadProjectPage(projectId);
  const pledgeId = await findPledgeOfBacker(project.id, backerId);
  if (pledgeId === null) notFound();
  return <BackingDetailsBody pledgeId={pledgeId} />;
}
