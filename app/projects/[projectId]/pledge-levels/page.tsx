import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { listItems } from "@/lib/items/list-items";
import { listPledgeLevels } from "@/lib/pledge-levels/list-pledge-levels";
import { PLEDGE_LEVEL_KIND_LABELS } from "@/lib/pledge-levels/pledge-level-kind-labels";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";
import { updatePledgeLevelAction } from "./actions";
import { PledgeLevelForm } from "./pledge-level-form";
import { formatCount } from "@/components/ui/format";

export const metadata: Metadata = { title: "Pledge levels" };

function units(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

export default async function PledgeLevelsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const levels = await listPledgeLevels(prisma, project.id);
  const items = await listItems(prisma, project.id);
  const canEdit = roleCan(project.role, "edit");
  return (
    <>
      <PageHeader
        title="Pledge levels"
        description="Each reward tier: its price, whether it is physical, digital only or no reward, whether it collects a shipping address, and what it includes. Segments, incentives and tracking warnings rely on the kind; exports and item conditions on the contents."
      />
      {levels.length === 0 ? (
        <EmptyState title="No pledge levels yet">
          Import your backer report: its rewards become pledge levels, with a suggested kind for you to confirm.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {levels.map((level) => {
            const contents = level.contents.map((entry) => `${entry.quantity} × ${entry.name}`).join(", ");
            const included = Object.fromEntries(level.contents.map((entry) => [entry.itemId, entry.quantity]));
            return (
              <Card key={level.id}>
                {canEdit ? (
                  <PledgeLevelForm
                    projectId={project.id}
                    currency={project.currency}
                    action={updatePledgeLevelAction}
                    items={items.filter((item) => !item.archived || item.id in included)}
                    itemsHref={`/projects/${project.id}/items`}
                    level={{ ...level, price: units(level.price, project.currency), contents: included }}
                  />
                ) : (
                  <div className="text-sm text-slate-700">
                    <h2 className="text-base font-semibold text-slate-900">{level.name}</h2>
                    <p>
                      {PLEDGE_LEVEL_KIND_LABELS[level.kind]}
                      {level.kindConfirmed ? "" : " (suggested, not confirmed)"} · {formatCount(level.backers, "backer")}
                    </p>
                    <p>Contents: {contents || "no items recorded"}</p>
                  </div>
                )}
              </Card>
            );
          })}
        </div>
      )}
    </>
  );
}
