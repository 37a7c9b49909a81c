import { utcToZonedWallTime, zonedWallTimeToUtc } from "@/lib/projects/zoned-time";
import { parseEmailList } from "@/lib/segments/parse-email-list";
import {
  SEGMENT_CONDITION_LABELS,
  type SegmentConditionType,
  type SegmentFilter,
} from "@/lib/segments/segment-filter-schema";

/** The editable fields of a condition, as typed; each condition type uses some of them. */
export type DraftValues = {
  ids: string[];
  /** In major units as typed ("25.00"). */
  amount: string;
  hours: string;
  /** datetime-local values ("2026-03-14T09:00"), read on the clock of the project's zone. */
  from: string;
  to: string;
  statuses: string[];
  emailsText: string;
  countries: string[];
  itemId: string;
  itemOptionId: string;
  kinds: string[];
};

export type DraftNode = { id: string; negate: boolean } & (
  | { kind: "group"; op: "and" | "or"; children: DraftNode[] }
  | { kind: "condition"; type: SegmentConditionType; values: DraftValues }
);
export type DraftGroup = Extract<DraftNode, { kind: "group" }>;

let nextId = 0;
export const draftId = () => `n${++nextId}`;

export const emptyValues = (): DraftValues => ({
  ids: [],
  amount: "",
  hours: "48",
  from: "",
  to: "",
  statuses: [],
  emailsText: "",
  countries: [],
  itemId: "",
  itemOptionId: "",
  kinds: [],
});

export function newCondition(type: SegmentConditionType): DraftNode {
  return { id: draftId(), negate: false, kind: "condition", type, values: emptyValues() };
}

export function newGroup(op: "and" | "or" = "and", children: DraftNode[] = []): DraftGroup {
  return { id: draftId(), negate: false, kind: "group", op, children };
}

function fractionDigits(currency: string): number {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "25" or "25.50" (or "25,50") in major units → minor units; null when it is not an amount. */
export function parseMajorAmount(text: string, currency: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[\s$€£¥]/g, "")
    .replace(/,(\d{1,2})$/, ".$1")
    .replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = fractionDigits(currency);
  return Math.round(Number(cleaned) * 10 ** digits);
}

function formatMajorAmount(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** A datetime-local value on the zone's clock as the UTC moment it names; null when it names none. */
function toUtcIso(local: string, timeZone: string): string | null {
  const at = zonedWallTimeToUtc({ date: local.slice(0, 10), time: local.slice(11, 16) }, timeZone);
  // Whole minutes, written as the builder always wrote them ("2026-03-01T17:00:00Z").
  return at ? at.toISOString().replace(".000Z", "Z") : null;
}

function fromIso(iso: string, timeZone: string): string {
  const wall = utcToZonedWallTime(new Date(iso), timeZone);
  return `${wall.date}T${wall.time}`;
}

/**
 * Turns the builder's tree into a filter for the server. Problems the server could only word in
 * its own terms (an amount in minor units) are found here and reported in the creator's terms;
 * everything else is left to the server's validation, whose messages name the condition.
 */
export function draftToFilter(root: DraftNode, currency: string, timeZone: string): { filter: SegmentFilter | null; problems: string[] } {
  const problems: string[] = [];
  const convert = (node: DraftNode): SegmentFilter => {
    let out: SegmentFilter;
    if (node.kind === "group") {
      out = { type: node.op, conditions: node.children.map(convert) };
    } else {
      const v = node.values;
      const label = SEGMENT_CONDITION_LABELS[node.type];
      switch (node.type) {
        case "inPledgeLevels":
          out = { type: node.type, pledgeLevelIds: v.ids };
          break;
        case "pledgedMoreThan":
        case "pledgedLessThan": {
          const amount = parseMajorAmount(v.amount, currency);
          if (amount === null) problems.push(`${label}: enter an amount such as 25 or 25.50 (${currency})`);
          out = { type: node.type, amount: amount ?? 0 };
          break;
        }
        case "pledgedWithinFirstHours": {
          const hours = Number(v.hours);
          if (!/^\d+$/.test(v.hours.trim())) problems.push(`${label}: enter a whole number of hours, such as 48`);
          out = { type: node.type, hours };
          break;
        }
        case "pledgedBetween": {
          const from = v.from ? toUtcIso(v.from, timeZone) : null;
          const to = v.to ? toUtcIso(v.to, timeZone) : null;
          if (!v.from || !v.to) problems.push(`${label}: enter both dates and times`);
          else if (!from || !to) problems.push(`${label}: enter real dates and times, such as 2026-03-14 09:00`);
          out = { type: node.type, from: from ?? "", to: to ?? "" };
          break;
        }
        case "paymentStatus":
          out = {
            type: node.type,
            statuses: v.statuses as ("COLLECTED" | "ERRORED" | "FAILED" | "DROPPED" | "REFUNDED")[],
          };
          break;
        case "backersWithEmails": {
          const parsed = parseEmailList(v.emailsText);
          if (parsed.emails.length === 0) problems.push(`${label}: paste at least one email`);
          out = { type: node.type, emails: parsed.emails };
          break;
        }
        case "inAnyOfTheseSegments":
        case "notInAnyOfTheseSegments":
          out = { type: node.type, segmentIds: v.ids };
          break;
        case "inContactList":
          out = { type: node.type, contactListIds: v.ids };
          break;
        case "country":
          out = { type: node.type, countries: v.countries };
          break;
        case "hasItem":
          if (!v.itemId) problems.push(`${label}: choose an item`);
          out = {
            type: node.type,
            itemIds: v.itemId ? [v.itemId] : [],
            ...(v.itemOptionId ? { itemOptionId: v.itemOptionId } : {}),
          };
          break;
        case "pledgeLevelKind":
          out = { type: node.type, kinds: v.kinds as ("PHYSICAL" | "DIGITAL" | "NO_REWARD")[] };
          break;
        case "receivedDigitalReward":
          out = { type: node.type, digitalRewardIds: v.ids };
          break;
        case "returningBacker":
        case "hasTrackingNumber":
          out = { type: node.type };
          break;
      }
    }
    return node.negate ? { type: "not", condition: out } : out;
  };
  const filter = convert(root);
  return { filter: problems.length ? null : filter, problems };
}

/** The builder's tree for a stored filter (editing, duplicating, or a link that pre-fills one). */
export function filterToDraft(filter: SegmentFilter, currency: string, timeZone: string): DraftGroup {
  const convert = (f: SegmentFilter, negate: boolean): DraftNode => {
    if (f.type === "not") {
      // not(not(x)) is x; a NOT around a NOT-ed node becomes a group so the tree stays readable.
      const inner = convert(f.condition, false);
      if (!inner.negate) return { ...inner, negate: !negate };
      return { ...newGroup("and", [inner]), negate: !negate };
    }
    if (f.type === "and" || f.type === "or") {
      return {
        ...newGroup(
          f.type,
          f.conditions.map((c) => convert(c, false)),
        ),
        negate,
      };
    }
    const values = emptyValues();
    switch (f.type) {
      case "inPledgeLevels":
        values.ids = f.pledgeLevelIds;
        break;
      case "pledgedMoreThan":
      case "pledgedLessThan":
        values.amount = formatMajorAmount(f.amount, currency);
        break;
      case "pledgedWithinFirstHours":
        values.hours = String(f.hours);
        break;
      case "pledgedBetween":
        values.from = fromIso(f.from, timeZone);
        values.to = fromIso(f.to, timeZone);
        break;
      case "paymentStatus":
        values.statuses = f.statuses;
        break;
      case "backersWithEmails":
        values.emailsText = f.emails.join("\n");
        break;
      case "inAnyOfTheseSegments":
      case "notInAnyOfTheseSegments":
        values.ids = f.segmentIds;
        break;
      case "inContactList":
        values.ids = f.contactListIds;
        break;
      case "country":
        values.countries = f.countries;
        break;
      case "hasItem":
        values.itemId = f.itemIds[0] ?? "";
        values.itemOptionId = f.itemOptionId ?? "";
        break;
      case "pledgeLevelKind":
        values.kinds = f.kinds;
        break;
      case "receivedDigitalReward":
        values.ids = f.digitalRewardIds;
        break;
      default:
        break;
    }
    return { id: draftId(), negate, kind: "condition", type: f.type, values };
  };
  const root = convert(filter, false);
  if (root.kind === "group" && !root.negate) return root;
  return newGroup("and", [root]);
}

/** Replaces the node with `id` anywhere in the tree (or removes it when `replacement` is null). */
export function updateNode(root: DraftGroup, id: string, replacement: DraftNode | null): DraftGroup {
  const visit = (node: DraftNode): DraftNode | null => {
    if (node.id === id) return replacement;
    if (node.kind !== "group") return node;
    return { ...node, children: node.children.map(visit).filter((n): n is DraftNode => n !== null) };
  };
  return visit(root) as DraftGroup;
}
