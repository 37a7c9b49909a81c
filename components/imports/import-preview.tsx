import type { ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import type { BackerFileFormat } from "@/lib/backers/import/backer-import-types";
import type { PlannedBackerChange } from "@/lib/backers/import/plan-backer-import";
import type { BackerImportPreviewView } from "@/lib/backers/import/summarize-backer-import-preview";
import { ImportProblemList } from "./import-problem-list";

const FORMAT_LABELS: Record<BackerFileFormat, string> = {
  "kickstarter-current": "Kickstarter backer report",
  "kickstarter-2016": "Kickstarter backer report (2014–2018 layout)",
  "kickstarter-2013": "Kickstarter backer report (before 2014)",
  mapped: "Columns matched by you",
};

const CHANGE_LABELS: Record<PlannedBackerChange, string> = {
  email: "email",
  name: "name",
  backerNumber: "backer number",
  platformUid: "backer UID",
  country: "country",
  shippingCountryName: "country name",
  shippingName: "shipping name",
  shippingAddress1: "address",
  shippingAddress2: "address line 2",
  shippingCity: "city",
  shippingState: "state",
  shippingPostalCode: "postal code",
  shippingPhone: "phone",
  shippingDeliveryNotes: "delivery notes",
  notes: "notes",
  surveyResponse: "survey response",
  pledgeLevel: "pledge level",
  amount: "pledge amount",
  shippingAmount: "shipping amount",
  bonusAmount: "bonus support",
  pledgedAt: "pledge time",
  status: "payment status",
  rewardsSent: "rewards sent",
  items: "items and add-ons",
};

const n = (value: number) => value.toLocaleString("en-US");

/**
 * The preview of an upload: what the import would do (backers added, updated, unchanged; pledge
 * levels and items created; examples), or why it cannot run — with every problem and a clear
 * statement that nothing was changed. `children` holds the step's buttons or progress.
 */
export function ImportPreview({
  preview,
  currency,
  fileLabel,
  children,
}: {
  preview: BackerImportPreviewView;
  currency: string;
  fileLabel: string;
  children: ReactNode;
}) {
  const { counts } = preview;
  const stats = [
    { label: preview.ok ? "Will be added" : "Would be added", value: counts.add, hint: "new backers" },
    { label: preview.ok ? "Will be updated" : "Would be updated", value: counts.update, hint: "backers already here" },
    { label: "Unchanged", value: counts.unchanged, hint: "already up to date" },
    ...(counts.invalid > 0 ? [{ label: "Rows with problems", value: counts.invalid, hint: "not importable" }] : []),
  ];
  const examples = [...preview.samples.update, ...preview.samples.add].slice(0, 6);
  return (
    <div className="space-y-6">
      {preview.ok ? (
        <Alert tone="info" title="Check the preview, then import">
          Nothing has changed yet. {n(counts.rows)} {counts.rows === 1 ? "row" : "rows"} read from {fileLabel}.
        </Alert>
      ) : (
        <Alert tone="error" title="This file cannot be imported — nothing was changed">
          {counts.errors === 1 ? "1 problem needs" : `${n(counts.errors)} problems need`} fixing first. Correct the file (the list below says where
          and how; download it as CSV to work through it in a spreadsheet), then upload it again.
        </Alert>
      )}

      <Card title="Preview">
        <div className="space-y-6">
          <dl className={`grid grid-cols-2 gap-3 ${stats.length === 4 ? "lg:grid-cols-4" : "sm:grid-cols-3"}`}>
            {stats.map((stat) => (
              <div key={stat.label} className="rounded-lg bg-slate-50 px-3 py-2.5">
                <dt className="text-xs font-medium text-slate-500">{stat.label}</dt>
                <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{n(stat.value)}</dd>
                <dd className="text-xs text-slate-500">{stat.hint}</dd>
              </div>
            ))}
          </dl>

          {preview.files.length > 0 && (
            <div>
              <h3 className="text-sm font-semibold text-slate-900">Files</h3>
              <ul className="mt-2 space-y-1 text-sm text-slate-700">
                {preview.files.map((file) => (
                  <li key={file.name} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="font-medium break-words">{file.name}</span>
                    <span className="text-slate-500">
                      {file.format ? FORMAT_LABELS[file.format] : "columns not recognised"} · {n(file.rowCount)} {file.rowCount === 1 ? "row" : "rows"}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {(preview.newPledgeLevels.length > 0 || preview.newItems.length > 0) && (
            <div className="grid gap-6 sm:grid-cols-2">
              {preview.newPledgeLevels.length > 0 && (
                <div>
                  <h3 className="text-sm font-semibold text-slate-900">Pledge levels to create ({preview.newPledgeLevels.length})</h3>
                  <ul className="mt-2 space-y-1 text-sm text-slate-700">
                    {preview.newPledgeLevels.map((level) => (
                      <li key={level.name} className="flex max-w-sm flex-wrap justify-between gap-x-3">
                        <span className="break-words">{level.name}</span>
                        <span className="text-slate-500 tabular-nums">{level.noReward ? "no reward" : level.price > 0 ? `from ${formatMoney(level.price, currency)}` : ""}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {preview.newItems.length > 0 && (
                <div>
                  <h3 className="text-sm font-semibold text-slate-900">Items to create ({preview.newItems.length})</h3>
                  <ul className="mt-2 space-y-1 text-sm text-slate-700">
                    {preview.newItems.map((item) => (
                      <li key={item.name} className="flex flex-wrap items-center gap-2">
                        <span className="break-words">{item.name}</span>
                        {item.isAddOn && <Badge tone="indigo">Add-on</Badge>}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          )}

          {preview.ok && examples.length > 0 && (
            <div>
              <h3 className="text-sm font-semibold text-slate-900">For example</h3>
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {examples.map((row) => (
                  <li key={`${row.file}:${row.row}`} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-1.5">
                    <span className="font-medium text-slate-900">{row.name || row.email}</span>
                    <span className="break-all text-slate-500">
                      {row.backerNumber !== null && `#${row.backerNumber} · `}
                      {row.email}
                    </span>
                    <span className="text-slate-600">
                      {row.changes.length === 0 ? "added" : `updates ${row.changes.map((change) => CHANGE_LABELS[change]).join(", ")}`}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}

          {children}
        </div>
      </Card>

      <ImportProblemList problems={preview.problems} />
    </div>
  );
}
