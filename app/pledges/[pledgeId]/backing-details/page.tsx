import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { GiftIcon } from "@/components/ui/icons";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";

export const metadata: Metadata = { title: "Backing details" };

export default async function BackingDetailsPage({ params }: { params: Promise<{ pledgeId: string }> }) {
  const { pledgeId } = await params;
  await loadPledgePage(pledgeId);
  return (
    <EmptyState icon={<GiftIcon />} title="Nothing shipped or sent yet">
      Tracking numbers, digital rewards and any credit or free items the creator gives you will appear here as soon as
      they are sent. You will also get an email each time.
    </EmptyState>
  );
}
