import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { DomainError } from "@/lib/errors";
import type { CompileSegmentFilterContext, ReferencedSegment } from "./compile-segment-filter";
import { collectSegmentFilterReferences, SegmentFilterSchema, type SegmentFilter } from "./segment-filter-schema";

const WHAT = {
  pledgeLevel: "pledge level",
  item: "item",
  itemOption: "item option",
  contactList: "contact list",
  digitalReward: "digital reward",
} as const;

/**
 * Checks that every pledge level, item, item option, contact list and digital reward the filter names
 * belongs to the project (an item option also to the item it is chosen with). Ids of other projects
 * are reported exactly like ids that do not exist, so nothing leaks. Throws DomainError NOT_FOUND.
 */
export async function assertSegmentFilterReferencesOrThrow(db: Tx, projectId: string, filter: SegmentFilter) {
  const refs = collectSegmentFilterReferences(filter);
  const wanted: [keyof typeof WHAT, string[]][] = [
    ["pledgeLevel", refs.pledgeLevelIds],
    ["item", refs.itemIds],
    ["itemOption", refs.itemOptionIds],
    ["contactList", refs.contactListIds],
    ["digitalReward", refs.digitalRewardIds],
  ];
  const queries: Prisma.Sql[] = [];
  for (const [kind, ids] of wanted) {
    if (ids.length === 0) continue;
    const table =
      kind === "itemOption"
        ? Prisma.sql`SELECT 'itemOption' AS kind, o.id::text AS id, o.item_id::text AS item_id FROM item_option o JOIN item i ON i.id = o.item_id WHERE i.project_id = ${projectId}::uuid AND o.id = ANY(${ids}::uuid[])`
        : Prisma.sql`SELECT ${kind}::text AS kind, t.id::text AS id, NULL::text AS item_id FROM ${Prisma.raw(
            { pledgeLevel: "pledge_level", item: "item", contactList: "contact_list", digitalReward: "digital_reward" }[
              kind
            ],
          )} t WHERE t.project_id = ${projectId}::uuid AND t.id = ANY(${ids}::uuid[])`;
    queries.push(table);
  }
  if (queries.length === 0) return;
  const found = await db.$queryRaw<{ kind: keyof typeof WHAT; id: string; item_id: string | null }[]>(
    Prisma.sql`${Prisma.join(queries, " UNION ALL ")}`,
  );
  const foundKeys = new Set(found.map((r) => `${r.kind}:${r.id}`));
  for (const [kind, ids] of wanted) {
    const missing = ids.filter((id) => !foundKeys.has(`${kind}:${id}`));
    if (missing.length > 0) {
      throw new DomainError(
        "NOT_FOUND",
        `This filter refers to ${missing.length === 1 ? `${/^[aeiou]/.test(WHAT[kind]) ? "an" : "a"} ${WHAT[kind]}` : `${missing.length} ${WHAT[kind]}s`} that ${
          missing.length === 1 ? "does" : "do"
        } not exist in this project (${missing.join(", ")}); it may have been deleted`,
      );
    }
  }
  // The option of "has an item" must be an option of that item, or the condition could never match.
  const visit = (node: SegmentFilter): void => {
    if (node.type === "and" || node.type === "or") node.conditions.forEach(visit);
    else if (node.type === "not") visit(node.condition);
    else if (node.type === "hasItem" && node.itemOptionId !== undefined) {
      const option = found.find((r) => r.kind === "itemOption" && r.id === node.itemOptionId);
      if (option?.item_id !== node.itemIds[0]) {
        throw new DomainError(
          "INVALID_INPUT",
          "Has an item or add-on: the chosen option is not an option of the chosen item",
          {
            itemOptionId: ["The chosen option is not an option of the chosen item"],
          },
        );
      }
    }
  };
  visit(filter);
}

/**
 * Loads every segment the filter refers to, directly or through other filter segments, checking that
 * each belongs to the project (NOT_FOUND otherwise), and returns what `compileSegmentFilter` needs.
 */
export async function loadSegmentFilterContextOrThrow(
  db: Tx,
  projectId: string,
  filter: SegmentFilter,
): Promise<CompileSegmentFilterContext> {
  await assertSegmentFilterReferencesOrThrow(db, projectId, filter);
  const [project] = await db.$queryRaw<{ launched_at: Date | null; earlier: string[] }[]>(Prisma.sql`
    SELECT tp.launched_at,
           ARRAY(
             SELECT DISTINCT ep.id::text
             FROM membership tm
             JOIN membership em ON em.user_id = tm.user_id AND em.role = 'OWNER'
             JOIN project ep ON ep.id = em.project_id
             WHERE tm.project_id = tp.id AND tm.role = 'OWNER' AND ep.id <> tp.id AND ep.launched_at < tp.launched_at
           ) AS earlier
    FROM project tp WHERE tp.id = ${projectId}::uuid`);
  if (!project) throw new DomainError("NOT_FOUND", "Project not found");
  const segments = new Map<string, ReferencedSegment>();
  let pending = collectSegmentFilterReferences(filter).segmentIds;
  while (pending.length > 0) {
    const rows = await db.segment.findMany({
      where: { projectId, id: { in: pending } },
      select: { id: true, name: true, kind: true, filter: true },
    });
    if (rows.length < pending.length) {
      const missing = pending.filter((id) => !rows.some((r) => r.id === id));
      throw new DomainError(
        "NOT_FOUND",
        `This filter refers to ${missing.length === 1 ? "a segment" : `${missing.length} segments`} that ${
          missing.length === 1 ? "does" : "do"
        } not exist in this project (${missing.join(", ")}); it may have been deleted`,
      );
    }
    const next = new Set<string>();
    for (const row of rows) {
      let parsed: SegmentFilter | null = null;
      if (row.kind === "FILTER" && row.filter !== null) {
        const result = SegmentFilterSchema.safeParse(row.filter);
        if (!result.success) {
          throw new DomainError(
            "INVALID_INPUT",
            `The segment “${row.name}” has a filter that is no longer valid (${result.error.issues[0].message}); edit that segment first`,
          );
        }
        parsed = result.data;
        for (const id of collectSegmentFilterReferences(parsed).segmentIds) {
          if (!segments.has(id) && !rows.some((r) => r.id === id)) next.add(id);
        }
      }
      segments.set(row.id, { id: row.id, name: row.name, kind: row.kind, filter: parsed });
    }
    pending = [...next].filter((id) => !segments.has(id));
  }
  return { projectId, launchedAt: project.launched_at, earlierProjectIds: project.earlier, segments };
}
