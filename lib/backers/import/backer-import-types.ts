import { z } from "zod";
import type { FileProblem } from "@/lib/csv/file-problem";

/** Pledge statuses as stored (mirrors the PledgeStatus enum; kept here so pure code needs no Prisma). */
export type ImportPledgeStatus = "COLLECTED" | "ERRORED" | "FAILED" | "DROPPED" | "REFUNDED";

/** The things a column of a backer file can hold. */
export const BACKER_IMPORT_FIELDS = [
  "email",
  "name",
  "backerNumber",
  "platformUid",
  "pledgeAmount",
  "shippingAmount",
  "bonusSupport",
  "pledgedAt",
  "pledgeStatus",
  "rewardTitle",
  "rewardId",
  "rewardMinimum",
  "rewardsSent",
  "country",
  "shippingCountryName",
  "shippingName",
  "shippingAddress1",
  "shippingAddress2",
  "shippingCity",
  "shippingState",
  "shippingPostalCode",
  "shippingPhone",
  "shippingDeliveryNotes",
  "notes",
  "surveyResponse",
] as const;

export type BackerImportField = (typeof BACKER_IMPORT_FIELDS)[number];

/** Labels for the column-mapping step and for messages. */
export const BACKER_IMPORT_FIELD_LABELS: Record<BackerImportField, string> = {
  email: "Email",
  name: "Backer name",
  backerNumber: "Backer number",
  platformUid: "Backer UID (the platform's id for the backer)",
  pledgeAmount: "Pledge amount",
  shippingAmount: "Shipping amount",
  bonusSupport: "Bonus support",
  pledgedAt: "Pledged at",
  pledgeStatus: "Payment status",
  rewardTitle: "Reward (pledge level) name",
  rewardId: "Reward id",
  rewardMinimum: "Reward minimum (pledge level price)",
  rewardsSent: "Rewards sent / fulfilment status",
  country: "Shipping country (code or name)",
  shippingCountryName: "Shipping country name",
  shippingName: "Shipping name",
  shippingAddress1: "Shipping address line 1",
  shippingAddress2: "Shipping address line 2",
  shippingCity: "Shipping city",
  shippingState: "Shipping state / region",
  shippingPostalCode: "Shipping postal code",
  shippingPhone: "Shipping phone number",
  shippingDeliveryNotes: "Shipping delivery notes",
  notes: "Notes",
  surveyResponse: "Survey response",
};

/**
 * Which column (by its header) holds which field, e.g. `{ email: "E-mail", name: "Full name" }`,
 * plus the columns that hold item or add-on quantities.
 */
export const ColumnMappingSchema = z
  .object({
    ...Object.fromEntries(BACKER_IMPORT_FIELDS.map((field) => [field, z.string().min(1).optional()])),
    itemColumns: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type ColumnMapping = { [K in BackerImportField]?: string } & { itemColumns?: string[] };

/** The shapes of file the importer understands. */
export type BackerFileFormat = "kickstarter-2013" | "kickstarter-2016" | "kickstarter-current" | "mapped";

/** An item or add-on found in a file's quantity columns. */
export type ImportItem = {
  /** Stable within one import: `addon:<id>` or `name:<lower-cased name>`. */
  key: string;
  name: string;
  externalId: string | null;
  isAddOn: boolean;
};

/** A pledge level (reward) found in a file. */
export type ImportPledgeLevel = {
  /** Stable within one import: `id:<Reward ID>` or `name:<lower-cased name>`. */
  key: string;
  name: string;
  externalId: string | null;
  /** Minimum pledge, minor units, when the file says. */
  price: number | null;
  noReward: boolean;
};

/** One file (a CSV, or a CSV inside a ZIP) as read. */
export type BackerImportSourceFile = {
  name: string;
  format: BackerFileFormat | null;
  headers: string[];
  rowCount: number;
  /** The fields this file holds; a re-import leaves the other fields of existing backers alone. */
  fields: BackerImportField[];
  /** The header each field was read from, for problems. */
  columns: Partial<Record<BackerImportField, string>>;
  hasItemColumns: boolean;
};

/** The backer's identifiers, address and notes: the same fields in a file row, the database and a plan. */
export type BackerDetailFields = {
  backerNumber: number | null;
  platformUid: string | null;
  country: string | null;
  shippingCountryName: string | null;
  shippingName: string | null;
  shippingAddress1: string | null;
  shippingAddress2: string | null;
  shippingCity: string | null;
  shippingState: string | null;
  shippingPostalCode: string | null;
  shippingPhone: string | null;
  shippingDeliveryNotes: string | null;
  notes: string | null;
  surveyResponse: string | null;
};

/** One backer row of a file, normalised. Fields the file lacks are null. */
export type BackerImportRow = BackerDetailFields & {
  /** Index into `BackerImportSource.files`. */
  source: number;
  row: number;
  email: string;
  name: string | null;
  /** Minor units. */
  amount: number | null;
  shippingAmount: number | null;
  bonusAmount: number | null;
  pledgedAt: Date | null;
  status: ImportPledgeStatus | null;
  rewardsSent: boolean | null;
  /** Key into `BackerImportSource.pledgeLevels`. */
  levelKey: string | null;
  /** [item key, quantity] for quantities above zero, when the file has item columns (pairs, not a Map: 250,000 Maps cost ~60 MB). */
  items: [string, number][] | null;
  /** The row has an error of its own (listed in the problems); it is not planned. */
  invalid: boolean;
};

/** Everything read from the uploaded files, before comparing with the project. */
export type BackerImportSource = {
  files: BackerImportSourceFile[];
  rows: BackerImportRow[];
  pledgeLevels: Map<string, ImportPledgeLevel>;
  items: Map<string, ImportItem>;
  problems: FileProblem[];
  /** Files whose columns were not recognised: the column-mapping step starts from these suggestions. */
  needsMapping: { file: string; headers: string[]; suggested: ColumnMapping }[];
  /** Uploaded workbooks of several sheets: their sheets and the one read, for "Sheet to read". */
  sheets: WorkbookSheetChoice[];
};

/** A workbook of several sheets: its uploaded file name, its sheets, and the one read (null: none by the chosen name). */
export type WorkbookSheetChoice = { file: string; names: string[]; read: string | null };

/**
 * The sheet the creator chose to read, by uploaded file name (a workbook not named reads its first
 * visible sheet). Excel's sheet names are at most 31 characters.
 */
export const WorkbookSheetsSchema = z.record(z.string().min(1).max(1000), z.string().min(1).max(200));
export type WorkbookSheets = Record<string, string>;
