import { z } from "zod";
import { PledgeLevelKind, PledgeStatus } from "@/lib/db/generated/enums";
import { MAX_EMAIL_LENGTH } from "./parse-email-list";
import { isStorableTime } from "@/lib/time/storable-time";

/**
 * Bounds on one filter. They keep a pasted or hand-written filter from producing a query the
 * database cannot plan in reasonable time, and keep stored filters small.
 */
export const SEGMENT_FILTER_LIMITS = {
  /** Groups inside groups (the root group counts as one). */
  maxDepth: 8,
  /** Conditions and groups in one filter, all levels together. */
  maxNodes: 200,
  /** Direct children of one AND/OR group. */
  maxGroupSize: 50,
  /** Ids listed in one condition (pledge levels, items, segments, contact lists, rewards). */
  maxIds: 500,
  /** Emails in one "Backers with emails" condition; larger lists belong in a contact list. */
  maxEmails: 100_000,
  /** A year of hours (leap year included). */
  maxHours: 24 * 366,
  /** Largest amount a pledge can hold (a Postgres integer). */
  maxAmount: 2_147_483_647,
} as const;

/** What each condition is called in the segment builder, in the reference's words where it has them. */
export const SEGMENT_CONDITION_LABELS = {
  inPledgeLevels: "In these pledge levels",
  pledgedMoreThan: "Pledged more than",
  pledgedLessThan: "Pledged less than",
  pledgedWithinFirstHours: "Pledged within the first hours after launch",
  pledgedBetween: "Pledged between",
  paymentStatus: "Payment status",
  backersWithEmails: "Backers with emails",
  inAnyOfTheseSegments: "In any of these segments",
  notInAnyOfTheseSegments: "Not in any of these segments",
  inContactList: "In a contact list",
  returningBacker: "Returning backer",
  country: "Country",
  hasItem: "Has an item or add-on",
  pledgeLevelKind: "Pledge level kind",
  hasTrackingNumber: "Has a tracking number",
  receivedDigitalReward: "Received a digital reward",
} as const;

export type SegmentConditionType = keyof typeof SEGMENT_CONDITION_LABELS;
export const SEGMENT_CONDITION_TYPES = Object.keys(SEGMENT_CONDITION_LABELS) as SegmentConditionType[];

const GROUP_TYPES = ["and", "or", "not"] as const;

// Stored emails are trimmed and lower-cased, so the list is normalised the same way; the check is
// deliberately loose (an address the platform exported must never be rejected as "invalid").
const LOOSE_EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
// A message quotes the bad entry; a 100,000-character one is shortened so the message stays readable.
const clipEmail = (value: string) => (value.length <= 60 ? value : `${value.slice(0, 59)}…`);

function idList(label: string, what: string) {
  return z
    .array(z.guid({ error: `${label}: each ${what} must be an id (a UUID)` }), {
      error: `${label}: choose at least one ${what}`,
    })
    .min(1, { error: `${label}: choose at least one ${what}` })
    .max(SEGMENT_FILTER_LIMITS.maxIds, {
      error: `${label}: at most ${SEGMENT_FILTER_LIMITS.maxIds} ${what}s can be chosen in one condition`,
    })
    .transform((ids) => [...new Set(ids.map((id) => id.toLowerCase()))]);
}

function amountField(label: string, min: number) {
  return z
    .number({ error: `${label}: enter an amount in minor units (cents) as a whole number` })
    .int({ error: `${label}: the amount must be a whole number of minor units (cents), not a fraction` })
    .min(min, { error: `${label}: the amount must be at least ${min} (minor units)` })
    .max(SEGMENT_FILTER_LIMITS.maxAmount, {
      error: `${label}: the amount must be at most ${SEGMENT_FILTER_LIMITS.maxAmount} (minor units)`,
    });
}

function isoTime(label: string, which: string) {
  return z.iso
    .datetime({
      offset: true,
      error: `${label}: "${which}" must be a date and time with a time zone, like 2026-03-01T17:00:00Z`,
    })
    .refine(isStorableTime, {
      error: `${label}: "${which}" must be between the years 1 and 9999, with a time zone offset of at most 15:59 hours`,
    });
}

function conditionObject<Shape extends z.ZodRawShape>(label: string, shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${label}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : undefined,
  });
}

const L = SEGMENT_CONDITION_LABELS;

const InPledgeLevelsSchema = conditionObject(L.inPledgeLevels, {
  type: z.literal("inPledgeLevels"),
  pledgeLevelIds: idList(L.inPledgeLevels, "pledge level"),
});

const PledgedMoreThanSchema = conditionObject(L.pledgedMoreThan, {
  type: z.literal("pledgedMoreThan"),
  amount: amountField(L.pledgedMoreThan, 0),
});

// "Less than 0" could match nobody, which is surely a mistake.
const PledgedLessThanSchema = conditionObject(L.pledgedLessThan, {
  type: z.literal("pledgedLessThan"),
  amount: amountField(L.pledgedLessThan, 1),
});

const PledgedWithinFirstHoursSchema = conditionObject(L.pledgedWithinFirstHours, {
  type: z.literal("pledgedWithinFirstHours"),
  hours: z
    .number({ error: `${L.pledgedWithinFirstHours}: enter a number of hours` })
    .int({ error: `${L.pledgedWithinFirstHours}: the number of hours must be a whole number` })
    .min(1, { error: `${L.pledgedWithinFirstHours}: the number of hours must be at least 1` })
    .max(SEGMENT_FILTER_LIMITS.maxHours, {
      error: `${L.pledgedWithinFirstHours}: the number of hours must be at most ${SEGMENT_FILTER_LIMITS.maxHours} (a year)`,
    }),
});

const PledgedBetweenSchema = conditionObject(L.pledgedBetween, {
  type: z.literal("pledgedBetween"),
  from: isoTime(L.pledgedBetween, "from"),
  to: isoTime(L.pledgedBetween, "to"),
}).refine((c) => Date.parse(c.from) < Date.parse(c.to), {
  error: `${L.pledgedBetween}: "from" must be earlier than "to"`,
  path: ["to"],
});

const PaymentStatusSchema = conditionObject(L.paymentStatus, {
  type: z.literal("paymentStatus"),
  statuses: z
    .array(
      z.enum(PledgeStatus, {
        error: `${L.paymentStatus}: the status must be one of ${Object.values(PledgeStatus).join(", ")}`,
      }),
      { error: `${L.paymentStatus}: choose at least one status` },
    )
    .min(1, { error: `${L.paymentStatus}: choose at least one status` })
    .transform((s) => [...new Set(s)]),
});

const BackersWithEmailsSchema = conditionObject(L.backersWithEmails, {
  type: z.literal("backersWithEmails"),
  emails: z
    .array(
      z
        .string({ error: `${L.backersWithEmails}: each email must be text` })
        .trim()
        .toLowerCase()
        .regex(LOOSE_EMAIL, {
          error: (issue) => `${L.backersWithEmails}: "${clipEmail(String(issue.input))}" is not an email address`,
        })
        .max(MAX_EMAIL_LENGTH, {
          error: (issue) =>
            `${L.backersWithEmails}: "${clipEmail(String(issue.input))}" is longer than any email address (at most ${MAX_EMAIL_LENGTH} characters)`,
        }),
      { error: `${L.backersWithEmails}: paste at least one email` },
    )
    .min(1, { error: `${L.backersWithEmails}: paste at least one email` })
    .max(SEGMENT_FILTER_LIMITS.maxEmails, {
      error: `${L.backersWithEmails}: at most ${SEGMENT_FILTER_LIMITS.maxEmails} emails; import a longer list as a contact list`,
    })
    .transform((emails) => [...new Set(emails)]),
});

const InAnyOfTheseSegmentsSchema = conditionObject(L.inAnyOfTheseSegments, {
  type: z.literal("inAnyOfTheseSegments"),
  segmentIds: idList(L.inAnyOfTheseSegments, "segment"),
});

const NotInAnyOfTheseSegmentsSchema = conditionObject(L.notInAnyOfTheseSegments, {
  type: z.literal("notInAnyOfTheseSegments"),
  segmentIds: idList(L.notInAnyOfTheseSegments, "segment"),
});

const InContactListSchema = conditionObject(L.inContactList, {
  type: z.literal("inContactList"),
  contactListIds: idList(L.inContactList, "contact list"),
});

const ReturningBackerSchema = conditionObject(L.returningBacker, { type: z.literal("returningBacker") });

const CountrySchema = conditionObject(L.country, {
  type: z.literal("country"),
  countries: z
    .array(
      z
        .string({ error: `${L.country}: each country must be a two-letter code such as US or DE` })
        .trim()
        .regex(/^[A-Za-z]{2}$/, {
          error: (issue) => `${L.country}: "${String(issue.input)}" is not a two-letter country code such as US or DE`,
        })
        .toUpperCase(),
      { error: `${L.country}: choose at least one country` },
    )
    .min(1, { error: `${L.country}: choose at least one country` })
    .max(300, { error: `${L.country}: at most 300 countries` })
    .transform((c) => [...new Set(c)]),
});

const HasItemSchema = conditionObject(L.hasItem, {
  type: z.literal("hasItem"),
  itemIds: idList(L.hasItem, "item"),
  itemOptionId: z
    .guid({ error: `${L.hasItem}: the option must be an id (a UUID)` })
    .transform((id) => id.toLowerCase())
    .optional(),
}).refine((c) => c.itemOptionId === undefined || c.itemIds.length === 1, {
  error: `${L.hasItem}: an option (such as a size or colour) can only be chosen together with exactly one item`,
  path: ["itemOptionId"],
});

const PledgeLevelKindSchema = conditionObject(L.pledgeLevelKind, {
  type: z.literal("pledgeLevelKind"),
  kinds: z
    .array(
      z.enum(PledgeLevelKind, {
        error: `${L.pledgeLevelKind}: the kind must be one of ${Object.values(PledgeLevelKind).join(", ")}`,
      }),
      { error: `${L.pledgeLevelKind}: choose at least one kind` },
    )
    .min(1, { error: `${L.pledgeLevelKind}: choose at least one kind` })
    .transform((k) => [...new Set(k)]),
});

const HasTrackingNumberSchema = conditionObject(L.hasTrackingNumber, { type: z.literal("hasTrackingNumber") });

const ReceivedDigitalRewardSchema = conditionObject(L.receivedDigitalReward, {
  type: z.literal("receivedDigitalReward"),
  digitalRewardIds: idList(L.receivedDigitalReward, "digital reward"),
});

const CONDITION_SCHEMAS = [
  InPledgeLevelsSchema,
  PledgedMoreThanSchema,
  PledgedLessThanSchema,
  PledgedWithinFirstHoursSchema,
  PledgedBetweenSchema,
  PaymentStatusSchema,
  BackersWithEmailsSchema,
  InAnyOfTheseSegmentsSchema,
  NotInAnyOfTheseSegmentsSchema,
  InContactListSchema,
  ReturningBackerSchema,
  CountrySchema,
  HasItemSchema,
  PledgeLevelKindSchema,
  HasTrackingNumberSchema,
  ReceivedDigitalRewardSchema,
] as const;

/** One leaf of a filter tree. */
export type SegmentCondition = z.output<(typeof CONDITION_SCHEMAS)[number]>;

/** A group: all (AND) or any (OR) of its children. An empty AND group matches every backer. */
export type SegmentFilterGroup = { type: "and" | "or"; conditions: SegmentFilter[] };
/** Backers that do not match the inner filter. */
export type SegmentFilterNot = { type: "not"; condition: SegmentFilter };
/** A filter tree: conditions combined with AND, OR and NOT groups. */
export type SegmentFilter = SegmentCondition | SegmentFilterGroup | SegmentFilterNot;

const typeList = [...GROUP_TYPES, ...SEGMENT_CONDITION_TYPES].join(", ");

const SegmentFilterNodeSchema: z.ZodType<SegmentFilter> = z.lazy(() =>
  z.discriminatedUnion("type", [AndGroupSchema, OrGroupSchema, NotGroupSchema, ...CONDITION_SCHEMAS], {
    error: (issue) => {
      const input = issue.input as { type?: unknown } | undefined;
      // Only a NOT group's missing "condition" reaches here as undefined (JSON has no undefined).
      if (input === undefined) return "A NOT group needs a condition to negate";
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return "Each condition must be an object with a type";
      }
      if (input.type === undefined) return `A condition is missing its type; use one of: ${typeList}`;
      return `Unknown condition type "${String(input.type)}"; use one of: ${typeList}`;
    },
  }),
);

const groupChildren = (name: string, min: number) =>
  z
    .array(SegmentFilterNodeSchema, { error: `${name} group: "conditions" must be a list` })
    .min(min, { error: `${name} group: add at least one condition` })
    .max(SEGMENT_FILTER_LIMITS.maxGroupSize, {
      error: `${name} group: at most ${SEGMENT_FILTER_LIMITS.maxGroupSize} conditions in one group; nest groups instead`,
    });

const AndGroupSchema = conditionObject("AND group", { type: z.literal("and"), conditions: groupChildren("AND", 0) });
// An empty OR matches nobody, which is never what a creator means.
const OrGroupSchema = conditionObject("OR group", { type: z.literal("or"), conditions: groupChildren("OR", 1) });
const NotGroupSchema = conditionObject("NOT group", {
  type: z.literal("not"),
  condition: SegmentFilterNodeSchema,
});

/** Depth and size of a raw (unvalidated) tree, measured before the recursive parse so that a
 * deeply nested input is refused with a message rather than exhausting the stack. */
function measureRawTree(input: unknown): { depth: number; nodes: number } {
  let nodes = 0;
  let depth = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: input, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth: d } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    nodes += 1;
    if (nodes > SEGMENT_FILTER_LIMITS.maxNodes * 4) break;
    const { type, conditions, condition } = node as { type?: unknown; conditions?: unknown; condition?: unknown };
    if (type === "and" || type === "or" || type === "not") {
      depth = Math.max(depth, d);
      if (depth > SEGMENT_FILTER_LIMITS.maxDepth) break;
      if (Array.isArray(conditions)) for (const child of conditions) stack.push({ node: child, depth: d + 1 });
      if (condition !== undefined) stack.push({ node: condition, depth: d + 1 });
    }
  }
  return { depth, nodes };
}

/**
 * A segment's filter tree, validated: groups `{ type: "and" | "or", conditions }` and
 * `{ type: "not", condition }` around conditions (see `SEGMENT_CONDITION_LABELS`). Ids are lower-cased
 * and de-duplicated, emails trimmed and lower-cased, countries upper-cased.
 */
export const SegmentFilterSchema = z
  .unknown()
  .superRefine((input, ctx) => {
    const { depth, nodes } = measureRawTree(input);
    if (depth > SEGMENT_FILTER_LIMITS.maxDepth) {
      ctx.addIssue({
        code: "custom",
        message: `Groups can be nested at most ${SEGMENT_FILTER_LIMITS.maxDepth} levels deep; simplify the filter or save part of it as its own segment`,
      });
    } else if (nodes > SEGMENT_FILTER_LIMITS.maxNodes) {
      ctx.addIssue({
        code: "custom",
        message: `A filter can have at most ${SEGMENT_FILTER_LIMITS.maxNodes} conditions and groups; save part of it as its own segment`,
      });
    }
  })
  .pipe(SegmentFilterNodeSchema);

/** Every id a filter refers to, by kind and without duplicates (for ownership checks and dependencies). */
export function collectSegmentFilterReferences(filter: SegmentFilter): {
  segmentIds: string[];
  pledgeLevelIds: string[];
  itemIds: string[];
  itemOptionIds: string[];
  contactListIds: string[];
  digitalRewardIds: string[];
} {
  const refs = {
    segmentIds: new Set<string>(),
    pledgeLevelIds: new Set<string>(),
    itemIds: new Set<string>(),
    itemOptionIds: new Set<string>(),
    contactListIds: new Set<string>(),
    digitalRewardIds: new Set<string>(),
  };
  const visit = (node: SegmentFilter): void => {
    switch (node.type) {
      case "and":
      case "or":
        node.conditions.forEach(visit);
        return;
      case "not":
        visit(node.condition);
        return;
      case "inPledgeLevels":
        node.pledgeLevelIds.forEach((id) => refs.pledgeLevelIds.add(id));
        return;
      case "inAnyOfTheseSegments":
      case "notInAnyOfTheseSegments":
        node.segmentIds.forEach((id) => refs.segmentIds.add(id));
        return;
      case "inContactList":
        node.contactListIds.forEach((id) => refs.contactListIds.add(id));
        return;
      case "hasItem":
        node.itemIds.forEach((id) => refs.itemIds.add(id));
        if (node.itemOptionId) refs.itemOptionIds.add(node.itemOptionId);
        return;
      case "receivedDigitalReward":
        node.digitalRewardIds.forEach((id) => refs.digitalRewardIds.add(id));
        return;
      default:
        return;
    }
  };
  visit(filter);
  return {
    segmentIds: [...refs.segmentIds],
    pledgeLevelIds: [...refs.pledgeLevelIds],
    itemIds: [...refs.itemIds],
    itemOptionIds: [...refs.itemOptionIds],
    contactListIds: [...refs.contactListIds],
    digitalRewardIds: [...refs.digitalRewardIds],
  };
}
