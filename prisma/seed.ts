import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Tx } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { createUser } from "@/lib/demo/factories";
import { generateCampaign } from "@/lib/demo/generate-campaign";
import { insertCampaign } from "@/lib/demo/insert-campaign";

export const DEMO_CREATOR_EMAIL = "creator@example.com";
export const OTHER_CREATOR_EMAIL = "other-creator@example.com";
export const DEMO_PROJECT_NAME = "Tidewater: Second Edition";
export const EARLIER_PROJECT_NAME = "Tidewater: First Edition";
export const OTHER_PROJECT_NAME = "Harbour Lights: A Tile-Laying Game";

export type SeedDemoOptions = {
  /** Backers of the main demo project; the earlier project gets 15% of that. */
  backers?: number;
  /** "Now" for the campaign dates (tests pin it). */
  now?: Date;
};

export type SeedDemoResult = {
  creatorEmail: string;
  /** A backer of the main project who also backed the earlier one, with a collected physical pledge. */
  backerEmail: string;
  projectIds: { main: string; earlier: string; otherCreator: string };
  /** False when the demo was already there and nothing was written. */
  created: boolean;
};

const DAY = 24 * 60 * 60 * 1000;
/** Arbitrary constant: serialises concurrent seeds so two dev starts cannot both create the demo. */
const SEED_LOCK_ID = 72_616_111;

/**
 * Seeds the demo: `creator@example.com` owning the main campaign (launched 60 days ago, ended 30
 * days ago) and an earlier, smaller one a year before it whose backers partly came back, plus
 * `other-creator@example.com` with a small project of their own, for authorization demos.
 * Idempotent: when the demo creator's main project exists, it only reports what is there.
 * All-or-nothing: everything is written in one transaction.
 */
export async function seedDemo(databaseUrl: string, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const backers = options.backers ?? 2000;
  if (!Number.isInteger(backers) || backers < 10 || backers > 1_000_000) {
    throw new Error(`--backers must be a whole number from 10 to 1000000, got ${backers}`);
  }
  const now = options.now ?? new Date();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 2 }) });
  try {
    return await prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock($1)", SEED_LOCK_ID);
        const existing = await findDemo(tx);
        if (existing) return { ...existing, created: false };

        const creator =
          (await tx.user.findUnique({ where: { email: DEMO_CREATOR_EMAIL } })) ??
          (await createUser(tx, { email: DEMO_CREATOR_EMAIL, name: "Demo Creator", emailVerified: true }));
        const otherCreator =
          (await tx.user.findUnique({ where: { email: OTHER_CREATOR_EMAIL } })) ??
          (await createUser(tx, { email: OTHER_CREATOR_EMAIL, name: "Other Creator", emailVerified: true }));
        // The demo creator is the first account, so an instance admin. The demo's other accounts
        // (all @example.com) may create projects too, to try the app as a second creator; only
        // the first seed writes this, so an admin's later choice stands.
        await tx.instanceSetting.upsert({
          where: { id: 1 },
          create: { id: 1, projectCreation: "ALLOWLIST", creatorAllowlist: ["example.com"] },
          update: {},
        });

        const mainLaunch = new Date(now.getTime() - 60 * DAY);
        const main = generateCampaign({
          seed: "pledgehouse-demo-main",
          backers,
          name: DEMO_PROJECT_NAME,
          launchedAt: mainLaunch,
          durationDays: 30,
          currency: "USD",
        });
        // The earlier campaign is generated from the main one's people: a fifth of its backers
        // came back for the second edition, which is what "returning backers" finds.
        const earlier = generateCampaign({
          seed: "pledgehouse-demo-earlier",
          backers: Math.max(5, Math.round(backers * 0.15)),
          name: EARLIER_PROJECT_NAME,
          launchedAt: new Date(mainLaunch.getTime() - 365 * DAY),
          durationDays: 30,
          currency: "USD",
          emailPool: { backers: main.backers, share: 0.2 },
        });
        const other = generateCampaign({
          seed: "pledgehouse-demo-other",
          backers: 40,
          name: OTHER_PROJECT_NAME,
          launchedAt: new Date(now.getTime() - 90 * DAY),
          durationDays: 21,
          currency: "EUR",
          emailPool: { backers: main.backers, share: 0.1 },
        });

        const { projectId: mainId } = await insertCampaign(tx, main, { ownerUserId: creator.id });
        const { projectId: earlierId } = await insertCampaign(tx, earlier, { ownerUserId: creator.id });
        const { projectId: otherId } = await insertCampaign(tx, other, { ownerUserId: otherCreator.id });
        const backerEmail = await pickDemoBackerEmail(tx, mainId, earlierId);
        return {
          creatorEmail: DEMO_CREATOR_EMAIL,
          backerEmail,
          projectIds: { main: mainId, earlier: earlierId, otherCreator: otherId },
          created: true,
        };
      },
      { timeout: 30 * 60_000, maxWait: 5 * 60_000 },
    );
  } finally {
    await prisma.$disconnect();
  }
}

async function findDemo(tx: Tx): Promise<Omit<SeedDemoResult, "created"> | null> {
  const projects = await tx.project.findMany({
    where: {
      OR: [
        { name: { in: [DEMO_PROJECT_NAME, EARLIER_PROJECT_NAME] }, memberships: { some: { user: { email: DEMO_CREATOR_EMAIL } } } },
        { name: OTHER_PROJECT_NAME, memberships: { some: { user: { email: OTHER_CREATOR_EMAIL } } } },
      ],
    },
    select: { id: true, name: true },
  });
  const idOf = (name: string) => projects.find((project) => project.name === name)?.id;
  const main = idOf(DEMO_PROJECT_NAME);
  if (!main) return null;
  const earlier = idOf(EARLIER_PROJECT_NAME) ?? "";
  return {
    creatorEmail: DEMO_CREATOR_EMAIL,
    backerEmail: earlier ? await pickDemoBackerEmail(tx, main, earlier) : "",
    projectIds: { main, earlier, otherCreator: idOf(OTHER_PROJECT_NAME) ?? "" },
  };
}

/** The most demo-worthy returning backer: collected, physical tier, with add-ons if any has them. */
async function pickDemoBackerEmail(tx: Tx, mainId: string, earlierId: string): Promise<string> {
  const rows = await tx.$queryRawUnsafe<{ email: string }[]>(
    `SELECT b.email
     FROM backer b
     JOIN pledge p ON p.backer_id = b.id
     JOIN pledge_level pl ON pl.id = p.pledge_level_id
     WHERE b.project_id = $1::uuid AND p.status = 'COLLECTED' AND pl.kind = 'PHYSICAL'
       AND EXISTS (SELECT 1 FROM backer o WHERE o.project_id = $2::uuid AND o.email = b.email)
     ORDER BY EXISTS (SELECT 1 FROM cart_line c WHERE c.pledge_id = p.id AND c.source = 'ADD_ON') DESC, b.backer_number
     LIMIT 1`,
    mainId,
    earlierId,
  );
  if (rows.length === 0) throw new Error("The demo has no returning backer with a collected physical pledge; seed with more backers.");
  return rows[0].email;
}

function parseBackersFlag(argv: string[]): number | undefined {
  const index = argv.findIndex((arg) => arg === "--backers" || arg.startsWith("--backers="));
  if (index === -1) return undefined;
  const raw = argv[index].includes("=") ? argv[index].split("=")[1] : argv[index + 1];
  const value = Number(raw?.replaceAll("_", ""));
  if (!Number.isInteger(value)) {
    throw new Error(`--backers needs a whole number, e.g. --backers 250000 (got "${raw ?? ""}")`);
  }
  return value;
}

async function main() {
  const { env } = await import("@/lib/env");
  if (!env.DATABASE_URL) {
    console.error(
      "DATABASE_URL is not set. `npm run dev` seeds its embedded database by itself; to seed another server run\n" +
        "  DATABASE_URL=postgresql://user:pass@host:5432/db npm run db:seed -- --backers 2000",
    );
    process.exitCode = 1;
    return;
  }
  const backers = parseBackersFlag(process.argv.slice(2));
  const started = performance.now();
  const result = await seedDemo(env.DATABASE_URL, { backers });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    result.created
      ? `Seeded the demo (${backers ?? 2000} backers) in ${seconds} s.`
      : "The demo is already seeded; nothing was written.",
  );
  console.log(`  creator:        ${result.creatorEmail} (sign in through the dev mailbox)`);
  console.log(`  demo backer:    ${result.backerEmail} (a returning backer)`);
  console.log(`  other creator:  ${OTHER_CREATOR_EMAIL}`);
  console.log(`  projects:       main ${result.projectIds.main}, earlier ${result.projectIds.earlier}, other ${result.projectIds.otherCreator}`);
}

// Run only when executed as a script (`tsx prisma/seed.ts`), not when imported by the dev start or tests.
const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
