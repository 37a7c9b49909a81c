import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { listItems } from "@/lib/items/list-items";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";
import { archiveItemAction, saveItemAction } from "./actions";
import { ItemForm } from "./item-form";

export const metadata: Metadata = { title: "Items" };

export default async function ItemsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const items = await listItems(prisma, project.id);
  const canEdit = roleCan(project.role, "edit");
  return (
    <>
      <PageHeader
        title="Items"
        description="What backers receive: each item with its SKU, whether it is physical or digital, its weight and options (size, colour…). Archived items are no longer offered for new incentives."
      />
      <div className="space-y-4">
        {canEdit && (
          <Card title="Add an item">
            <ItemForm projectId={project.id} save={saveItemAction} />
          </Card>
        )}
        {items.length === 0 && <p className="text-sm text-slate-600">No items yet. They also come with the backer import (its item and add-on columns).</p>}
        {items.map((item) => (
          <Card key={item.id}>
            <div className="mb-3 flex flex-wrap items-center gap-2">
              <h2 className="text-base font-semibold text-slate-900">{item.name}</h2>
              <Badge tone={item.physical ? "indigo" : "neutral"}>{item.physical ? "Physical" : "Digital"}</Badge>
              {item.isAddOn && <Badge tone="neutral">Add-on</Badge>}
              {item.archived && <Badge tone="amber">Archived</Badge>}
              <span className="text-sm text-slate-500">
                in {item.levels} {item.levels === 1 ? "pledge level" : "pledge levels"}
              </span>
            </div>
            {canEdit ? (
              <ItemForm projectId={project.id} item={item} save={saveItemAction} archive={archiveItemAction} />
            ) : (
              <p className="text-sm text-slate-700">
                SKU {item.sku ?? "—"} · {item.weightGrams === null ? "no weight" : `${item.weightGrams} g`} · options: {item.options.join(", ") || "none"}
              </p>
            )}
          </Card>
        ))}
      </div>
    </>
  );
}
