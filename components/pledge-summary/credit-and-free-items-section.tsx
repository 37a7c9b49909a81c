import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { describeCreditEntry, describeWithdrawnItem } from "@/lib/pledges/describe-credit-entry";
import type { PledgeCreditEntry, PledgeSummaryItem, PledgeWithdrawnItem } from "@/lib/pledges/get-pledge-summary";
import { formatInZone } from "@/lib/projects/zoned-time";

type Props = {
  creditBalance: number;
  creditEntries: PledgeCreditEntry[];
  /** The pledge's free incentive items. */
  freeItems: PledgeSummaryItem[];
  /** Free items the creator gave and took back. */
  withdrawnItems: PledgeWithdrawnItem[];
  currency: string;
  /** The project's zone: dates are on its calendar. */
  timeZone: string;
  viewer: "backer" | "member";
};

/** Complimentary credit (balance and ledger) and free items the creator gave, on the Backing details tab. */
export function CreditAndFreeItemsSection({
  creditBalance,
  creditEntries,
  freeItems,
  withdrawnItems,
  currency,
  timeZone,
  viewer,
}: Props) {
  if (creditEntries.length === 0 && freeItems.length === 0 && withdrawnItems.length === 0) return null;
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <Card title="Credit and free items" aria-label="Credit and free items">
      <div className="space-y-6">
        {creditEntries.length > 0 && (
          <div>
            <p className="text-sm text-slate-600">Complimentary credit</p>
            <p
              className="mt-0.5 text-2xl font-bold tracking-tight text-slate-900 tabular-nums"
              data-testid="credit-balance"
            >
              {money(creditBalance)}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {viewer === "backer"
                ? "Credit the creator gave you to spend in this project."
                : "Credit given to this pledge."}
            </p>
            <ul className="mt-3 divide-y divide-slate-100 border-t border-slate-100">
              {creditEntries.map((entry) => {
                const { title, note } = describeCreditEntry(entry, viewer);
                return (
                  <li key={entry.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 text-sm">
                    <span className="text-slate-700">
                      {title}
                      <span className="ml-2 text-xs text-slate-500">
                        {formatInZone(entry.createdAt, timeZone, "date")}
                      </span>
                      {note && <span className="block text-xs text-slate-500">{note}</span>}
                    </span>
                    <span className={entry.amount < 0 ? "text-red-700 tabular-nums" : "text-slate-900 tabular-nums"}>
                      {entry.amount > 0 ? "+" : ""}
                      {money(entry.amount)}
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {freeItems.length > 0 && (
          <div>
            <p className="text-sm text-slate-600">Free items</p>
            <ul className="mt-1 divide-y divide-slate-100">
              {freeItems.map((item) => (
                <li key={item.id} className="flex flex-wrap items-baseline justify-between gap-x-4 py-2 text-sm">
                  <span className="text-slate-900">
                    <span className="mr-1.5 text-slate-500 tabular-nums">{item.quantity}×</span>
                    {item.name}
                    {item.optionName && <span className="text-slate-500"> · {item.optionName}</span>}
                    {item.incentiveName && (
                      <span className="block text-xs text-slate-500">Gift: {item.incentiveName}</span>
                    )}
                  </span>
                  <Badge tone="green">Free</Badge>
                </li>
              ))}
            </ul>
          </div>
        )}
        {withdrawnItems.length > 0 && (
          <div>
            <p className="text-sm text-slate-600">Taken back</p>
            <ul className="mt-1 divide-y divide-slate-100">
              {withdrawnItems.map((item) => (
                <li key={item.id} className="py-2 text-sm">
                  <span className="text-slate-500 line-through decoration-slate-400">
                    <span className="mr-1.5 tabular-nums">{item.quantity}×</span>
                    {item.name}
                    {item.optionName && <span> · {item.optionName}</span>}
                  </span>
                  <span className="block text-xs text-slate-600">
                    {describeWithdrawnItem(item.incentiveName, viewer)}{" "}
                    <span className="text-slate-500">{formatInZone(item.undoneAt, timeZone, "date")}</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
