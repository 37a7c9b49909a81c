import { CreditAndFreeItemsSection } from "@/components/pledge-summary/credit-and-free-items-section";
import { DigitalRewardsSection } from "@/components/pledge-summary/digital-rewards-section";
import { ShipmentsSection } from "@/components/pledge-summary/shipments-section";
import { EmptyState } from "@/components/ui/empty-state";
import { GiftIcon } from "@/components/ui/icons";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";
import { getPledgeSummaryOrThrow } from "@/lib/pledges/get-pledge-summary";

/** The Backing details tab of a pledge (tracking numbers, digital rewards, credit and free items). */
export async function BackingDetailsBody({ pledgeId }: { pledgeId: string }) {
  const { pledge: viewable } = await loadPledgePage(pledgeId);
  const viewer = viewable.viewerIsMember ? "member" : "backer";
  const pledge = await getPledgeSummaryOrThrow(viewable.id, viewer);
  const { shipments, digitalRewards, creditEntries, freeItems, withdrawnItems } = pledge.backingDetails;

  // The sections decide how they show what they have; the page only knows whether anything exists.
  if (shipments + digitalRewards + creditEntries + freeItems + withdrawnItems === 0) {
    return (
      <EmptyState icon={<GiftIcon />} title="Nothing shipped or sent yet">
        {viewer === "backer"
          ? "Tracking numbers, digital rewards and any credit or free items the creator gives you will appear here as soon as they are sent. You will also get an email each time."
          : "Tracking numbers, digital rewards, credit and free items given to this backer will appear here once they are sent."}
      </EmptyState>
    );
  }

  return (
    <div className="space-y-6">
      <ShipmentsSection pledgeId={pledge.id} viewer={viewer} timeZone={pledge.project.timeZone} />
      <DigitalRewardsSection pledgeId={pledge.id} timeZone={pledge.project.timeZone} />
      <CreditAndFreeItemsSection
        creditBalance={pledge.creditBalance}
        creditEntries={pledge.creditEntries}
        freeItems={pledge.items.filter((item) => item.source === "INCENTIVE")}
        withdrawnItems={pledge.withdrawnItems}
        currency={pledge.project.currency}
        timeZone={pledge.project.timeZone}
        viewer={viewer}
      />
    </div>
  );
}
