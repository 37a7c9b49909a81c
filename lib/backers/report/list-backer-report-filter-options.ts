import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

type Db = Tx | typeof prisma;

/** The choices the backer report's filters and bulk actions offer for one project. */
export type BackerReportFilterChoices = {
  pledgeLevels: { id: string; name: string }[];
  /** Two-letter codes present among the project's backers, with an English name when known. */
  countries: { code: string; name?: string }[];
  digitalRewards: { id: string; name: string; kind: "UNIQUE" | "SHARED" }[];
  segments: { id: string; name: string; kind: "FILTER" | "STATIC" }[];
};

let regionNames: Intl.DisplayNames | null = null;

function countryName(code: string): string | undefined {
  regionNames ??= new Intl.DisplayNames(["en"], { type: "region" });
  try {
    const name = regionNames.of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

type ChoicesRow = {
  pledge_levels: BackerReportFilterChoices["pledgeLevels"];
  digital_rewards: BackerReportFilterChoices["digitalRewards"];
  segments: BackerReportFilterChoices["segments"];
  countries: string[];
};

/** Country names in English order, with one collator rather than a lookup of the locale per comparison. */
let countryOrder: Intl.Collator | null = null;

/**
 * Pledge levels, countries present, digital rewards and segments of `projectId`, for the backer
 * report's filter form and "Add to segment". No counts (each would cost a scan at 250,000
 * backers); the countries come from a skip scan of the backer (project_id, country) index, so
 * this costs a few index probes per distinct country, not a pass over the backers. The caller must
 * have checked membership.
 */
export async function listBackerReportFilterChoices(projectId: string, db: Db = prisma): Promise<BackerReportFilterChoices> {
  // One statement on every report page: the project's lists as JSON and the countries as an array.
  // Prisma's nested select took a statement of its own and more of the web process's CPU per page.
  const [row] = await db.$queryRaw<ChoicesRow[]>(Prisma.sql`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name) ORDER BY l.position, l.price, l.name), '[]'::json)
         FROM pledge_level l WHERE l.project_id = ${projectId}::uuid) AS pledge_levels,
      (SELECT coalesce(json_agg(json_build_object('id', r.id, 'name', r.name, 'kind', r.kind) ORDER BY r.name), '[]'::json)
         FROM digital_reward r WHERE r.project_id = ${projectId}::uuid) AS digital_rewards,
      (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'kind', s.kind) ORDER BY s.name), '[]'::json)
         FROM segment s WHERE s.project_id = ${projectId}::uuid) AS segments,
      ARRAY(
        WITH RECURSIVE c(country) AS (
          (SELECT b.country FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.country IS NOT NULL ORDER BY b.country LIMIT 1)
          UNION ALL
          SELECT (SELECT b.country FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.country > c.country ORDER BY b.country LIMIT 1)
          FROM c WHERE c.country IS NOT NULL
        )
        SELECT country FROM c WHERE country IS NOT NULL
      ) AS countries`);
  countryOrder ??= new Intl.Collator("en");
  const order = countryOrder;
  return {
    pledgeLevels: row.pledge_levels,
    countries: row.countries
      .map((country) => ({ code: country, name: countryName(country) }))
      .sort((a, b) => order.compare(a.name ?? a.code, b.name ?? b.code)),
    digitalRewards: row.digital_rewards,
    segments: row.segments,
  };
}
