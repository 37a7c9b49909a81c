import type { BackerFileFormat, BackerImportField, ColumnMapping } from "./backer-import-types";
import { isAddOnColumn } from "./read-item-column";

type Generation = {
  format: Exclude<BackerFileFormat, "mapped">;
  label: string;
  /** Header → field, exactly as Kickstarter writes the header. */
  columns: [string, BackerImportField | null][];
  /** Headers without which a file is not this generation. */
  required: string[];
  /** Whether unrecognised columns are item and add-on quantities. */
  unknownColumnsAreItems: boolean;
};

/** The backer report headers Kickstarter has used, newest first. */
export const KICKSTARTER_GENERATIONS: Generation[] = [
  {
    format: "kickstarter-current",
    label: "Kickstarter backer report (current)",
    columns: [
      ["Backer Number", "backerNumber"],
      ["Backer UID", "platformUid"],
      ["Backer Name", "name"],
      ["Email", "email"],
      ["Shipping Country", "country"],
      ["Shipping Amount", "shippingAmount"],
      ["Reward Title", "rewardTitle"],
      ["Backing Minimum", "rewardMinimum"],
      ["Reward ID", "rewardId"],
      ["Bonus Support", "bonusSupport"],
      ["Pledge Amount", "pledgeAmount"],
      ["Pledged At", "pledgedAt"],
      ["Fulfillment Status", "rewardsSent"],
      ["Pledged Status", "pledgeStatus"],
      ["Notes", "notes"],
      ["Survey Response", "surveyResponse"],
      ["Shipping Name", "shippingName"],
      ["Shipping Address 1", "shippingAddress1"],
      ["Shipping Address 2", "shippingAddress2"],
      ["Shipping City", "shippingCity"],
      ["Shipping State", "shippingState"],
      ["Shipping Postal Code", "shippingPostalCode"],
      ["Shipping Country Name", "shippingCountryName"],
      // The code column is the better source for the country; "Shipping Country" is read only without it.
      ["Shipping Country Code", "country"],
      ["Shipping Phone Number", "shippingPhone"],
      ["Shipping Delivery Notes", "shippingDeliveryNotes"],
    ],
    required: ["Backer Number", "Backer UID", "Email", "Reward Title", "Pledge Amount", "Pledged At", "Pledged Status"],
    unknownColumnsAreItems: true,
  },
  {
    format: "kickstarter-2016",
    label: "Kickstarter backer report (2014–2018)",
    columns: [
      ["Backer Number", "backerNumber"],
      ["Backer UID", "platformUid"],
      ["Backer Name", "name"],
      ["Email", "email"],
      ["Shipping Country", "country"],
      ["Shipping Amount", "shippingAmount"],
      ["Reward Minimum", "rewardMinimum"],
      ["Reward ID", "rewardId"],
      ["Pledge Amount", "pledgeAmount"],
      ["Pledged At", "pledgedAt"],
      ["Rewards Sent?", "rewardsSent"],
      ["Pledged Status", "pledgeStatus"],
      ["Notes", "notes"],
    ],
    required: ["Backer Number", "Backer UID", "Email", "Reward Minimum", "Pledge Amount", "Pledged At", "Pledged Status"],
    unknownColumnsAreItems: false,
  },
  {
    format: "kickstarter-2013",
    label: "Kickstarter backer report (before 2014)",
    columns: [
      // The oldest exports have no backer number; their "Backer Id" is Kickstarter's id for the backer.
      ["Backer Id", "platformUid"],
      ["Backer Name", "name"],
      ["Email", "email"],
      ["Shipping", "shippingAmount"],
      ["Pledge Amount", "pledgeAmount"],
      ["Rewards Sent?", "rewardsSent"],
      ["Pledged At", "pledgedAt"],
      ["Pledged Status", "pledgeStatus"],
      ["Notes", "notes"],
      ["Survey Response", "surveyResponse"],
      ["Shipping Name", "shippingName"],
      ["Shipping Address 1", "shippingAddress1"],
      ["Shipping Address 2", "shippingAddress2"],
      ["Shipping City", "shippingCity"],
      ["Shipping State", "shippingState"],
      ["Shipping Postal Code", "shippingPostalCode"],
      ["Shipping Country", "country"],
    ],
    required: ["Backer Id", "Email", "Pledge Amount", "Pledged At", "Pledged Status"],
    unknownColumnsAreItems: false,
  },
];

/** Header comparison ignores case and runs of spaces, which spreadsheets sometimes change. */
export function headerKey(header: string): string {
  return header.trim().replace(/\s+/g, " ").toLowerCase();
}

export type RecognizeKickstarterHeadersResult =
  | {
      ok: true;
      format: Exclude<BackerFileFormat, "mapped">;
      label: string;
      mapping: ColumnMapping;
      /** Columns that are in none of Kickstarter's layouts and were not read as items. */
      ignoredColumns: string[];
    }
  | {
      ok: false;
      /** The generation the file came closest to, and what it lacks. */
      closest: { format: Exclude<BackerFileFormat, "mapped">; label: string; missing: string[] };
      /** Whether the file shares enough headers with a Kickstarter report to look like a damaged one. */
      looksLikeKickstarter: boolean;
    };

/**
 * Recognises which of Kickstarter's three backer report layouts a header row is, and turns it into
 * a column mapping: the current layout (Reward Title, Backing Minimum, item and `[Addon: 123] Name`
 * quantity columns, full shipping address), the 2014–2018 layout (Backer Number, Reward Minimum,
 * Rewards Sent?) and the pre-2014 layout (Backer Id, Shipping). When none matches, says which
 * required headers the closest layout is missing.
 */
export function recognizeKickstarterHeaders(headers: string[]): RecognizeKickstarterHeadersResult {
  const present = new Map<string, string>();
  for (const header of headers) if (!present.has(headerKey(header))) present.set(headerKey(header), header);

  let closest: { generation: Generation; missing: string[] } | null = null;
  for (const generation of KICKSTARTER_GENERATIONS) {
    const missing = generation.required.filter((header) => !present.has(headerKey(header)));
    if (missing.length === 0) {
      const mapping: ColumnMapping = {};
      const known = new Set(generation.columns.map(([header]) => headerKey(header)));
      // Other generations' headers are not items (a current file may still carry "Rewards Sent?").
      const anyGeneration = new Set(KICKSTARTER_GENERATIONS.flatMap((g) => g.columns.map(([header]) => headerKey(header))));
      for (const [header, field] of generation.columns) {
        const actual = present.get(headerKey(header));
        if (actual !== undefined && field !== null) mapping[field] = actual;
      }
      const itemColumns: string[] = [];
      const ignoredColumns: string[] = [];
      // Item quantities come before "Survey Response" and the address columns; a stray column after
      // them is something else and is ignored rather than read as a quantity.
      const surveyAt = headers.findIndex((header) => headerKey(header) === "survey response");
      headers.forEach((header, index) => {
        const key = headerKey(header);
        if (known.has(key)) return;
        const inItemRange = surveyAt < 0 || index < surveyAt;
        if (isAddOnColumn(header) || (generation.unknownColumnsAreItems && inItemRange && !anyGeneration.has(key))) itemColumns.push(header);
        else ignoredColumns.push(header);
      });
      if (itemColumns.length > 0) mapping.itemColumns = itemColumns;
      return { ok: true, format: generation.format, label: generation.label, mapping, ignoredColumns };
    }
    if (closest === null || missing.length < closest.missing.length) closest = { generation, missing };
  }
  const best = closest!;
  return {
    ok: false,
    closest: { format: best.generation.format, label: best.generation.label, missing: best.missing },
    looksLikeKickstarter: best.generation.required.length - best.missing.length >= 3,
  };
}
