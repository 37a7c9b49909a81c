import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";
import { BackingDetailsBody } from "../backing-details-body";

export const metadata: Metadata = { title: "Backing details" };

export default async function BackingDetailsPage({ params }: { params: Promise<{ pledgeId: string }> }) {
  const { pledgeId } = await params;
  const { pledge } = await loadPledgePage(pledgeId);
  if (!pledge.viewerIsBacker) redirect(`/projects/${pledge.project.id}/backers/${pledge.backer.id}/backing-details`);
  return <BackingDetailsBody pledgeId={pledge.id} />;
}
