import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SendToBackerForm } from "@/components/digital-rewards/send-to-backer-form";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { BackerActionHeader } from "@/components/backer-report/backer-action-header";
import { loadBackerDigitalRewardsOrThrow } from "@/lib/digital-rewards/load-backer-digital-rewards";
import { DomainError } from "@/lib/errors";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Send digital reward" };

export default async function SendDigitalRewardToBackerPage({
  params,
}: {
  params: Promise<{ projectId: string; backerId: string }>;
}) {
  const { projectId, backerId } = await params;
  const { project } = await loadProjectPage(projectId);
  const loaded = await loadBackerDigitalRewardsOrThrow(project.id, backerId).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const { backer, rewards } = loaded;
  const base = `/projects/${project.id}`;
  const who = backer.name || backer.email;
  return (
    <>
      <BackerActionHeader projectId={project.id} title={`Send digital reward to ${who}`} backer={backer} />
      {!backer.pledgeId ? (
        <EmptyState icon={<KeyIcon />} title="This backer has no pledge">
          Digital rewards are sent for a pledge. Import the backer report again if this backer’s pledge is missing.
        </EmptyState>
      ) : rewards.length === 0 ? (
        <EmptyState
          icon={<KeyIcon />}
          title="No digital rewards yet"
          action={<LinkButton href={`${base}/digital-rewards/new`}>New digital reward</LinkButton>}
        >
          Create a digital reward first: its name, instructions, and whether it uses unique access codes or a shared
          access code.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2">
          {rewards.map((reward) => (
            <li key={reward.id}>
              <SendToBackerForm projectId={project.id} backerId={backer.id} backerLabel={who} reward={reward} timeZone={project.timeZone} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
