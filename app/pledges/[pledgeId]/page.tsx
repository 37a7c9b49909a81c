import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";
import { PledgeSummaryBody } from "./pledge-summary-body";

export const metadata: Metadata = { title: "Pledge summary" };

export default async function PledgeSummaryPage({ params }: { params: Promise<{ pledgeId: string }> }) {
  const { pledgeId } = await params;
  const { pledge } = await loadPledgePage(pledgeId);
  // A member reads a backer's pledge inside the project, with its navigation.
  if (!pledge.viewerIsBacker) redirect(`/projects/${pledge.project.id}/backers/${pledge.backer.id}`);
  return <PledgeSummaryBody pledgeId={pledge.id} base={`/pledges/${pledge.id}`} />;
}
