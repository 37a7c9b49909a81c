import { Badge } from "@/components/ui/badge";
import { formatMoney } from "@/components/ui/format";
import type { PledgeLevelKind } from "@/lib/db/generated/enums";
import type { PledgeItemSource, PledgeSummaryItem } from "@/lib/pledges/get-pledge-summary";

/**
 * Why a pledge lists no items. Only a pledge without a reward has nothing to deliver; a reward
 * tier whose contents are not recorded here still has them.
 */
function describeNoItems(level: { name: string; kind: PledgeLevelKind } | null, viewer: "backer" | "member"): string {
  if (level === null || level.kind === "NO_REWARD") return "No reward: this pledge has nothing to deliver.";
  if (level.kind === "DIGITAL") {
    return viewer === "backer"
      ? `“${level.name}” is a digital reward: codes and links from the creator appear on the Backing details tab.`
      : `“${level.name}” is a digital reward: the codes and links sent appear on the Backing details tab.`;
  }
  return viewer === "backer"
    ? `The contents of “${level.name}” are not listed here yet; it includes what the campaign promised for this reward.`
    : `No contents are recorded for “${level.name}” yet: add them on the Pledge levels page.`;
}

const GROUPS: { source: PledgeItemSource; title: (levelName: string | null) => string }[] = [
  { source: "PLEDGE_LEVEL", title: (levelName) => (levelName ? `Included in ${levelName}` : "Included in your reward") },
  { source: "ADD_ON", title: () => "Add-ons" },
  { source: "INCENTIVE", title: () => "Free items from the creator" },
];

function ItemRow({ item, currency }: { item: PledgeSummaryItem; currency: string }) {
  return (
    <li className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2.5">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">
          <span className="mr-1.5 text-slate-500 tabular-nums">{item.quantity}×</span>
          {item.name}
        </p>
        {(item.optionName || item.incentiveName) && (
          <p className="mt-0.5 text-xs text-slate-500">
            {[item.optionName, item.incentiveName ? `Gift: ${item.incentiveName}` : null].filter(Boolean).join(" · ")}
          </p>
        )}
      </div>
      <div className="shrink-0 text-sm tabular-nums">
        {item.source === "INCENTIVE" ? (
          <Badge tone="green">Free</Badge>
        ) : item.source === "ADD_ON" && item.unitPrice > 0 ? (
          <span className="text-slate-700">
            {item.quantity > 1 && <span className="text-slate-500">{formatMoney(item.unitPrice, currency)} each · </span>}
            {formatMoney(item.unitPrice * item.quantity, currency)}
          </span>
        ) : (
          <span className="text-slate-500">Included</span>
        )}
      </div>
    </li>
  );
}

/**
 * What the backer gets: the tier's contents, add-ons with their options and prices, and free
 * incentive items marked "Free", each under its own heading.
 */
export function PledgeItemsList({
  items,
  currency,
  level,
  viewer,
}: {
  items: PledgeSummaryItem[];
  currency: string;
  level: { name: string; kind: PledgeLevelKind } | null;
  viewer: "backer" | "member";
}) {
  const levelName = level?.name ?? null;
  if (items.length === 0) return <p className="text-sm text-slate-600">{describeNoItems(level, viewer)}</p>;
  return (
    <div className="space-y-5">
      {GROUPS.map(({ source, title }) => {
        const group = items.filter((item) => item.source === source);
        if (group.length === 0) return null;
        return (
          <div key={source}>
            <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title(levelName)}</h3>
            <ul className="mt-1 divide-y divide-slate-100">
              {group.map((item) => (
                <ItemRow key={item.id} item={item} currency={currency} />
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
