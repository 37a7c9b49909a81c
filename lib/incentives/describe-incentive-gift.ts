import { formatMoney } from "@/components/ui/format";
import type { IncentiveDefinition } from "./incentive-schemas";

/** What an incentive gives, in words: "$5.00 of complimentary credit", "2 × Enamel pin (Gold)". */
export function describeIncentiveGift(
  definition: IncentiveDefinition,
  item: { name: string; optionName: string | null } | null,
  currency: string,
): string {
  if (definition.kind === "CREDIT") return `${formatMoney(definition.creditAmount, currency)} of complimentary credit`;
  const name = item ? (item.optionName ? `${item.name} (${item.optionName})` : item.name) : "an item";
  return `${definition.quantity} × ${name}`;
}
