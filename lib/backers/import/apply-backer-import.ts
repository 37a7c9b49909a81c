import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { BackerImportPlan, ImportRef, PlannedBacker, PlannedItem, PlannedPledgeLevel } from "./plan-backer-import";

export type ApplyBackerImportInput = {
  projectId: string;
  plan: BackerImportPlan;
  actorId: string | null;
  /** The uploaded file names, joined, for the import record. */
  fileName: string;
  /** sha256 of the uploaded bytes. */
  fileHash: string;
  /** The PREVIEWED import row to mark APPLIED; a new APPLIED row is written when absent. */
  importId?: string;
  /** Rows per statement: each statement is set-based, chunks only bound the size of one parameter. */
  chunkSize?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
};

export type BackerImportSummary = {
  importId: string;
  added: number;
  updated: number;
  unchanged: number;
  pledgeLevelsCreated: number;
  itemsCreated: number;
};

const BACKER_COLUMNS = `email, name, backer_number, platform_uid, country, shipping_country_name, shipping_name,
  shipping_address_1, shipping_address_2, shipping_city, shipping_state, shipping_postal_code, shipping_phone,
  shipping_delivery_notes, notes, survey_response`;

const BACKER_UNNEST = `unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
  $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
  $18::uuid[], $19::int[], $20::int[], $21::int[], $22::timestamptz[], $23::text[], $24::bool[])
  AS d(${BACKER_COLUMNS}, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)`;

function backerArrays(rows: PlannedBacker[], resolveLevel: (ref: ImportRef | null) => string | null): unknown[] {
  const columns: unknown[][] = Array.from({ length: 23 }, () => new Array(rows.length));
  rows.forEach((planned, i) => {
    const v = planned.values;
    columns[0][i] = v.email;
    columns[1][i] = v.name;
    columns[2][i] = v.backerNumber;
    columns[3][i] = v.platformUid;
    columns[4][i] = v.country;
    columns[5][i] = v.shippingCountryName;
    columns[6][i] = v.shippingName;
    columns[7][i] = v.shippingAddress1;
    columns[8][i] = v.shippingAddress2;
    columns[9][i] = v.shippingCity;
    columns[10][i] = v.shippingState;
    columns[11][i] = v.shippingPostalCode;
    columns[12][i] = v.shippingPhone;
    columns[13][i] = v.shippingDeliveryNotes;
    columns[14][i] = v.notes;
    columns[15][i] = v.surveyResponse;
    columns[16][i] = resolveLevel(v.pledgeLevel);
    columns[17][i] = v.amount;
    columns[18][i] = v.shippingAmount;
    columns[19][i] = v.bonusAmount;
    columns[20][i] = v.pledgedAt.toISOString();
    columns[21][i] = v.status;
    columns[22][i] = v.rewardsSent;
  });
  return columns;
}

function cartArrays(
  rows: PlannedBacker[],
  key: (planned: PlannedBacker) => string,
  resolveItem: (ref: ImportRef) => { id: string; isAddOn: boolean },
): [string[], string[], number[], string[]] {
  const keys: string[] = [];
  const itemIds: string[] = [];
  const quantities: number[] = [];
  const sources: string[] = [];
  for (const planned of rows) {
    if (planned.cart === null) continue;
    for (const [ref, quantity] of planned.cart) {
      const item = resolveItem(ref);
      keys.push(key(planned));
      itemIds.push(item.id);
      quantities.push(quantity);
      sources.push(item.isAddOn ? "ADD_ON" : "PLEDGE_LEVEL");
    }
  }
  return [keys, itemIds, quantities, sources];
}

/** The columns of one new backer row, as `json_to_recordset` reads them. */
const BACKER_RECORD = `email text, name text, backer_number int, platform_uid text, country text, shipping_country_name text,
  shipping_name text, shipping_address_1 text, shipping_address_2 text, shipping_city text, shipping_state text,
  shipping_postal_code text, shipping_phone text, shipping_delivery_notes text, notes text, survey_response text,
  pledge_level_id uuid, amount int, shipping_amount int, bonus_amount int, pledged_at timestamptz, status text, rewards_sent bool`;

/**
 * New backers, their pledges and cart lines in one statement, joined through RETURNING rather than
 * looked up again by email. The rows travel as one JSON text per table instead of 28 arrays: Prisma
 * copies array arguments value by value and round-trips them through JSON before the pg adapter
 * sees them, while one string passes straight through and Postgres reads it as fast as unnest.
 */
function insertBackerChunk(
  tx: Tx,
  projectId: string,
  chunk: PlannedBacker[],
  resolveLevel: (ref: ImportRef | null) => string | null,
  resolveItem: (ref: ImportRef) => { id: string; isAddOn: boolean },
): Promise<number> {
  const backers = chunk.map(({ values: v }) => ({
    email: v.email,
    name: v.name,
    backer_number: v.backerNumber,
    platform_uid: v.platformUid,
    country: v.country,
    shipping_country_name: v.shippingCountryName,
    shipping_name: v.shippingName,
    shipping_address_1: v.shippingAddress1,
    shipping_address_2: v.shippingAddress2,
    shipping_city: v.shippingCity,
    shipping_state: v.shippingState,
    shipping_postal_code: v.shippingPostalCode,
    shipping_phone: v.shippingPhone,
    shipping_delivery_notes: v.shippingDeliveryNotes,
    notes: v.notes,
    survey_response: v.surveyResponse,
    pledge_level_id: resolveLevel(v.pledgeLevel),
    amount: v.amount,
    shipping_amount: v.shippingAmount,
    bonus_amount: v.bonusAmount,
    pledged_at: v.pledgedAt.toISOString(),
    status: v.status,
    rewards_sent: v.rewardsSent,
  }));
  const [emails, itemIds, quantities, sources] = cartArrays(chunk, (planned) => planned.values.email, resolveItem);
  const cart = emails.map((email, i) => ({ email, item_id: itemIds[i], quantity: quantities[i], source: sources[i] }));
  return tx.$executeRawUnsafe(
    `WITH d AS (SELECT * FROM json_to_recordset($2::json) AS d(${BACKER_RECORD})),
          inserted AS (
            INSERT INTO backer (project_id, ${BACKER_COLUMNS})
            SELECT $1::uuid, ${BACKER_COLUMNS.split(",").map((column) => `d.${column.trim()}`).join(", ")} FROM d
            RETURNING id, email),
          pledges AS (
            INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)
            SELECT $1::uuid, inserted.id, d.pledge_level_id, d.amount, d.shipping_amount, d.bonus_amount, d.pledged_at,
                   d.status::"PledgeStatus", d.rewards_sent
              FROM inserted JOIN d ON d.email = inserted.email
            RETURNING id, backer_id)
     INSERT INTO cart_line (pledge_id, item_id, quantity, source)
     SELECT pledges.id, c.item_id, c.quantity, c.source::"CartLineSource"
       FROM json_to_recordset($3::json) AS c(email text, item_id uuid, quantity int, source text)
       JOIN inserted ON inserted.email = c.email
       JOIN pledges ON pledges.backer_id = inserted.id`,
    projectId,
    JSON.stringify(backers),
    JSON.stringify(cart),
  );
}

/**
 * Matched backers and their pledges (inserted when the backer had none), and their pledge-level and
 * add-on cart lines replaced when the file's quantities differ.
 */
async function updateBackerChunk(
  tx: Tx,
  projectId: string,
  chunk: PlannedBacker[],
  resolveLevel: (ref: ImportRef | null) => string | null,
  resolveItem: (ref: ImportRef) => { id: string; isAddOn: boolean },
): Promise<void> {
  const ids = chunk.map((planned) => planned.backerId!);
  const arrays = backerArrays(chunk, resolveLevel);
  await tx.$executeRawUnsafe(
    `UPDATE backer b
        SET ${BACKER_COLUMNS.split(",").map((column) => `${column.trim()} = d.${column.trim()}`).join(", ")}, updated_at = now()
       FROM (SELECT * FROM ${BACKER_UNNEST.replace("unnest(", "unnest($25::uuid[], ").replace("AS d(", "AS d(id, ")}) AS d
      WHERE b.id = d.id AND b.project_id = $1::uuid`,
    projectId,
    ...arrays,
    ids,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)
     SELECT $1::uuid, d.id, d.pledge_level_id, d.amount, d.shipping_amount, d.bonus_amount, d.pledged_at,
            d.status::"PledgeStatus", d.rewards_sent
       FROM ${BACKER_UNNEST.replace("unnest(", "unnest($25::uuid[], ").replace("AS d(", "AS d(id, ")}
     ON CONFLICT (backer_id) DO UPDATE SET
       pledge_level_id = excluded.pledge_level_id,
       amount = excluded.amount,
       shipping_amount = excluded.shipping_amount,
       bonus_amount = excluded.bonus_amount,
       pledged_at = excluded.pledged_at,
       rewards_sent = excluded.rewards_sent,
       status_changed_at = CASE WHEN pledge.status IS DISTINCT FROM excluded.status THEN now() ELSE pledge.status_changed_at END,
       status = excluded.status,
       updated_at = now()`,
    projectId,
    ...arrays,
    ids,
  );
  const withCart = chunk.filter((planned) => planned.cart !== null);
  if (withCart.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM cart_line c USING pledge p
      WHERE c.pledge_id = p.id AND p.backer_id = ANY($1::uuid[])
        AND c.source IN ('PLEDGE_LEVEL', 'ADD_ON') AND c.incentive_grant_id IS NULL`,
    withCart.map((planned) => planned.backerId!),
  );
  const [backerIds, itemIds, quantities, sources] = cartArrays(withCart, (planned) => planned.backerId!, resolveItem);
  if (backerIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO cart_line (pledge_id, item_id, quantity, source)
     SELECT p.id, d.item_id, d.quantity, d.source::"CartLineSource"
       FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[]) AS d(backer_id, item_id, quantity, source)
       JOIN pledge p ON p.backer_id = d.backer_id`,
    backerIds,
    itemIds,
    quantities,
    sources,
  );
}

/** How a backer import's writes are recorded once every row is written. */
export type BackerImportRecord = Pick<ApplyBackerImportInput, "projectId" | "actorId" | "fileName" | "fileHash" | "importId">;

/**
 * Writes the rows of a backer import as they are planned, in chunks, inside the caller's transaction
 * (see `createBackerImportWriter`).
 */
export type BackerImportWriter = {
  /**
   * Queues one planned row (adds and updates are written; unchanged rows are only counted). Returns
   * a promise when the caller should wait before planning more — a chunk was just sent and the
   * connection needs the event loop to send it, or two chunks are already waiting for Postgres —
   * and null otherwise.
   */
  write(planned: PlannedBacker): Promise<void> | null;
  /** Writes what is queued (unless `flush` is false) and waits for every chunk; throws the first write that failed. */
  drain(options?: { flush?: boolean }): Promise<void>;
  /** After `drain`: records the import (APPLIED) and the audit event. */
  finish(plan: BackerImportPlan): Promise<BackerImportSummary>;
};

/**
 * A writer for a backer import that is planned while it is read: new backers with their pledges
 * and cart lines, and updates of matched backers, go to Postgres in chunks while the rest of the
 * file is still being read and planned, so neither the whole plan nor the whole file's rows are
 * ever held, and reading overlaps writing. New pledge levels and items (which grow as rows mention
 * them) are created before the first chunk that may need them. Rows may be written in file order,
 * adds and updates mixed: a valid plan never gives a new or updated backer an email, number or UID
 * that another backer of the project holds, so the order cannot break a unique constraint. Any
 * failure aborts the caller's transaction, so nothing is left half-applied; stop writing and throw
 * when the plan turns out to have errors.
 */
export async function createBackerImportWriter(
  tx: Tx,
  options: BackerImportRecord & {
    /** The planner's growing lists of pledge levels and items to create. */
    catalog: { readonly newPledgeLevels: readonly PlannedPledgeLevel[]; readonly newItems: readonly PlannedItem[] };
    chunkSize?: number;
    /** Rows written so far (adds and updates). */
    onProgress?: (done: number) => void;
  },
): Promise<BackerImportWriter> {
  const { projectId, catalog } = options;
  // Small chunks on purpose: the Prisma pg adapter's debug logger keeps the arguments of the last
  // 100 queries in memory, so 10,000-row chunks would pin ~300 MB until the process logs more.
  const chunkSize = options.chunkSize ?? 1_000;

  const newLevelIds = new Map<string, string>();
  const newItemIds = new Map<string, string>();
  const addOnKeys = new Set<string>();
  let levelsCreated = 0;
  let itemsCreated = 0;
  // Existing items a cart may name by id: which of them are add-ons decides the cart line's source.
  const existingAddOns = new Set(
    (await tx.item.findMany({ where: { projectId, isAddOn: true }, select: { id: true } })).map((row) => row.id),
  );

  const createCatalogEntries = async () => {
    const levels = catalog.newPledgeLevels.slice(levelsCreated);
    levelsCreated += levels.length;
    if (levels.length > 0) {
      const created = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(
        `INSERT INTO pledge_level (project_id, name, external_id, price, kind, collects_shipping_address, position)
         SELECT $1::uuid, d.name, d.external_id, d.price, d.kind::"PledgeLevelKind", d.kind <> 'NO_REWARD',
                (SELECT coalesce(max(position), 0) FROM pledge_level WHERE project_id = $1::uuid) + d.ord::int
           FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) WITH ORDINALITY AS d(name, external_id, price, kind, ord)
         RETURNING id::text, name`,
        projectId,
        levels.map((level) => level.name),
        levels.map((level) => level.externalId),
        levels.map((level) => level.price),
        levels.map((level) => (level.noReward ? "NO_REWARD" : "PHYSICAL")),
      );
      const idByName = new Map(created.map((row) => [row.name, row.id]));
      for (const level of levels) newLevelIds.set(level.key, idByName.get(level.name)!);
    }
    const items = catalog.newItems.slice(itemsCreated);
    itemsCreated += items.length;
    if (items.length > 0) {
      const created = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(
        `INSERT INTO item (project_id, name, external_id, is_add_on)
         SELECT $1::uuid, d.name, d.external_id, d.is_add_on FROM unnest($2::text[], $3::text[], $4::bool[]) AS d(name, external_id, is_add_on)
         RETURNING id::text, name`,
        projectId,
        items.map((item) => item.name),
        items.map((item) => item.externalId),
        items.map((item) => item.isAddOn),
      );
      const idByName = new Map(created.map((row) => [row.name, row.id]));
      for (const item of items) {
        newItemIds.set(item.key, idByName.get(item.name)!);
        if (item.isAddOn) addOnKeys.add(item.key);
      }
    }
  };

  const resolveLevel = (ref: ImportRef | null): string | null => {
    if (ref === null) return null;
    return ref.startsWith("id:") ? ref.slice(3) : newLevelIds.get(ref.slice(4))!;
  };
  const resolveItem = (ref: ImportRef) =>
    ref.startsWith("id:")
      ? { id: ref.slice(3), isAddOn: existingAddOns.has(ref.slice(3)) }
      : { id: newItemIds.get(ref.slice(4))!, isAddOn: addOnKeys.has(ref.slice(4)) };

  let adds: PlannedBacker[] = [];
  let updates: PlannedBacker[] = [];
  let added = 0;
  let updated = 0;
  let done = 0;
  let failure: { error: unknown } | null = null;
  // Chunks run one after another on the transaction's connection; `tail` is the last one queued.
  let tail: Promise<void> = Promise.resolve();
  const waiting: Promise<void>[] = [];

  const send = (kind: "add" | "update", chunk: PlannedBacker[]) => {
    const job = tail.then(async () => {
      if (failure !== null) return;
      try {
        await createCatalogEntries();
        if (kind === "add") await insertBackerChunk(tx, projectId, chunk, resolveLevel, resolveItem);
        else await updateBackerChunk(tx, projectId, chunk, resolveLevel, resolveItem);
        done += chunk.length;
        options.onProgress?.(done);
      } catch (error) {
        failure = { error };
      }
    });
    tail = job;
    waiting.push(job);
    void job.then(() => waiting.splice(waiting.indexOf(job), 1));
  };

  const flush = () => {
    if (adds.length > 0) send("add", adds);
    if (updates.length > 0) send("update", updates);
    adds = [];
    updates = [];
  };

  return {
    write(planned) {
      if (planned.action === "unchanged") return null;
      let full: PlannedBacker[] | null = null;
      if (planned.action === "add") {
        added++;
        adds.push(planned);
        if (adds.length >= chunkSize) {
          full = adds;
          adds = [];
        }
      } else {
        updated++;
        updates.push(planned);
        if (updates.length >= chunkSize) {
          full = updates;
          updates = [];
        }
      }
      if (full === null) return null;
      send(planned.action === "add" ? "add" : "update", full);
      // Two chunks waiting is enough to keep Postgres busy while this process plans the next one.
      if (waiting.length >= 2) return waiting[0];
      return new Promise((resolve) => setImmediate(resolve));
    },
    async drain({ flush: writeQueued = true } = {}) {
      if (writeQueued) flush();
      await tail;
      if (failure !== null) throw failure.error;
    },
    async finish(plan) {
      await createCatalogEntries();
      const summary = {
        counts: plan.counts,
        files: plan.files,
        newPledgeLevels: plan.newPledgeLevels.map((level) => level.name),
        newItems: plan.newItems.map((item) => item.name),
      };
      let importId = options.importId;
      if (importId !== undefined) {
        const marked = await tx.$executeRawUnsafe(
          `UPDATE import SET status = 'APPLIED', applied_at = now(), row_count = $3, summary = summary || $4::jsonb
            WHERE id = $1::uuid AND project_id = $2::uuid AND kind = 'BACKERS' AND status = 'PREVIEWED'`,
          importId,
          projectId,
          plan.counts.rows,
          JSON.stringify(summary),
        );
        if (marked !== 1) throw new DomainError("CONFLICT", "This import was already applied or is no longer waiting for confirmation.");
      } else {
        const created = await tx.import.create({
          data: {
            projectId,
            kind: "BACKERS",
            status: "APPLIED",
            fileName: options.fileName,
            fileHash: options.fileHash,
            rowCount: plan.counts.rows,
            summary,
            createdById: options.actorId,
            appliedAt: new Date(),
          },
          select: { id: true },
        });
        importId = created.id;
      }
      await tx.auditEvent.create({
        data: {
          projectId,
          actorId: options.actorId,
          action: "backers.import",
          targetCount: added + updated,
          details: { importId, fileName: options.fileName, fileHash: options.fileHash, ...plan.counts },
        },
      });
      return {
        importId,
        added,
        updated,
        unchanged: plan.counts.unchanged,
        pledgeLevelsCreated: plan.newPledgeLevels.length,
        itemsCreated: plan.newItems.length,
      };
    },
  };
}

/**
 * Writes a previewed backer import inside the caller's transaction: creates the new pledge levels
 * and items, inserts new backers with their pledges and cart lines, updates matched backers and
 * their pledges (a status change moves `status_changed_at`; the pledge-level and add-on cart lines
 * are replaced when the file's quantities differ, incentive lines are never touched), then records
 * the import (APPLIED, with counts and file hash) and an audit event. Every write is set-based —
 * one statement per table per chunk of rows, never one per backer. A plan with errors throws
 * INVALID_INPUT before writing anything; any failure part-way aborts the caller's transaction, so
 * nothing is left half-applied.
 */
export async function applyBackerImportPlan(tx: Tx, input: ApplyBackerImportInput): Promise<BackerImportSummary> {
  const { plan } = input;
  if (!plan.ok) {
    throw new DomainError("INVALID_INPUT", `The import has ${plan.counts.errors} problem${plan.counts.errors === 1 ? "" : "s"} to fix first; nothing was imported.`);
  }
  const total = plan.counts.add + plan.counts.update;
  const writer = await createBackerImportWriter(tx, {
    ...input,
    catalog: plan,
    onProgress: (done) => input.onProgress?.({ done, total }),
  });
  for (const planned of plan.backers) {
    const waiting = writer.write(planned);
    if (waiting !== null) await waiting;
  }
  await writer.drain();
  return writer.finish(plan);
}
