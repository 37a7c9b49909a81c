import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import type {
  Backer,
  Item,
  ItemOption,
  Pledge,
  PledgeLevel,
  Prisma,
  PrismaClient,
  Project,
  User,
} from "@/lib/db/generated/client";

/**
 * Small row factories shared by tests and the seed. Every default is unique within the process, so
 * a test only states what it is about: `createBacker(db, project.id, { pledge: { status: "FAILED" } })`.
 */
type Db = PrismaClient | Tx;

let counter = 0;
// A per-process tag keeps defaults unique even when several processes write to one database.
const processTag = randomUUID().slice(0, 8);

function nextId(): number {
  counter += 1;
  return counter;
}

/** Emails are stored trimmed and lower-cased (the database checks it); accept any casing here. */
function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const DAY = 24 * 60 * 60 * 1000;

export type UserOverrides = Partial<Prisma.UserUncheckedCreateInput>;

/** Creates a user (creator or backer); emailVerified defaults to true, as after a magic-link sign-in. */
export async function createUser(db: Db, overrides: UserOverrides = {}): Promise<User> {
  const n = nextId();
  return db.user.create({
    data: {
      id: randomUUID(),
      name: `Test User ${n}`,
      emailVerified: true,
      ...overrides,
      email: normaliseEmail(overrides.email ?? `user-${n}-${processTag}@example.com`),
    },
  });
}

export type ProjectOverrides = Partial<Prisma.ProjectUncheckedCreateInput> & {
  /** Adds an OWNER membership for this user. */
  ownerId?: string;
};

/** Creates a project (a campaign that ended ten days ago); with `ownerId`, that user owns it. */
export async function createProject(db: Db, overrides: ProjectOverrides = {}): Promise<Project> {
  const { ownerId, ...data } = overrides;
  const n = nextId();
  const now = Date.now();
  return db.project.create({
    data: {
      name: `Test Project ${n}`,
      // Tests of other features send freely; the allowance has tests of its own.
      dailyEmailAllowance: null,
      launchedAt: new Date(now - 40 * DAY),
      endedAt: new Date(now - 10 * DAY),
      ...data,
      ...(ownerId ? { memberships: { create: { userId: ownerId, role: "OWNER" } } } : {}),
    },
  });
}

export type PledgeLevelOverrides = Partial<Omit<Prisma.PledgeLevelUncheckedCreateInput, "projectId">>;

/** Creates a physical pledge level priced $25.00 unless told otherwise. */
export async function createPledgeLevel(db: Db, projectId: string, overrides: PledgeLevelOverrides = {}): Promise<PledgeLevel> {
  const n = nextId();
  return db.pledgeLevel.create({
    data: {
      name: `Level ${n}`,
      externalId: String(7_000_000 + n),
      price: 2500,
      kind: "PHYSICAL",
      kindConfirmed: true,
      position: n,
      ...overrides,
      projectId,
    },
  });
}

export type ItemOverrides = Partial<Omit<Prisma.ItemUncheckedCreateInput, "projectId" | "options">> & {
  /** Option names, in display order (e.g. sizes). */
  options?: string[];
};

/** Creates an item (SKU) with its options; physical, not an add-on, unless told otherwise. */
export async function createItem(
  db: Db,
  projectId: string,
  overrides: ItemOverrides = {},
): Promise<Item & { options: ItemOption[] }> {
  const { options = [], ...data } = overrides;
  const n = nextId();
  return db.item.create({
    data: {
      name: `Item ${n}`,
      sku: `SKU-${n}`,
      physical: true,
      isAddOn: false,
      weightGrams: 500,
      ...data,
      projectId,
      options: { create: options.map((name, position) => ({ name, position })) },
    },
    include: { options: { orderBy: { position: "asc" } } },
  });
}

export type BackerOverrides = Partial<Omit<Prisma.BackerUncheckedCreateInput, "projectId" | "pledge">> & {
  /** Overrides for the backer's pledge; `null` creates the backer without one. */
  pledge?: Partial<Omit<Prisma.PledgeUncheckedCreateInput, "projectId" | "backerId">> | null;
};

/**
 * Creates a backer and their pledge (collected, $50.00, pledged 30 days ago unless told otherwise).
 * The backer number defaults to the project's next one, so it never collides with generated data.
 */
export async function createBacker(
  db: Db,
  projectId: string,
  overrides: BackerOverrides = {},
): Promise<{ backer: Backer; pledge: Pledge | null }> {
  const { pledge: pledgeOverrides, ...data } = overrides;
  const n = nextId();
  let backerNumber = data.backerNumber;
  if (backerNumber === undefined) {
    const { _max } = await db.backer.aggregate({ where: { projectId }, _max: { backerNumber: true } });
    backerNumber = (_max.backerNumber ?? 0) + 1;
  }
  const backer = await db.backer.create({
    data: {
      name: `Backer ${n}`,
      platformUid: `${processTag}-${n}`,
      country: "US",
      ...data,
      backerNumber,
      email: normaliseEmail(data.email ?? `backer-${n}-${processTag}@example.com`),
      projectId,
    },
  });
  if (pledgeOverrides === null) return { backer, pledge: null };
  const pledgedAt = pledgeOverrides?.pledgedAt ?? new Date(Date.now() - 30 * DAY);
  const pledge = await db.pledge.create({
    data: {
      amount: 5000,
      pledgedAt,
      statusChangedAt: pledgedAt,
      status: "COLLECTED",
      ...pledgeOverrides,
      projectId,
      backerId: backer.id,
    },
  });
  return { backer, pledge };
}
