import { z } from "zod";

/** Largest complimentary credit one incentive can give one pledge, in minor units. */
export const MAX_CREDIT_AMOUNT = 100_000_00;
/** Largest number of a free item one incentive adds to one pledge. */
export const MAX_ITEM_QUANTITY = 100;

/**
 * Which of a segment's pledges an incentive skips. On by default: failed and errored payments,
 * dropped (and refunded) pledges, and for a physical item the pledges that ship nothing (digital
 * only, no reward), where a free physical item would need an address and shipping nobody planned.
 */
export const IncentiveExclusionsSchema = z.strictObject({
  failedPayments: z.boolean({ error: "Say whether failed and errored payments are excluded" }),
  droppedPledges: z.boolean({ error: "Say whether dropped and refunded pledges are excluded" }),
  digitalOnly: z.boolean({ error: "Say whether digital-only pledges are excluded" }),
  noReward: z.boolean({ error: "Say whether no-reward pledges are excluded" }),
});
export type IncentiveExclusions = z.output<typeof IncentiveExclusionsSchema>;
export type IncentiveExclusionKey = keyof IncentiveExclusions;

/** How each exclusion is called in the preview. */
export const INCENTIVE_EXCLUSION_LABELS: Record<IncentiveExclusionKey, string> = {
  failedPayments: "Failed and errored payments",
  droppedPledges: "Dropped and refunded pledges",
  digitalOnly: "Digital-only pledges",
  noReward: "No-reward pledges",
};

/** The exclusions a preview starts with for an incentive of this kind. */
export function defaultIncentiveExclusions(definition: { kind: "CREDIT" } | { kind: "ITEM"; physical: boolean }) {
  const shipsSomething = definition.kind === "ITEM" && definition.physical;
  return { failedPayments: true, droppedPledges: true, digitalOnly: shipsSomething, noReward: shipsSomething };
}

const uuid = (what: string) => z.guid({ error: `Choose ${what}` }).transform((id) => id.toLowerCase());

/** What an incentive gives each pledge: complimentary credit, or a free item (with its option). */
export const IncentiveDefinitionSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("CREDIT"),
      creditAmount: z
        .number({ error: "Enter the amount of credit" })
        .int({ error: "The credit must be a whole number of minor units (cents)" })
        .min(1, { error: "The credit must be more than zero" })
        .max(MAX_CREDIT_AMOUNT, { error: `The credit can be at most ${MAX_CREDIT_AMOUNT} minor units per backer` }),
    }),
    z.strictObject({
      kind: z.literal("ITEM"),
      itemId: uuid("an item"),
      itemOptionId: uuid("an option")
        .nullish()
        .transform((id) => id ?? null),
      quantity: z
        .number({ error: "Enter a quantity" })
        .int({ error: "The quantity must be a whole number" })
        .min(1, { error: "The quantity must be at least 1" })
        .max(MAX_ITEM_QUANTITY, { error: `The quantity can be at most ${MAX_ITEM_QUANTITY}` }),
    }),
  ],
  { error: "Choose Assign Complimentary Credit or Manually Add an Item" },
);
export type IncentiveDefinition = z.output<typeof IncentiveDefinitionSchema>;

/** The name creators and backers see, e.g. "Early bird pin". */
export const IncentiveNameSchema = z
  .string({ error: "Give the incentive a name" })
  .trim()
  .min(1, { error: "Give the incentive a name, e.g. “Early bird pin”" })
  .max(120, { error: "An incentive name can be at most 120 characters" });

/**
 * Which incentive an apply or preview is about: one already given (applied again, to this or an
 * overlapping segment, it skips every pledge that has it) or a new one.
 */
export const IncentiveChoiceSchema = z.union([
  z.strictObject({ incentiveId: uuid("an incentive") }),
  z.strictObject({ name: IncentiveNameSchema, definition: IncentiveDefinitionSchema }),
]);
export type IncentiveChoice = z.output<typeof IncentiveChoiceSchema>;

/** Whether two definitions give the same thing (so a same-named incentive is the same incentive). */
export function sameIncentiveDefinition(a: IncentiveDefinition, b: IncentiveDefinition): boolean {
  if (a.kind === "CREDIT" || b.kind === "CREDIT") {
    return a.kind === b.kind && a.kind === "CREDIT" && b.kind === "CREDIT" && a.creditAmount === b.creditAmount;
  }
  return a.itemId === b.itemId && a.itemOptionId === b.itemOptionId && a.quantity === b.quantity;
}
