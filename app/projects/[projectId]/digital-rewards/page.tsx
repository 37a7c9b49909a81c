import type { Metadata } from "next";
import Link from "next/link";
import { DigitalRewardKindBadge } from "@/components/digital-rewards/digital-reward-kind-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { KeyIcon, PlusIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listDigitalRewards } from "@/lib/digital-rewards/list-digital-rewards";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";

export const metadata: Metadata = { title: "Digital rewards" };

const n = (value: number) => value.toLocaleString("en-US");

export default async function DigitalRewardsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const rewards = await listDigitalRewards(project.id);
  const base = `/projects/${project.id}/digital-rewards`;
  const newButton = roleCan(project.role, "edit") ? (
    <LinkButton href={`${base}/new`}>
      <PlusIcon className="size-4" /> New digital reward
    </LinkButton>
  ) : undefined;
  return (
    <>
      <PageHeader
        title="Digital rewards"
        description="Codes and download links for backers: unique access codes (one per backer, from a code bank or pasted when sending), or one shared access code or URL."
        actions={rewards.length > 0 ? newButton : undefined}
      />
      {rewards.length === 0 ? (
        <EmptyState icon={<KeyIcon />} title="No digital rewards yet" action={newButton}>
          Add a digital reward, upload its codes, then select backers in the backer report and choose “Send digital
          reward”. Each eligible backer gets exactly one.
        </EmptyState>
      ) : (
        <Card flush>
          <ul className="divide-y divide-slate-100">
            {rewards.map((reward) => {
              const short =
                reward.kind === "UNIQUE" && reward.codesLeft > 0 && reward.codesLeft < reward.notYetSentCount;
              return (
                <li
                  key={reward.id}
                  className="flex flex-col gap-2 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-5"
                >
                  <div className="min-w-0">
                    <Link
                      href={`${base}/${reward.id}`}
                      className="rounded font-semibold text-slate-900 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    >
                      {reward.name}
                    </Link>
                    <div className="mt-1 flex flex-wrap items-center gap-2">
                      <DigitalRewardKindBadge kind={reward.kind} />
                      {short && (
                        <Badge tone="amber">Bank short by {n(reward.notYetSentCount - reward.codesLeft)}</Badge>
                      )}
                    </div>
                  </div>
                  <dl className="flex gap-6 text-sm">
                    <div>
                      <dt className="text-slate-500">Sent to</dt>
                      <dd className="font-semibold text-slate-900">{n(reward.sentCount)}</dd>
                    </div>
                    {reward.kind === "UNIQUE" && (
                      <div>
                        <dt className="text-slate-500">Codes left</dt>
                        <dd className="font-semibold text-slate-900">{n(reward.codesLeft)}</dd>
                      </div>
                    )}
                  </dl>
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </>
  );
}
