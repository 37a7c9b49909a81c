import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { formatDateTime, formatMoney } from "@/components/ui/format";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";

export const metadata: Metadata = { title: "Pledge summary" };

export default async function PledgeSummaryPage({ params }: { params: Promise<{ pledgeId: string }> }) {
  const { pledgeId } = await params;
  const { pledge } = await loadPledgePage(pledgeId);
  const money = (amount: number) => formatMoney(amount, pledge.project.currency);
  const rows: [string, string][] = [
    ["Pledge level", pledge.pledgeLevel?.name ?? "No reward"],
    ["Amount pledged", money(pledge.amount)],
    ["Shipping", money(pledge.shippingAmount)],
    ["Bonus support", money(pledge.bonusAmount)],
    ["Pledged on", formatDateTime(pledge.pledgedAt)],
    [
      "Backer",
      pledge.backer.backerNumber ? `#${pledge.backer.backerNumber} · ${pledge.backer.email}` : pledge.backer.email,
    ],
  ];
  return (
    <Card title="Summary">
      <dl className="divide-y divide-slate-100">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-1 gap-1 py-3 sm:grid-cols-3 sm:gap-4">
            <dt className="text-sm font-medium text-slate-500">{label}</dt>
            <dd className="text-sm text-slate-900 sm:col-span-2">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
