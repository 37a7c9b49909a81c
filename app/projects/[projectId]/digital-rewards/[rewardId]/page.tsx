import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CodeBankUploadForm } from "@/components/digital-rewards/code-bank-upload-form";
import { DigitalRewardForm } from "@/components/digital-rewards/digital-reward-form";
import { DigitalRewardKindBadge } from "@/components/digital-rewards/digital-reward-kind-badge";
import { InstructionsText } from "@/components/digital-rewards/instructions-text";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";
import { listDigitalRewardDeliveries } from "@/lib/digital-rewards/list-digital-reward-deliveries";
import { listDigitalRewards } from "@/lib/digital-rewards/list-digital-rewards";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { updateDigitalRewardAction } from "../actions";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Digital reward" };

const n = (value: number) => value.toLocaleString("en-US");

export default async function DigitalRewardPage({
  params,
}: {
  params: Promise<{ projectId: string; rewardId: string }>;
}) {
  const { projectId, rewardId } = await params;
  const { project } = await loadProjectPage(projectId);
  const reward = (await listDigitalRewards(project.id)).find((candidate) => candidate.id === rewardId);
  if (!reward) notFound();
  const deliveries = await listDigitalRewardDeliveries(reward.id);
  const base = `/projects/${project.id}`;
  // Only once a bank is in use: a reward may be meant for some backers only, so an empty bank is not a warning.
  const shortBy = reward.kind === "UNIQUE" && reward.codesLeft > 0 ? reward.notYetSentCount - reward.codesLeft : 0;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-slate-500">
        <Link href={`${base}/digital-rewards`} className="rounded hover:text-slate-700">
          Digital rewards
        </Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <PageHeader
        title={reward.name}
        description={<DigitalRewardKindBadge kind={reward.kind} />}
        actions={
          <LinkButton href={`${base}/backers`} variant="secondary">
            Select backers to send to
          </LinkButton>
        }
      />

      <div className="space-y-6">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Card as="div">
            <dl>
              <dt className="text-sm text-slate-500">Sent to</dt>
              <dd className="text-2xl font-bold text-slate-900" data-testid="sent-count">
                {n(reward.sentCount)}
              </dd>
            </dl>
          </Card>
          <Card as="div">
            <dl>
              <dt className="text-sm text-slate-500">Not sent yet</dt>
              <dd className="text-2xl font-bold text-slate-900">{n(reward.notYetSentCount)}</dd>
            </dl>
          </Card>
          {reward.kind === "UNIQUE" && (
            <Card as="div">
              <dl>
                <dt className="text-sm text-slate-500">Codes left in the bank</dt>
                <dd className="text-2xl font-bold text-slate-900" data-testid="codes-left">
                  {n(reward.codesLeft)}
                </dd>
              </dl>
            </Card>
          )}
        </div>

        {shortBy > 0 && (
          <Alert tone="warning" title="The code bank cannot cover every backer yet">
            {n(reward.notYetSentCount)} {reward.notYetSentCount === 1 ? "backer has" : "backers have"} not received this
            reward yet and the bank has {n(reward.codesLeft)} unused {reward.codesLeft === 1 ? "code" : "codes"}. Upload
            at least {n(shortBy)} more to send to all of them from the bank, or paste codes when you send.
          </Alert>
        )}

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Details">
            <DigitalRewardForm
              projectId={project.id}
              action={updateDigitalRewardAction}
              reward={{
                id: reward.id,
                name: reward.name,
                kind: reward.kind,
                instructions: reward.instructions,
                sharedValue: reward.sharedValue,
                codesCaseSensitive: reward.codesCaseSensitive,
              }}
              cancelHref={`${base}/digital-rewards`}
            />
          </Card>
          <div className="space-y-6">
            {reward.kind === "UNIQUE" && (
              <Card title="Code bank">
                <p className="mb-4 text-sm text-slate-600">
                  Upload codes in advance (more than you need is fine). “Send from the code bank” assigns the next
                  unused codes, one per backer; a code is never given to two backers.
                </p>
                <CodeBankUploadForm projectId={project.id} rewardId={reward.id} />
              </Card>
            )}
            <Card title="What backers see">
              {reward.instructions ? (
                <InstructionsText text={reward.instructions} />
              ) : (
                <p className="text-sm text-slate-500">
                  No instructions: backers get the {reward.kind === "UNIQUE" ? "code" : "code or link"} alone.
                </p>
              )}
            </Card>
          </div>
        </div>

        <Card title="Recently sent" flush>
          {deliveries.length === 0 ? (
            <p className="p-4 text-sm text-slate-500 sm:p-5">
              Not sent to anyone yet. In the{" "}
              <Link href={`${base}/backers`} className="font-medium text-indigo-700 hover:underline">
                backer report
              </Link>
              , select backers and choose “Send digital reward”.
            </p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-left text-sm">
                <thead className="bg-slate-50 text-xs font-medium text-slate-500">
                  <tr>
                    <th scope="col" className="px-4 py-2 sm:px-5">
                      Backer
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Code or link
                    </th>
                    <th scope="col" className="px-4 py-2">
                      Last sent
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {deliveries.map((delivery) => (
                    <tr key={delivery.pledgeId}>
                      <td className="px-4 py-2 sm:px-5">
                        <Link
                          href={`/pledges/${delivery.pledgeId}/backing-details`}
                          className="font-medium text-slate-900 hover:text-indigo-700"
                        >
                          {delivery.backerName || delivery.email}
                        </Link>
                        <div className="text-xs text-slate-500">{delivery.email}</div>
                      </td>
                      <td className="px-4 py-2">
                        <code className="font-mono text-xs break-all text-slate-800">{delivery.value}</code>
                      </td>
                      <td className="px-4 py-2 whitespace-nowrap text-slate-600">
                        {formatInZone(delivery.lastSentAt, project.timeZone)}
                        {delivery.sendCount > 1 && (
                          <span className="ml-1 text-xs text-slate-500">({delivery.sendCount} sends)</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
