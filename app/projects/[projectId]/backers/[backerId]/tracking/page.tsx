import { prisma } from "@/lib/db/client";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { AddTrackingNumberForm } from "@/components/tracking/add-tracking-number-form";
import { TrackingHistory } from "@/components/tracking/tracking-history";
import { EmptyState } from "@/components/ui/empty-state";
import { GiftIcon } from "@/components/ui/icons";
import { BackerActionHeader } from "@/components/backer-report/backer-action-header";
import { DomainError } from "@/lib/errors";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { UnconfirmedLevelKindsNotice } from "@/components/unconfirmed-level-kinds-notice";
import { findUnconfirmedLevelOfBacker } from "@/lib/pledge-levels/find-unconfirmed-level-of-backer";
import { loadBackerTrackingOrThrow } from "@/lib/tracking/load-backer-tracking";
import { TRACKING_CARRIERS } from "@/lib/tracking/tracking-carriers";
import { addTrackingNumberAction } from "./actions";

export const metadata: Metadata = { title: "Add tracking number" };

export default async function AddTrackingNumberPage({
  params,
}: {
  params: Promise<{ projectId: string; backerId: string }>;
}) {
  const { projectId, backerId } = await params;
  const { project } = await loadProjectPage(projectId);
  const { backer, shipments, nothingToShip } = await loadBackerTrackingOrThrow(project.id, backerId).catch(
    (error: unknown) => {
      if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
      throw error;
    },
  );
  const base = `/projects/${project.id}`;
  const who = backer.name || backer.email;
  const unconfirmedLevel = await findUnconfirmedLevelOfBacker(prisma, project.id, backer.id);
  const current = shipments.filter((shipment) => shipment.supersededAt === null);
  return (
    <>
      <BackerActionHeader projectId={project.id} title={`Add tracking number for ${who}`} backer={backer} />
      {unconfirmedLevel && (
        <div className="mb-4">
          <UnconfirmedLevelKindsNotice projectId={project.id} names={[unconfirmedLevel]} />
        </div>
      )}
      {!backer.pledgeId ? (
        <EmptyState icon={<GiftIcon />} title="This backer has no pledge">
          Tracking numbers belong to a pledge. Import the backer report again if this backer’s pledge is missing.
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          {nothingToShip && (
            <Alert tone="warning" title="This pledge ships nothing" className="lg:col-span-2">
              {who} pledged for “{nothingToShip.levelName}”,{" "}
              {nothingToShip.kind === "DIGITAL" ? "a digital-only reward" : "a no-reward pledge"}, so there is no parcel
              to track. Check that the number is not another backer’s before adding it.
            </Alert>
          )}
          <AddTrackingNumberForm
            action={addTrackingNumberAction}
            projectId={project.id}
            backerId={backer.id}
            backerLabel={who}
            reportHref={`${base}/backers`}
            current={current.map((shipment) => ({
              trackingNumber: shipment.trackingNumber,
              carrier: shipment.carrier,
            }))}
            carriers={TRACKING_CARRIERS.map((carrier) => carrier.name)}
          />
          <TrackingHistory shipments={shipments} timeZone={project.timeZone} />
        </div>
      )}
    </>
  );
}
