import "server-only";
import type { Tx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import type { BackerImportPlan, ImportRef, PlannedBacker, PlannedItem, PlannedPledgeLevel } from "./plan-backer-import";
import { recordAuditEvent } from "@/lib/activity/record-audit-event";

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

type Resolvers = {
  level: (ref: ImportRef | null) => string | null;
  item: (ref: ImportRef) => { id: string; isAddOn: boolean };
};

/** Each column of a chunk's payload: its SQL type and how a planned row gives its value. */
const PAYLOAD_COLUMNS: readonly (readonly [name: string, type: string, value: (planned: PlannedBacker, resolve: Resolvers) => unknown])[] = [
  ["email", "text", ({ values }) => values.email],
  ["name", "text", ({ values }) => values.name],
  ["backer_number", "int", ({ values }) => values.backerNumber],
  ["platform_uid", "text", ({ values }) => values.platformUid],
  ["country", "text", ({ values }) => values.country],
  ["shipping_country_name", "text", ({ values }) => values.shippingCountryName],
  ["shipping_name", "text", ({ values }) => values.shippingName],
  ["shipping_address_1", "text", ({ values }) => values.shippingAddress1],
  ["shipping_address_2", "text", ({ values }) => values.shippingAddress2],
  ["shipping_city", "text", ({ values }) => values.shippingCity],
  ["shipping_state", "text", ({ values }) => values.shippingState],
  ["shipping_postal_code", "text", ({ values }) => values.shippingPostalCode],
  ["shipping_phone", "text", ({ values }) => values.shippingPhone],
  ["shipping_delivery_notes", "text", ({ values }) => values.shippingDeliveryNotes],
  ["notes", "text", ({ values }) => values.notes],
  ["survey_response", "text", ({ values }) => values.surveyResponse],
  ["pledge_level_id", "uuid", ({ values }, resolve) => resolve.level(values.pledgeLevel)],
  ["amount", "int", ({ values }) => values.amount],
  ["shipping_amount", "int", ({ values }) => values.shippingAmount],
  ["bonus_amount", "int", ({ values }) => values.bonusAmount],
  ["pledged_at", "timestamptz", ({ values }) => values.pledgedAt.toISOString()],
  ["status", "text", ({ values }) => values.status],
  ["rewards_sent", "bool", ({ values }) => values.rewardsSent],
  // The matched backer (updates only).
  ["id", "uuid", (planned) => planned.backerId],
];

const CART_COLUMNS = [
  ["cart_row", "int"],
  ["cart_item_id", "uuid"],
  ["cart_quantity", "int"],
  ["cart_source", "text"],
] as const;

/**
 * One chunk as ONE JSON text holding an array per column (the keys appear once per chunk, not once
 * per row), with its cart lines pointing at their row. Prisma's client and its pg adapter both keep
 * the arguments of their recent queries for their debug logs (the last 100 calls, whether or not
 * logging is on), so whatever a statement is given stays alive for the next hundred statements:
 * one compact string per chunk is the smallest thing to leave behind, where 28 arrays (or an
 * object per row) pinned several times as much.
 */
function chunkPayload(chunk: PlannedBacker[], resolve: Resolvers): string {
  const columns: Record<string, unknown[]> = {};
  for (const [name, , value] of PAYLOAD_COLUMNS) {
    const values = new Array<unknown>(chunk.length);
    for (let i = 0; i < chunk.length; i++) values[i] = value(chunk[i], resolve);
    columns[name] = values;
  }
  const cartRows: number[] = [];
  const cartItems: string[] = [];
  const cartQuantities: number[] = [];
  const cartSources: string[] = [];
  chunk.forEach((planned, index) => {
    if (planned.cart === null) return;
    for (const [ref, quantity] of planned.cart) {
      const item = resolve.item(ref);
      cartRows.push(index + 1);
      cartItems.push(item.id);
      cartQuantities.push(quantity);
      cartSources.push(item.isAddOn ? "ADD_ON" : "PLEDGE_LEVEL");
    }
  });
  columns.cart_row = cartRows;
  columns.cart_item_id = cartItems;
  columns.cart_quantity = cartQuantities;
  columns.cart_source = cartSources;
  return asciiJson(JSON.stringify(columns));
}

/**
 * JSON text with every non-ASCII character written as a \u escape, stored one byte per character.
 * Cells cut from text that holds a single character beyond Latin-1 are all stored two bytes per
 * character, and so would the payload be, and each of Prisma's copies of it; Postgres reads the
 * escapes back to the same characters.
 */
function asciiJson(json: string): string {
  const escaped = /[\u0080-\uffff]/.test(json)
    ? json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : json;
  return Buffer.from(escaped, "latin1").toString("latin1");
}

const unpack = (param: string, columns: readonly (readonly [string, string, ...unknown[]])[], alias: string) =>
  `(SELECT ${columns.map(([name, type]) => `${name}::${type} AS ${name}`).join(", ")}, n
      FROM (SELECT ${param}::jsonb AS p) AS payload,
           ROWS FROM (${columns.map(([name]) => `jsonb_array_elements_text(payload.p -> '${name}')`).join(", ")})
           WITH ORDINALITY AS t(${columns.map(([name]) => name).join(", ")}, n)) AS ${alias}`;

/** The rows of a chunk's payload as a table `d` (with `n`, the row's position in the chunk). */
const payloadRows = (param: string) => unpack(param, PAYLOAD_COLUMNS, "d");
/** The cart lines of a chunk's payload as a table `c`; `c.cart_row` is the `d.n` of its row. */
const payloadCart = (param: string) => unpack(param, CART_COLUMNS, "c");

/**
 * New backers, their pledges and cart lines in one statement, joined through RETURNING rather than
 * looked up again by email.
 */
function insertBackerChunk(tx: Tx, projectId: string, chunk: PlannedBacker[], resolve: Resolvers): Promise<number> {
  return tx.$executeRawUnsafe(
    `WITH d AS (SELECT * FROM ${payloadRows("$2")}),
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
     SELECT pledges.id, c.cart_item_id, c.cart_quantity, c.cart_source::"CartLineSource"
       FROM ${payloadCart("$2")}
       JOIN d ON d.n = c.cart_row
       JOIN inserted ON inserted.email = d.email
       JOIN pledges ON pledges.backer_id = inserted.id`,
    projectId,
    chunkPayload(chunk, resolve),
  );
}

/**
 * Matched backers and their pledges (inserted when the backer had none), and their pledge-level and
 * add-on cart lines replaced when the file's quantities differ.
 */
async function updateBackerChunk(tx: Tx, projectId: string, chunk: PlannedBacker[], resolve: Resolvers): Promise<void> {
  const payload = chunkPayload(chunk, resolve);
  await tx.$executeRawUnsafe(
    `UPDATE backer b
        SET ${BACKER_COLUMNS.split(",").map((column) => `${column.trim()} = d.${column.trim()}`).join(", ")}, updated_at = now()
       FROM ${payloadRows("$2")}
      WHERE b.id = d.id AND b.project_id = $1::uuid`,
    projectId,
    payload,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, shipping_amount, bonus_amount, pledged_at, status, rewards_sent)
     SELECT $1::uuid, d.id, d.pledge_level_id, d.amount, d.shipping_amount, d.bonus_amount, d.pledged_at,
            d.status::"PledgeStatus", d.rewards_sent
       FROM ${payloadRows("$2")}
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
    payload,
  );
  const withCart = chunk.filter((planned) => planned.cart !== null);
  if (withCart.length === 0) return;
  await tx.$executeRawUnsafe(
    `DELETE FROM cart_line c USING pledge p
      WHERE c.pledge_id = p.id AND p.backer_id = ANY($1::uuid[])
        AND c.source IN ('PLEDGE_LEVEL', 'ADD_ON') AND c.incentive_grant_id IS NULL`,
    withCart.map((planned) => planned.backerId!),
  );
  if (!withCart.some((planned) => planned.cart!.length > 0)) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO cart_line (pledge_id, item_id, quantity, source)
     SELECT p.id, c.cart_item_id, c.cart_quantity, c.cart_source::"CartLineSource"
       FROM ${payloadCart("$1")}
       JOIN ${payloadRows("$1")} ON d.n = c.cart_row
       JOIN pledge p ON p.backer_id = d.id`,
    payload,
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
  // Small chunks on purpose: Prisma keeps the arguments of its last 100 queries (see
  // `chunkPayload`), about 10 MB of 500-row payloads, and planned rows that wait for a full chunk
  // live long enough to reach V8's old generation; at 250,000 rows 500 writes as fast as 1,000 with
  // ~80 MB less peak memory.
  const chunkSize = options.chunkSize ?? 500;

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
  const resolvers: Resolvers = { level: resolveLevel, item: resolveItem };

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
        if (kind === "add") await insertBackerChunk(tx, projectId, chunk, resolvers);
        else await updateBackerChunk(tx, projectId, chunk, resolvers);
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
      await recordAuditEvent(tx, {
        projectId,
        actorId: options.actorId,
        action: "backers.import",
        targetCount: added + updated,
        details: { importId, fileName: options.fileName, fileHash: options.fileHash, ...plan.counts },
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
