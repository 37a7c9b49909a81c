import type { Metadata } from "next";
import { ActionButton } from "@/components/segments/action-button";
import { ContactListUploadForm } from "@/components/segments/contact-list-upload-form";
import { EarlyBirdGenerator } from "@/components/segments/early-bird-generator";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CONTACT_LIST_KIND_LABELS, listContactLists } from "@/lib/contact-lists/list-contact-lists";
import { prisma } from "@/lib/db/client";
import { countPledgesPerHour } from "@/lib/segments/count-pledges-per-hour";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { describeErroredPayments } from "@/lib/pledges/describe-errored-payments";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { createFailedBackersSegmentAction, generateIncentiveSegmentsAction, uploadContactListAction } from "../actions";
import { formatInZone } from "@/lib/projects/zoned-time";

export const metadata: Metadata = { title: "Advanced Segment Actions" };

export default async function AdvancedSegmentActionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const perHour = await countPledgesPerHour(prisma, project.id);
  const errored = await countSegmentBackers(prisma, project.id, { type: "paymentStatus", statuses: ["ERRORED"] });
  const failed = await countSegmentBackers(prisma, project.id, { type: "paymentStatus", statuses: ["FAILED"] });
  const lists = await listContactLists(prisma, project.id);
  return (
    <>
      <PageHeader
        title="Advanced Segment Actions"
        description="Generate the segments for incentives you offered during the campaign, and bring in lists from outside Pledgehouse."
      />
      <div className="space-y-6">
        <Card title="Generate segments of incentives offered">
          <p className="mb-4 max-w-3xl text-sm text-slate-600">
            Creates (or refreshes) two segments: <strong>Early Bird Incentive backers</strong>, who pledged within the
            first hours after launch, and <strong>Returning backers</strong>, who backed one of your earlier projects in
            Pledgehouse or were marked as returning in the import. Both follow later imports automatically.
          </p>
          <EarlyBirdGenerator
            projectId={project.id}
            initialHours={project.earlyBirdHours}
            hours={perHour.hours}
            beforeLaunch={perHour.beforeLaunch}
            total={perHour.total}
            launched={perHour.launchedAt !== null}
            launch={perHour.launchedAt ? { at: perHour.launchedAt.toISOString(), timeZone: project.timeZone } : null}
            settingsHref={`/projects/${project.id}/settings`}
            generate={generateIncentiveSegmentsAction}
          />
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Create Partner Project Segment">
            <p className="mb-4 text-sm text-slate-600">
              For a cross-collab incentive: upload the partner project&apos;s backer list (a CSV with an email column).
              The segment holds this project&apos;s backers who are on it, in <strong>all</strong> pledge levels; then
              create a segment of it in the qualifying pledge levels, such as “Cross Collab Backers in physical tiers”.
            </p>
            <ContactListUploadForm projectId={project.id} variant="partner" action={uploadContactListAction} />
          </Card>

          <Card title="Failed Backers">
            <dl className="mb-4 space-y-3 text-sm">
              <div>
                <dt className="font-medium text-slate-900">Errored: {errored.toLocaleString("en-US")}</dt>
                <dd className="text-slate-600">{describeErroredPayments(project.endedAt, new Date(), project.timeZone)}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-900">Failed: {failed.toLocaleString("en-US")}</dt>
                <dd className="text-slate-600">The grace period ended without a successful charge.</dd>
              </div>
            </dl>
            <p className="mb-3 text-sm text-slate-600">
              The Failed Backers segment holds both. Use it with “Not in any of these segments” to leave them out of an
              incentive (Segment Actions also exclude failed and errored payments by default).
            </p>
            <ActionButton
              input={{ projectId: project.id }}
              action={createFailedBackersSegmentAction}
              label="Create Failed Backers segment"
              pendingLabel="Creating…"
              success="Failed Backers is ready."
              segmentsHref={`/projects/${project.id}/segments`}
            />
          </Card>
        </div>

        <Card title="Leads">
          <p className="mb-4 max-w-3xl text-sm text-slate-600">
            Offered an incentive on a landing page or in an email campaign? Import its export (landing-page leads, or
            the people who clicked) as a contact list; use it in any segment with “In a contact list”.
          </p>
          <ContactListUploadForm projectId={project.id} variant="leads" action={uploadContactListAction} />
        </Card>

        {lists.length > 0 && (
          <Card title="Contact lists" flush>
            <div className="overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm">
                <thead className="bg-slate-50">
                  <tr>
                    {["List", "Kind", "Emails", "Backers of this project", "Imported"].map((h) => (
                      <th
                        key={h}
                        scope="col"
                        className="px-4 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                      >
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {lists.map((l) => (
                    <tr key={l.id}>
                      <td className="px-4 py-2 font-medium text-slate-900">
                        {l.name}
                        {l.fileName && <span className="block text-xs font-normal text-slate-500">{l.fileName}</span>}
                      </td>
                      <td className="px-4 py-2 text-slate-700">{CONTACT_LIST_KIND_LABELS[l.kind]}</td>
                      <td className="px-4 py-2 tabular-nums">{l.entries.toLocaleString("en-US")}</td>
                      <td className="px-4 py-2 tabular-nums">{l.matchedBackers.toLocaleString("en-US")}</td>
                      <td className="px-4 py-2 text-slate-600">{formatInZone(l.createdAt, project.timeZone, "date")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
