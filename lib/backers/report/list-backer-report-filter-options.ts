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

/**
 * Pledge levels, countries present, digital rewards and segments of `projectId`, for the backer
 * report's filter form and "Add to segment". No counts (each would cost a scan at 250,000
 * backers); the countries come from a skip scan of the backer (project_id, country) index, so
 * this costs a few index probes per distinct country, not a pass over the backers. The caller must
 * have checked membership.
 */
export async function listBackerReportFilterChoices(projectId: string, db: Db = prisma): Promise<BackerReportFilterChoices> {
  // The project's own lists in one statement (lateral joins), the countries in another: two round
  // trips on every report page rather than four.
  const [lists, countries] = await Promise.all([
    db.project.findUnique({
      where: { id: projectId },
      select: {
        pledgeLevels: { orderBy: [{ position: "asc" }, { price: "asc" }, { name: "asc" }], select: { id: true, name: true } },
        digitalRewards: { orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } },
        segments: { orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } },
      },
    }),
    db.$queryRaw<{ country: string }[]>(Prisma.sql`
      WITH RECURSIVE c(country) AS (
        (SELECT b.country FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.country IS NOT NULL ORDER BY b.country LIMIT 1)
        UNION ALL
        SELECT (SELECT b.country FROM backer b WHERE b.project_id = ${projectId}::uuid AND b.country > c.country ORDER BY b.country LIMIT 1)
        FROM c WHERE c.country IS NOT NULL
      )
      SELECT country FROM c WHERE country IS NOT NULL`),
  ]);
  const { pledgeLevels, digitalRewards, segments } = lists ?? { pledgeLevels: [], digitalRewards: [], segments: [] };
  return {
    pledgeLevels,
    countries: countries
      .map(({ country }) => ({ code: country, name: countryName(country) }))
      .sort((a, b) => (a.name ?? a.code).localeCompare(b.name ?? b.code)),
    digitalRewards,
    segments,
  };
}
