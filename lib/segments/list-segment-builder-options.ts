import "server-only";
import type { Tx } from "@/lib/db/client";
import type { PledgeLevelKind } from "@/lib/db/generated/enums";

export type SegmentBuilderOptions = {
  currency: string;
  launchedAt: Date | null;
  /** The project's zone: dates and times typed into conditions are on its clock. */
  timeZone: string;
  pledgeLevels: { id: string; name: string; kind: PledgeLevelKind }[];
  segments: { id: string; name: string }[];
  contactLists: { id: string; name: string }[];
  items: { id: string; name: string; options: { id: string; name: string }[] }[];
  digitalRewards: { id: string; name: string }[];
  /** Country codes the project's backers have, most common first. */
  countries: string[];
};

/** What the segment builder's conditions can choose from, for one project. */
export async function listSegmentBuilderOptions(db: Tx, projectId: string): Promise<SegmentBuilderOptions> {
  const project = await db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { currency: true, launchedAt: true, timeZone: true },
  });
  const pledgeLevels = await db.pledgeLevel.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, kind: true },
  });
  const segments = await db.segment.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const contactLists = await db.contactList.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const items = await db.item.findMany({
    where: { projectId },
    orderBy: [{ isAddOn: "asc" }, { name: "asc" }],
    select: { id: true, name: true, options: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
  });
  const digitalRewards = await db.digitalReward.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  const countries = await db.$queryRaw<{ country: string }[]>`
    SELECT upper(country) AS country FROM backer WHERE project_id = ${projectId}::uuid AND country IS NOT NULL
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 250`;
  return {
    currency: project.currency,
    launchedAt: project.launchedAt,
    timeZone: project.timeZone,
    pledgeLevels,
    segments,
    contactLists,
    items,
    digitalRewards,
    countries: countries.map((c) => c.country),
  };
}
