import { suggestPledgeLevelKind, type PledgeLevelKindSuggestion } from "./suggest-pledge-level-kind";
import { FileProblemCollector } from "@/lib/csv/collect-file-problems";
import { hasErrors, type FileProblem } from "@/lib/csv/file-problem";
import type {
  BackerDetailFields,
  BackerFileFormat,
  BackerImportField,
  BackerImportRow,
  BackerImportSource,
  ImportItem,
  ImportPledgeLevel,
  ImportPledgeStatus,
} from "./backer-import-types";

/** A backer of the project as it is now, with its pledge and the cart lines an import manages. */
export type ExistingBacker = BackerDetailFields & {
  id: string;
  email: string;
  name: string;
  pledge: {
    pledgeLevelId: string | null;
    amount: number;
    shippingAmount: number;
    bonusAmount: number;
    pledgedAt: Date;
    status: ImportPledgeStatus;
    rewardsSent: boolean;
  } | null;
  /** Item id → quantity over the pledge-level and add-on cart lines (incentive lines are not the import's). */
  cart: Map<string, number>;
};

export type BackerImportContext = {
  currency: string;
  backers: ExistingBacker[];
  pledgeLevels: { id: string; name: string; externalId: string | null }[];
  items: { id: string; name: string; externalId: string | null }[];
  /** The moment of the import: pledge time for files that have none when the campaign's end is unknown. */
  now: Date;
  /** The campaign's launch and end, when known: new pledges of a file without pledge times are dated at its end, and dates outside them are pointed out. */
  launchedAt?: Date | null;
  endedAt?: Date | null;
  /**
   * What the creator chose in the preview for new pledges of a file without a pledge date or a
   * payment status column; unset, the campaign's end (or the import's day) and collected.
   */
  newPledgeDefaults?: { pledgedAt?: Date | null; status?: ImportPledgeStatus | null };
};

/** Rows named in the "dated outside the campaign" warning; the rest are counted. */
const OUTSIDE_ROWS_LISTED = 10;

/** A reference to a pledge level or item: `id:<uuid>` for an existing one, `new:<key>` for one the import creates. */
export type ImportRef = string;

/** Every value a backer and its pledge will have after the import. */
export type PlannedBackerValues = BackerDetailFields & {
  email: string;
  name: string;
  pledgeLevel: ImportRef | null;
  amount: number;
  shippingAmount: number;
  bonusAmount: number;
  pledgedAt: Date;
  status: ImportPledgeStatus;
  rewardsSent: boolean;
};

export type PlannedBackerChange = keyof PlannedBackerValues | "items";

export type PlannedBacker = {
  action: "add" | "update" | "unchanged";
  file: string;
  row: number;
  /** The existing backer this row updates. */
  backerId: string | null;
  matchedBy: "uid" | "number" | "email" | null;
  /** Whether the backer already has a pledge (an update of a backer without one inserts it). */
  hasPledge: boolean;
  /** What changes, for the preview ("email", "status", "items", …); empty for adds and unchanged rows. */
  changes: PlannedBackerChange[];
  values: PlannedBackerValues;
  /** The cart lines from the file (item ref → quantity), or null to leave the cart alone. Shared between rows: read-only. */
  cart: [ImportRef, number][] | null;
};

export type PlannedPledgeLevel = {
  key: string;
  name: string;
  externalId: string | null;
  price: number;
  noReward: boolean;
  /** The kind the file suggests, known once every row is read (`finish`); the creator confirms it. */
  suggestion: PledgeLevelKindSuggestion | null;
};
export type PlannedItem = { key: string; name: string; externalId: string | null; isAddOn: boolean };

export type BackerImportPlan = {
  ok: boolean;
  files: { name: string; format: BackerFileFormat | null; rowCount: number }[];
  /** Rows to add, update or leave unchanged, in file order. Rows with errors are not planned. */
  backers: PlannedBacker[];
  newPledgeLevels: PlannedPledgeLevel[];
  newItems: PlannedItem[];
  /** The earliest pledge time in the files, proposed as the launch when the project has none. */
  earliestPledgeAt: Date | null;
  /**
   * New pledges whose file has no pledge date (or no payment status) column, and the date and
   * status they get: the preview asks the creator to confirm or change them.
   */
  newPledgeDefaults: { withoutDate: number; pledgedAt: Date; withoutStatus: number; status: ImportPledgeStatus };
  problems: FileProblem[];
  counts: {
    rows: number;
    add: number;
    update: number;
    unchanged: number;
    invalid: number;
    newPledgeLevels: number;
    newItems: number;
    errors: number;
    warnings: number;
  };
};

const BACKER_TEXT_FIELDS = [
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
] as const satisfies readonly (BackerImportField & keyof PlannedBackerValues)[];

/** Shared by every row without changes: 250,000 empty arrays are not free. */
const NO_CHANGES: PlannedBackerChange[] = [];

function describeBacker(backer: ExistingBacker): string {
  if (backer.backerNumber !== null) return `backer #${backer.backerNumber}${backer.name ? ` (${backer.name})` : ""}`;
  return backer.name ? `the backer ${backer.name}` : `the backer ${backer.email}`;
}

/**
 * Compares what the files say with the project's current backers, pledge levels and items, and
 * produces the preview the creator confirms: backers to add, to update (and which fields change) and
 * left unchanged, the pledge levels and items to create, and every problem. Re-imports match a row to
 * an existing backer by Backer UID, else backer number, else email. Fields a file does not have are
 * left as they are, so re-importing an older layout never blanks out addresses. A row whose UID,
 * number or email repeats an earlier row, or belongs to a different existing backer, is an error;
 * any error rejects the whole import (`ok: false`). Pure: plain data in, plain data out.
 */
export function planBackerImport(
  source: BackerImportSource,
  context: BackerImportContext,
  options: {
    /**
     * Drop each parsed row from `source.rows` once planned, so a 250,000-row import never holds the
     * parsed rows and the plan in full at the same time. The source cannot be planned again after.
     */
    releaseRows?: boolean;
  } = {},
): BackerImportPlan {
  const planner = createBackerImportPlanner(context);
  const backers: PlannedBacker[] = [];
  const rowCount = source.rows.length;
  for (let rowIndex = 0; rowIndex < rowCount; rowIndex++) {
    const row = source.rows[rowIndex];
    if (options.releaseRows) (source.rows as (BackerImportRow | undefined)[])[rowIndex] = undefined;
    const planned = planner.planRow(row, source);
    if (planned !== null) backers.push(planned);
  }
  if (options.releaseRows) source.rows = [];
  return planner.finish(source, backers);
}

/** Plans a backer import one row at a time, as the rows are read (see `createBackerImportPlanner`). */
export type BackerImportPlanner = {
  /**
   * The plan for one row, or null when the row has an error (recorded as a problem). Rows must come
   * in file order, from the `source` that is being read: pledge levels and items are taken from it as
   * the reader finds them.
   */
  planRow(row: BackerImportRow, source: BackerImportSource): PlannedBacker | null;
  /** The pledge levels and items to create, so far: they grow as rows mention new ones. */
  readonly newPledgeLevels: readonly PlannedPledgeLevel[];
  readonly newItems: readonly PlannedItem[];
  /** Whether a row planned so far had an error (file-level problems are only known at `finish`). */
  hasRowErrors(): boolean;
  /** The whole plan once every row is planned; `backers` are the planned rows the caller kept (none, when it streamed them). */
  finish(source: BackerImportSource, backers: PlannedBacker[]): BackerImportPlan;
};

/**
 * The row-by-row form of `planBackerImport`, for imports that plan rows as they are read and write
 * them in chunks instead of holding the whole file's plan: the same matching, the same problems in
 * the same order, and `finish` returns the same plan (counts, problems, new pledge levels and items).
 */
export function createBackerImportPlanner(context: BackerImportContext): BackerImportPlanner {
  const problems = new FileProblemCollector();
  let source: BackerImportSource = { files: [], rows: [], pledgeLevels: new Map(), items: new Map(), problems: [], needsMapping: [], sheets: [] };

  // Pledge levels: match by the platform's reward id, else by name; new names must not collide.
  const levelByExternal = new Map<string, string>();
  const levelByName = new Map<string, string>();
  for (const level of context.pledgeLevels) {
    if (level.externalId !== null) levelByExternal.set(level.externalId, level.id);
    levelByName.set(level.name.toLowerCase(), level.id);
  }
  const levelRefs = new Map<string, ImportRef>();
  const newPledgeLevels: PlannedPledgeLevel[] = [];
  const takenLevelNames = new Set(context.pledgeLevels.map((level) => level.name.toLowerCase()));
  const resolveLevel = (level: ImportPledgeLevel) => {
    const existing =
      level.externalId !== null ? levelByExternal.get(level.externalId) : levelByName.get(level.name.toLowerCase());
    if (existing !== undefined) {
      levelRefs.set(level.key, `id:${existing}`);
      return;
    }
    let name = level.name;
    if (takenLevelNames.has(name.toLowerCase())) name = `${level.name} (${level.externalId ?? newPledgeLevels.length + 1})`;
    takenLevelNames.add(name.toLowerCase());
    newPledgeLevels.push({ key: level.key, name, externalId: level.externalId, price: level.price ?? 0, noReward: level.noReward, suggestion: null });
    levelRefs.set(level.key, `new:${level.key}`);
  };

  const itemByExternal = new Map<string, string>();
  const itemByName = new Map<string, string>();
  for (const item of context.items) {
    if (item.externalId !== null) itemByExternal.set(item.externalId, item.id);
    itemByName.set(item.name.toLowerCase(), item.id);
  }
  const itemRefs = new Map<string, ImportRef>();
  const newItems: PlannedItem[] = [];
  const takenItemNames = new Set(context.items.map((item) => item.name.toLowerCase()));
  const resolveItem = (item: ImportItem) => {
    const existing = item.externalId !== null ? itemByExternal.get(item.externalId) : itemByName.get(item.name.toLowerCase());
    if (existing !== undefined) {
      itemRefs.set(item.key, `id:${existing}`);
      return;
    }
    let name = item.name;
    if (takenItemNames.has(name.toLowerCase())) name = `${item.name} (${item.externalId ?? newItems.length + 1})`;
    takenItemNames.add(name.toLowerCase());
    newItems.push({ key: item.key, name, externalId: item.externalId, isAddOn: item.isAddOn });
    itemRefs.set(item.key, `new:${item.key}`);
  };
  // The reader adds pledge levels and items to the source as it meets them (items with a file's
  // header, levels with the first row that names one); taking them in the reader's order keeps the
  // names and the plan exactly those of planning the whole file at once.
  let levelsTaken = 0;
  let itemsTaken = 0;
  const takeNewCatalogEntries = () => {
    if (source.pledgeLevels.size > levelsTaken) {
      let index = 0;
      for (const level of source.pledgeLevels.values()) if (index++ >= levelsTaken) resolveLevel(level);
      levelsTaken = source.pledgeLevels.size;
    }
    if (source.items.size > itemsTaken) {
      let index = 0;
      for (const item of source.items.values()) if (index++ >= itemsTaken) resolveItem(item);
      itemsTaken = source.items.size;
    }
  };

  const byUid = new Map<string, ExistingBacker>();
  const byNumber = new Map<number, ExistingBacker>();
  const byEmail = new Map<string, ExistingBacker>();
  const levelIdRef = (id: string | null) => (id === null ? null : `id:${id}`);
  for (const backer of context.backers) {
    if (backer.platformUid !== null) byUid.set(backer.platformUid, backer);
    if (backer.backerNumber !== null) byNumber.set(backer.backerNumber, backer);
    byEmail.set(backer.email, backer);
  }

  const fileFields: Record<BackerImportField, boolean>[] = [];
  const fieldsOf = (fileIndex: number) => {
    let flags = fileFields[fileIndex];
    if (flags === undefined) {
      flags = {} as Record<BackerImportField, boolean>;
      for (const field of source.files[fileIndex].fields) flags[field] = true;
      fileFields[fileIndex] = flags;
    }
    return flags;
  };
  const missingTimeWarned = new Set<number>();
  const missingStatusWarned = new Set<number>();
  const chosen = context.newPledgeDefaults ?? {};
  const defaultPledgedAt = chosen.pledgedAt ?? context.endedAt ?? context.now;
  const defaultStatus: ImportPledgeStatus = chosen.status ?? "COLLECTED";
  let newWithoutDate = 0;
  let newWithoutStatus = 0;
  // Per file: pledges dated before the launch or after the end, and the first of their rows.
  const outsideCampaign = new Map<number, { count: number; rows: number[] }>();
  const { launchedAt = null, endedAt = null } = context;
  // A day of slack either side: exports write local times, and the campaign's times are UTC.
  const DAY_MS = 24 * 60 * 60 * 1000;
  const isOutsideCampaign = (at: Date) =>
    (launchedAt !== null && at.getTime() < launchedAt.getTime() - DAY_MS) ||
    (endedAt !== null && at.getTime() > endedAt.getTime() + DAY_MS);
  // Where each UID, number and email was first seen, packed into one number (file index and row):
  // holding the rows themselves would keep every parsed row alive after `releaseRows` drops it.
  const seenUid = new Map<string, number>();
  const seenNumber = new Map<number, number>();
  const seenEmail = new Map<string, number>();
  const ROW_SPAN = 2 ** 32;
  const position = (row: BackerImportRow) => row.source * ROW_SPAN + row.row;
  const where = (row: BackerImportRow) => source.files[row.source].name;
  const duplicate = (row: BackerImportRow, firstAt: number, field: BackerImportField, label: string, value: string) => {
    const first = { source: Math.floor(firstAt / ROW_SPAN), row: firstAt % ROW_SPAN };
    const sameFile = first.source === row.source;
    problems.add(
      {
        file: where(row),
        row: row.row,
        column: columnName(source, row.source, field),
        value,
        message: `${label} ${value} appears twice: in row ${first.row}${sameFile ? "" : ` of ${source.files[first.source].name}`} and in row ${row.row}.`,
        fix: "Each backer must appear once; delete the duplicate row or correct the value.",
        severity: "error",
      },
      `dup|${field}`,
      `${label.toLowerCase()}s that appear twice`,
    );
  };
  const conflict = (row: BackerImportRow, field: BackerImportField, label: string, value: string, other: ExistingBacker) =>
    problems.add(
      {
        file: where(row),
        row: row.row,
        column: columnName(source, row.source, field),
        value,
        message: `${label} ${value} already belongs to ${describeBacker(other)}, a different backer in this project.`,
        fix: "Correct the row, or change that backer first so the two do not clash.",
        severity: "error",
      },
      `conflict|${field}`,
      `${label.toLowerCase()}s that belong to a different backer`,
    );

  const cartByItems = new Map<BackerImportRow["items"], [ImportRef, number][]>();
  let invalid = 0;
  let rowCount = 0;
  let rowErrors = false;
  const counts = { add: 0, update: 0, unchanged: 0 };

  // What each level's backers show (paid shipping, gave an address), for the kind suggestions.
  const levelEvidence = new Map<string, { rows: number; paidShipping: number; gaveAddress: number }>();
  let earliestPledgeAt: Date | null = null;

  const planRow = (row: BackerImportRow, rowSource: BackerImportSource): PlannedBacker | null => {
    source = rowSource;
    rowCount++;
    takeNewCatalogEntries();
    if (row.levelKey !== null) {
      let evidence = levelEvidence.get(row.levelKey);
      if (evidence === undefined) levelEvidence.set(row.levelKey, (evidence = { rows: 0, paidShipping: 0, gaveAddress: 0 }));
      evidence.rows++;
      if ((row.shippingAmount ?? 0) > 0) evidence.paidShipping++;
      if (row.shippingAddress1 !== null && row.shippingAddress1.trim() !== "") evidence.gaveAddress++;
    }
    if (row.pledgedAt !== null && (earliestPledgeAt === null || row.pledgedAt < earliestPledgeAt)) earliestPledgeAt = row.pledgedAt;
    let rowInvalid = row.invalid;
    if (row.platformUid !== null) {
      const first = seenUid.get(row.platformUid);
      if (first !== undefined) {
        duplicate(row, first, "platformUid", "Backer UID", row.platformUid);
        rowInvalid = true;
      } else seenUid.set(row.platformUid, position(row));
    }
    if (row.backerNumber !== null) {
      const first = seenNumber.get(row.backerNumber);
      if (first !== undefined) {
        duplicate(row, first, "backerNumber", "Backer number", String(row.backerNumber));
        rowInvalid = true;
      } else seenNumber.set(row.backerNumber, position(row));
    }
    if (row.email !== "") {
      const first = seenEmail.get(row.email);
      if (first !== undefined) {
        duplicate(row, first, "email", "Email", row.email);
        rowInvalid = true;
      } else seenEmail.set(row.email, position(row));
    }

    let match: ExistingBacker | undefined;
    let matchedBy: PlannedBacker["matchedBy"] = null;
    if (row.platformUid !== null && (match = byUid.get(row.platformUid))) matchedBy = "uid";
    else if (row.backerNumber !== null && (match = byNumber.get(row.backerNumber))) matchedBy = "number";
    else if (row.email !== "" && (match = byEmail.get(row.email))) matchedBy = "email";

    if (match && matchedBy !== "uid" && row.platformUid !== null && match.platformUid !== null && match.platformUid !== row.platformUid) {
      conflict(row, matchedBy === "number" ? "backerNumber" : "email", matchedBy === "number" ? "Backer number" : "Email", matchedBy === "number" ? String(row.backerNumber) : row.email, match);
      rowInvalid = true;
    }
    const emailOwner = row.email === "" ? undefined : byEmail.get(row.email);
    if (emailOwner && emailOwner !== match) {
      conflict(row, "email", "Email", row.email, emailOwner);
      rowInvalid = true;
    }
    const numberOwner = row.backerNumber === null ? undefined : byNumber.get(row.backerNumber);
    if (numberOwner && numberOwner !== match) {
      conflict(row, "backerNumber", "Backer number", String(row.backerNumber), numberOwner);
      rowInvalid = true;
    }

    if (rowInvalid) {
      invalid++;
      rowErrors = true;
      return null;
    }

    const fields = fieldsOf(row.source);
    const has = (field: BackerImportField) => fields[field] === true;
    if (!has("pledgedAt") && !match?.pledge) newWithoutDate++;
    if (!has("pledgeStatus") && !match?.pledge) newWithoutStatus++;
    if (!has("pledgedAt") && !missingTimeWarned.has(row.source) && !match?.pledge) {
      missingTimeWarned.add(row.source);
      problems.add({
        file: where(row),
        message: chosen.pledgedAt
          ? `${where(row)} has no pledge date column, so new pledges are dated ${formatDay(chosen.pledgedAt)}, as chosen in the preview.`
          : context.endedAt
            ? `${where(row)} has no pledge date column, so new pledges are dated at the campaign's end (${formatDay(context.endedAt)}).`
            : `${where(row)} has no pledge date column, and the campaign has no end date, so new pledges are dated ${formatDay(context.now)}, the day of the import.`,
        fix: "Map a date column in the column-mapping step if the file has one, or choose their date under “New pledges without a date or status”.",
        severity: "warning",
      });
    }
    if (!has("pledgeStatus") && !missingStatusWarned.has(row.source) && !match?.pledge) {
      missingStatusWarned.add(row.source);
      problems.add({
        file: where(row),
        message: `${where(row)} has no payment status column, so new pledges are marked ${defaultStatus.toLowerCase()}${chosen.status ? ", as chosen in the preview" : ""}.`,
        fix: "Map a status column in the column-mapping step if some of these payments failed or were refunded, or choose their status under “New pledges without a date or status”.",
        severity: "warning",
      });
    }
    if (has("pledgedAt") && row.pledgedAt !== null && isOutsideCampaign(row.pledgedAt)) {
      const outside = outsideCampaign.get(row.source) ?? { count: 0, rows: [] };
      outside.count++;
      if (outside.rows.length < OUTSIDE_ROWS_LISTED) outside.rows.push(row.row);
      outsideCampaign.set(row.source, outside);
    }

    const pledge = match?.pledge ?? null;
    const values: PlannedBackerValues = {
      email: row.email,
      name: has("name") ? (row.name ?? "") : (match?.name ?? ""),
      backerNumber: has("backerNumber") ? row.backerNumber : (match?.backerNumber ?? null),
      platformUid: has("platformUid") ? row.platformUid : (match?.platformUid ?? null),
      country: null,
      shippingCountryName: null,
      shippingName: null,
      shippingAddress1: null,
      shippingAddress2: null,
      shippingCity: null,
      shippingState: null,
      shippingPostalCode: null,
      shippingPhone: null,
      shippingDeliveryNotes: null,
      notes: null,
      surveyResponse: null,
      pledgeLevel: has("rewardTitle") ? (row.levelKey === null ? null : levelRefs.get(row.levelKey)!) : levelIdRef(pledge?.pledgeLevelId ?? null),
      amount: has("pledgeAmount") ? (row.amount ?? 0) : (pledge?.amount ?? 0),
      shippingAmount: has("shippingAmount") ? (row.shippingAmount ?? 0) : (pledge?.shippingAmount ?? 0),
      bonusAmount: has("bonusSupport") ? (row.bonusAmount ?? 0) : (pledge?.bonusAmount ?? 0),
      pledgedAt: has("pledgedAt") && row.pledgedAt !== null ? row.pledgedAt : (pledge?.pledgedAt ?? defaultPledgedAt),
      status: has("pledgeStatus") && row.status !== null ? row.status : (pledge?.status ?? defaultStatus),
      rewardsSent: has("rewardsSent") && row.rewardsSent !== null ? row.rewardsSent : (pledge?.rewardsSent ?? false),
    };
    for (const field of BACKER_TEXT_FIELDS) values[field] = has(field) ? row[field] : (match?.[field] ?? null);
    // A country column holding a name ("Germany") also supplies the country name.
    if (!has("shippingCountryName") && row.shippingCountryName !== null) values.shippingCountryName = row.shippingCountryName;
    if (match?.platformUid && values.platformUid === null) values.platformUid = match.platformUid;
    if (match?.backerNumber !== undefined && match.backerNumber !== null && values.backerNumber === null) values.backerNumber = match.backerNumber;

    let cart: [ImportRef, number][] | null = null;
    if (row.items !== null) {
      // Rows share item arrays (the reader pools identical carts), so the planned carts can be shared too.
      cart = cartByItems.get(row.items) ?? null;
      if (cart === null) {
        cart = row.items.map(([key, quantity]) => [itemRefs.get(key)!, quantity] as [ImportRef, number]);
        cartByItems.set(row.items, cart);
      }
    }

    if (!match) {
      counts.add++;
      return { action: "add", file: where(row), row: row.row, backerId: null, matchedBy: null, hasPledge: false, changes: NO_CHANGES, values, cart };
    }

    const changes: PlannedBackerChange[] = [];
    const before = {
      email: match.email,
      name: match.name,
      backerNumber: match.backerNumber,
      platformUid: match.platformUid,
      country: match.country,
      shippingCountryName: match.shippingCountryName,
      shippingName: match.shippingName,
      shippingAddress1: match.shippingAddress1,
      shippingAddress2: match.shippingAddress2,
      shippingCity: match.shippingCity,
      shippingState: match.shippingState,
      shippingPostalCode: match.shippingPostalCode,
      shippingPhone: match.shippingPhone,
      shippingDeliveryNotes: match.shippingDeliveryNotes,
      notes: match.notes,
      surveyResponse: match.surveyResponse,
    };
    for (const key of Object.keys(before) as (keyof typeof before)[]) if (before[key] !== values[key]) changes.push(key);
    if (pledge === null) changes.push("amount");
    else {
      if (levelIdRef(pledge.pledgeLevelId) !== values.pledgeLevel) changes.push("pledgeLevel");
      if (pledge.amount !== values.amount) changes.push("amount");
      if (pledge.shippingAmount !== values.shippingAmount) changes.push("shippingAmount");
      if (pledge.bonusAmount !== values.bonusAmount) changes.push("bonusAmount");
      if (pledge.pledgedAt.getTime() !== values.pledgedAt.getTime()) changes.push("pledgedAt");
      if (pledge.status !== values.status) changes.push("status");
      if (pledge.rewardsSent !== values.rewardsSent) changes.push("rewardsSent");
    }
    if (cart !== null && !sameCart(cart, match.cart)) changes.push("items");
    counts[changes.length === 0 ? "unchanged" : "update"]++;
    return {
      action: changes.length === 0 ? "unchanged" : "update",
      changes: changes.length === 0 ? NO_CHANGES : changes,
      file: where(row),
      row: row.row,
      backerId: match.id,
      matchedBy,
      hasPledge: pledge !== null,
      values,
      cart: changes.includes("items") ? cart : null,
    };
  };

  const finish = (finalSource: BackerImportSource, backers: PlannedBacker[]): BackerImportPlan => {
    source = finalSource;
    for (const [fileIndex, outside] of outsideCampaign) {
      const name = finalSource.files[fileIndex].name;
      const more = outside.count > outside.rows.length ? ` and ${outside.count - outside.rows.length} more` : "";
      const window =
        launchedAt && endedAt
          ? `between its launch (${formatDay(launchedAt)}) and its end (${formatDay(endedAt)})`
          : launchedAt
            ? `after its launch (${formatDay(launchedAt)})`
            : `before its end (${formatDay(endedAt!)})`;
      problems.add({
        file: name,
        message: `${outside.count === 1 ? "1 pledge in" : `${outside.count} pledges in`} ${name} ${outside.count === 1 ? "is" : "are"} dated outside the campaign, which ran ${window}: row${outside.rows.length === 1 ? "" : "s"} ${outside.rows.join(", ")}${more}.`,
        fix: "Check that this is this campaign's file and that its dates are read right (day and month order); the dates are imported as they are.",
        severity: "warning",
      });
    }
    takeNewCatalogEntries();
    // The reader's problems come first, as when the whole file is read before it is planned.
    const all = new FileProblemCollector();
    all.addAll(finalSource.problems);
    all.merge(problems);
    const list = all.toList();
    for (const level of newPledgeLevels) {
      const seen = levelEvidence.get(level.key) ?? { rows: 0, paidShipping: 0, gaveAddress: 0 };
      level.suggestion = suggestPledgeLevelKind({ noReward: level.noReward, ...seen });
    }
    return {
      ok: !hasErrors(list),
      files: finalSource.files.map((file) => ({ name: file.name, format: file.format, rowCount: file.rowCount })),
      backers,
      newPledgeLevels,
      newItems,
      earliestPledgeAt,
      newPledgeDefaults: { withoutDate: newWithoutDate, pledgedAt: defaultPledgedAt, withoutStatus: newWithoutStatus, status: defaultStatus },
      problems: list,
      counts: {
        rows: rowCount,
        add: counts.add,
        update: counts.update,
        unchanged: counts.unchanged,
        invalid,
        newPledgeLevels: newPledgeLevels.length,
        newItems: newItems.length,
        errors: all.errorCount,
        warnings: list.filter((problem) => problem.severity === "warning").length,
      },
    };
  };

  return { planRow, newPledgeLevels, newItems, hasRowErrors: () => rowErrors || problems.errorCount > 0, finish };
}

/** "Mar 3, 2024" (UTC): the day is what a creator checks, not the time. */
function formatDay(at: Date): string {
  return at.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}

function columnName(source: BackerImportSource, fileIndex: number, field: BackerImportField): string | undefined {
  return source.files[fileIndex].columns[field];
}

function sameCart(cart: [ImportRef, number][], existing: Map<string, number>): boolean {
  if (cart.length !== existing.size) return false;
  for (const [ref, quantity] of cart) {
    if (!ref.startsWith("id:") || existing.get(ref.slice(3)) !== quantity) return false;
  }
  return true;
}
