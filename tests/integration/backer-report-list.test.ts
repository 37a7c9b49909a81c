import { describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY, type BackerReportFilter, type BackerReportQuery, type BackerReportSortKey } from "@/lib/backers/report/backer-report-query-schema";
import { buildBackerReportWhereSql } from "@/lib/backers/report/build-backer-report-where";
import { listBackerReport, listBackerReportWithPendingCount, type BackerReportRow } from "@/lib/backers/report/list-backer-report";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject } from "@/lib/demo/factories";
import { DomainError, isStatementTimeout } from "@/lib/errors";

const DAY = 86_400_000;
const T0 = new Date("2025-03-01T12:00:00.000Z").getTime();

function query(filter: Partial<BackerReportFilter> = {}, rest: Partial<BackerReportQuery> = {}): BackerReportQuery {
  return { ...DEFAULT_BACKER_REPORT_QUERY, pageSize: 200, ...rest, filter: { ...DEFAULT_BACKER_REPORT_QUERY.filter, ...filter } };
}

async function names(projectId: string, filter: Partial<BackerReportFilter>, rest: Partial<BackerReportQuery> = {}) {
  const page = await listBackerReport(projectId, query(filter, rest));
  return page.rows.map((r) => r.name);
}

/** A small project where every column and filter has something to find. */
async function seedProject() {
  const project = await createProject(prisma, { currency: "EUR" });
  const other = await createProject(prisma);
  const gold = await createPledgeLevel(prisma, project.id, { name: "Gold" });
  const silver = await createPledgeLevel(prisma, project.id, { name: "Silver" });
  const ada = await createBacker(prisma, project.id, {
    name: "Ada Lovelace",
    email: "ada@example.com",
    backerNumber: 1,
    country: "GB",
    pledge: { amount: 12_000, status: "COLLECTED", pledgeLevelId: gold.id, pledgedAt: new Date(T0) },
  });
  const grace = await createBacker(prisma, project.id, {
    name: "Grace Hopper",
    email: "grace@navy.example",
    backerNumber: 2,
    country: "US",
    pledge: { amount: 4_500, status: "ERRORED", pledgeLevelId: silver.id, pledgedAt: new Date(T0 + DAY) },
  });
  const alan = await createBacker(prisma, project.id, {
    name: "Alan Turing",
    email: "alan@bletchley.example",
    backerNumber: 12,
    country: "GB",
    pledge: { amount: 4_500, status: "DROPPED", pledgeLevelId: silver.id, pledgedAt: new Date(T0 + 2 * DAY) },
  });
  const percent = await createBacker(prisma, project.id, {
    name: "Fifty 50% Off",
    email: "deals@example.org",
    backerNumber: 120,
    country: null,
    pledge: null,
  });
  // Same name in another project: must never show up.
  await createBacker(prisma, other.id, { name: "Ada Lovelace", email: "ada@example.com", backerNumber: 1 });

  const reward = await prisma.digitalReward.create({ data: { projectId: project.id, name: "Soundtrack", kind: "SHARED", sharedValue: "https://x" } });
  const ebook = await prisma.digitalReward.create({ data: { projectId: project.id, name: "Art e-book", kind: "SHARED", sharedValue: "https://y" } });
  await prisma.digitalRewardDelivery.createMany({
    data: [
      { digitalRewardId: reward.id, pledgeId: ada.pledge!.id, value: "https://x" },
      { digitalRewardId: ebook.id, pledgeId: ada.pledge!.id, value: "https://y" },
      { digitalRewardId: ebook.id, pledgeId: grace.pledge!.id, value: "https://y" },
    ],
  });
  await prisma.shipment.createMany({
    data: [
      { projectId: project.id, pledgeId: ada.pledge!.id, trackingNumber: "OLD123", carrier: "UPS", shippedAt: new Date(T0), supersededAt: new Date(T0 + DAY) },
      { projectId: project.id, pledgeId: ada.pledge!.id, trackingNumber: "1Z999AA10123456784", carrier: "UPS", shippedAt: new Date(T0 + DAY) },
      // Only a superseded number: counts as "no tracking number".
      { projectId: project.id, pledgeId: alan.pledge!.id, trackingNumber: "GONE1", carrier: "DHL", supersededAt: new Date(T0 + DAY) },
    ],
  });
  await prisma.creditEntry.createMany({
    data: [
      { pledgeId: grace.pledge!.id, amount: 1_000, reason: "Early bird" },
      { pledgeId: grace.pledge!.id, amount: 500, reason: "Apology" },
      { pledgeId: grace.pledge!.id, amount: -200, reason: "Undo" },
    ],
  });
  const segment = await prisma.segment.create({ data: { projectId: project.id, name: "VIPs", kind: "STATIC" } });
  await prisma.segmentMember.createMany({ data: [ada, alan].map(({ backer }) => ({ segmentId: segment.id, backerId: backer.id })) });
  return { project, gold, silver, reward, ebook, segment, ada, grace, alan, percent };
}

describe("listBackerReport", () => {
  it("returns every column of the report, scoped to the project", async () => {
    const { project, gold, ada } = await seedProject();
    const page = await listBackerReport(project.id, query());
    expect(page.totalCount).toBe(4);
    expect(page.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Grace Hopper", "Alan Turing", "Fifty 50% Off"]);
    expect(page.rows[0]).toEqual<BackerReportRow>({
      id: ada.backer.id,
      backerNumber: 1,
      name: "Ada Lovelace",
      email: "ada@example.com",
      pledgeId: ada.pledge!.id,
      pledgeLevelId: gold.id,
      pledgeLevelName: "Gold",
      amount: 12_000,
      currency: "EUR",
      status: "COLLECTED",
      pledgedAt: new Date(T0),
      country: "GB",
      trackingNumber: "1Z999AA10123456784",
      carrier: "UPS",
      digitalRewards: ["Art e-book", "Soundtrack"],
      creditBalance: 0,
    });
    const grace = page.rows[1];
    expect(grace.creditBalance).toBe(1_300);
    expect(grace.trackingNumber).toBeNull();
    expect(page.rows[2].trackingNumber).toBeNull(); // only a superseded one
    const noPledge = page.rows[3];
    expect(noPledge).toMatchObject({ pledgeId: null, amount: null, status: null, pledgedAt: null, country: null, digitalRewards: [], creditBalance: 0 });
    expect(page.nextCursor).toBeNull();
    expect(page.prevCursor).toBeNull();
  });

  it("searches names and emails by substring, case-insensitively, and backer numbers exactly", async () => {
    const { project } = await seedProject();
    expect(await names(project.id, { q: "LOVE" })).toEqual(["Ada Lovelace"]);
    expect(await names(project.id, { q: "navy.exa" })).toEqual(["Grace Hopper"]);
    expect(await names(project.id, { q: "12" })).toEqual(["Alan Turing"]); // not 120
    expect(await names(project.id, { q: "#2" })).toEqual(["Grace Hopper"]);
    // Wildcards are literal: "50%" is not "50 followed by anything".
    expect(await names(project.id, { q: "50%" })).toEqual(["Fifty 50% Off"]);
    expect(await names(project.id, { q: "a_a" })).toEqual([]);
    expect(await names(project.id, { q: "nobody" })).toEqual([]);
  });

  it("searches without regard to accents or letter case, in names and emails, through the folded trigram indexes", async () => {
    const project = await createProject(prisma);
    for (const [name, email] of [
      ["José Álvarez", "jose@example.com"],
      ["Łukasz Wróbel", "lw@example.com"],
      ["Bjørn Ødegård", "bjorn@example.com"],
      ["Zoe Martin", "zoë.martin@example.com"],
      ["Ana Alvares", "ana@example.com"],
    ]) {
      await createBacker(prisma, project.id, { name, email });
    }
    expect(await names(project.id, { q: "alvarez" })).toEqual(["José Álvarez"]);
    expect(await names(project.id, { q: "ÁLVAREZ" })).toEqual(["José Álvarez"]);
    expect(await names(project.id, { q: "lukasz" })).toEqual(["Łukasz Wróbel"]);
    expect(await names(project.id, { q: "wrobel" })).toEqual(["Łukasz Wróbel"]);
    expect(await names(project.id, { q: "bjorn" })).toEqual(["Bjørn Ødegård"]);
    expect(await names(project.id, { q: "odegard" })).toEqual(["Bjørn Ødegård"]);
    expect(await names(project.id, { q: "zoe.mar" })).toEqual(["Zoe Martin"]);
    expect(await names(project.id, { q: "Zoë" })).toEqual(["Zoe Martin"]);
    // A full-width ％ folds to %, which must still be a literal character, not a wildcard.
    expect(await names(project.id, { q: "alvar％" })).toEqual([]);

    // Big enough for the planner to prefer an index: the folded search reads the trigram indexes.
    await prisma.$executeRaw`
      INSERT INTO backer (project_id, email, name)
      SELECT ${project.id}::uuid, 'filler-' || g || '@example.com', 'Filler Backer ' || g FROM generate_series(1, 3000) g`;
    await prisma.$executeRawUnsafe("ANALYZE backer");
    const where = buildBackerReportWhereSql(project.id, { ...DEFAULT_BACKER_REPORT_QUERY.filter, q: "alvarez" }, null);
    const plan = await prisma.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN SELECT b.id FROM backer b WHERE ${where}`;
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("backer_name_fold_trgm_idx");
    expect(text).toContain("backer_email_fold_trgm_idx");
  });

  it("filters by pledge level, payment status, country, tracking, digital reward and segment", async () => {
    const { project, gold, silver, ebook, reward, segment } = await seedProject();
    expect(await names(project.id, { levelIds: [silver.id] })).toEqual(["Grace Hopper", "Alan Turing"]);
    expect(await names(project.id, { levelIds: [gold.id, silver.id] })).toEqual(["Ada Lovelace", "Grace Hopper", "Alan Turing"]);
    expect(await names(project.id, { statuses: ["ERRORED", "DROPPED"] })).toEqual(["Grace Hopper", "Alan Turing"]);
    expect(await names(project.id, { countries: ["GB"] })).toEqual(["Ada Lovelace", "Alan Turing"]);
    expect(await names(project.id, { hasTracking: true })).toEqual(["Ada Lovelace"]);
    expect(await names(project.id, { hasTracking: false })).toEqual(["Grace Hopper", "Alan Turing", "Fifty 50% Off"]);
    expect(await names(project.id, { digitalRewardId: ebook.id })).toEqual(["Ada Lovelace", "Grace Hopper"]);
    expect(await names(project.id, { digitalRewardId: reward.id })).toEqual(["Ada Lovelace"]);
    expect(await names(project.id, { segmentId: segment.id })).toEqual(["Ada Lovelace", "Alan Turing"]);
    // A filter segment is evaluated by the segments domain at query time.
    const errored = await prisma.segment.create({
      data: { projectId: project.id, name: "Payment problems", kind: "FILTER", filter: { type: "paymentStatus", statuses: ["ERRORED", "FAILED"] } },
    });
    expect(await names(project.id, { segmentId: errored.id })).toEqual(["Grace Hopper"]);
    // The count reads backer alone, pledge alone or both depending on the filter; all must agree.
    expect((await listBackerReport(project.id, query({ statuses: ["ERRORED", "DROPPED"] }))).totalCount).toBe(2);
    expect((await listBackerReport(project.id, query({ hasTracking: false }))).totalCount).toBe(3);
    expect((await listBackerReport(project.id, query({ hasTracking: true, levelIds: [gold.id] }))).totalCount).toBe(1);
    expect((await listBackerReport(project.id, query({ segmentId: segment.id, statuses: ["DROPPED"] }))).totalCount).toBe(1);
    // Filters combine with AND, and the count follows the filter.
    const page = await listBackerReport(project.id, query({ countries: ["GB"], statuses: ["DROPPED"], q: "alan" }));
    expect(page.rows.map((r) => r.name)).toEqual(["Alan Turing"]);
    expect(page.totalCount).toBe(1);
  });

  it("hands back a filtered page's rows while its exact count is still running", async () => {
    const { project } = await seedProject();
    // The real client, with every count held back until the test lets it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = new Proxy(prisma, {
      get(target, key) {
        if (key === "$queryRaw") {
          return (strings: TemplateStringsArray, ...values: unknown[]) =>
            strings[0].startsWith("SELECT count(*)") ? gate.then(() => target.$queryRaw(strings, ...values)) : target.$queryRaw(strings, ...values);
        }
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const page = await listBackerReportWithPendingCount(project.id, query({ statuses: ["ERRORED", "DROPPED"] }), held);
    expect(page.rows).toHaveLength(2);
    let counted: number | undefined;
    void page.totalCount.then((count) => (counted = count));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counted).toBeUndefined();
    release();
    expect(await page.totalCount).toBe(2);
  });

  it("refuses a segment of another project", async () => {
    const { project } = await seedProject();
    const other = await createProject(prisma);
    const foreign = await prisma.segment.create({ data: { projectId: other.id, name: "Theirs", kind: "STATIC" } });
    await expect(listBackerReport(project.id, query({ segmentId: foreign.id }))).rejects.toThrow(
      "That segment does not exist in this project any more. Remove the segment filter.",
    );
  });

  it("sorts by every column both ways, nulls counting as the largest value", async () => {
    const { project } = await seedProject();
    const expectations: Record<BackerReportSortKey, string[]> = {
      number: ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Fifty 50% Off"],
      name: ["Ada Lovelace", "Alan Turing", "Fifty 50% Off", "Grace Hopper"],
      email: ["Ada Lovelace", "Alan Turing", "Fifty 50% Off", "Grace Hopper"],
      // Grace and Alan tie on 45.00: the backer id breaks the tie, so only check the groups.
      amount: [],
      pledged: ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Fifty 50% Off"],
      status: ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Fifty 50% Off"],
      country: [],
    };
    for (const [sort, expected] of Object.entries(expectations) as [BackerReportSortKey, string[]][]) {
      if (expected.length === 0) continue;
      expect(await names(project.id, {}, { sort, dir: "asc" }), `${sort} asc`).toEqual(expected);
      expect(await names(project.id, {}, { sort, dir: "desc" }), `${sort} desc`).toEqual([...expected].reverse());
    }
    const byAmount = await names(project.id, {}, { sort: "amount", dir: "asc" });
    expect(new Set(byAmount.slice(0, 2))).toEqual(new Set(["Grace Hopper", "Alan Turing"]));
    expect(byAmount.slice(2)).toEqual(["Ada Lovelace", "Fifty 50% Off"]);
    const byCountry = await names(project.id, {}, { sort: "country", dir: "desc" });
    expect(byCountry[0]).toBe("Fifty 50% Off");
    expect(byCountry[1]).toBe("Grace Hopper");
  });

  it("rejects a cursor from another sort order with a clear message", async () => {
    const { project } = await seedProject();
    const first = await listBackerReport(project.id, query({}, { pageSize: 2 }));
    expect(first.nextCursor).not.toBeNull();
    const wrong = query({}, { pageSize: 2, sort: "name", cursor: { direction: "after", token: first.nextCursor! } });
    await expect(listBackerReport(project.id, wrong)).rejects.toBeInstanceOf(DomainError);
    await expect(listBackerReport(project.id, wrong)).rejects.toThrow("This page link no longer matches the report's order");
    const garbage = query({}, { cursor: { direction: "after", token: "not-a-cursor" } });
    await expect(listBackerReport(project.id, garbage)).rejects.toThrow("This page link no longer matches the report's order");
  });
});

describe("keyset pagination", () => {
  it("walks forwards and backwards through tied sort keys without skipping or repeating a row", async () => {
    const project = await createProject(prisma);
    const level = await createPledgeLevel(prisma, project.id);
    const countries = ["US", "DE", null];
    const statuses = ["COLLECTED", "ERRORED", "DROPPED"] as const;
    for (let i = 0; i < 31; i++) {
      await createBacker(prisma, project.id, {
        // Names, amounts, dates, statuses and countries repeat, so most pages cut through a tie.
        name: `Backer ${i % 4}`,
        backerNumber: i % 5 === 0 ? null : i + 1,
        country: countries[i % 3],
        pledge:
          i % 7 === 6
            ? null
            : { amount: 1_000 * (i % 3), status: statuses[i % 3], pledgeLevelId: level.id, pledgedAt: new Date(T0 + (i % 4) * DAY) },
      });
    }
    const pageSize = 4;
    for (const sort of ["number", "name", "email", "amount", "pledged", "status", "country"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const all = (await listBackerReport(project.id, query({}, { sort, dir, pageSize: 200 }))).rows.map((r) => r.id);
        expect(all).toHaveLength(31);

        const forwardPages: string[][] = [];
        let page = await listBackerReport(project.id, query({}, { sort, dir, pageSize }));
        expect(page.prevCursor).toBeNull();
        forwardPages.push(page.rows.map((r) => r.id));
        while (page.nextCursor) {
          page = await listBackerReport(project.id, query({}, { sort, dir, pageSize, cursor: { direction: "after", token: page.nextCursor } }));
          expect(page.prevCursor).not.toBeNull();
          forwardPages.push(page.rows.map((r) => r.id));
        }
        expect(forwardPages.flat(), `${sort} ${dir} forwards`).toEqual(all);
        expect(forwardPages).toHaveLength(8);

        // Back from the last page: the same pages, in reverse, down to a first page with no "previous".
        const backwardPages: string[][] = [forwardPages.at(-1)!];
        while (page.prevCursor) {
          page = await listBackerReport(project.id, query({}, { sort, dir, pageSize, cursor: { direction: "before", token: page.prevCursor } }));
          expect(page.nextCursor).not.toBeNull();
          backwardPages.unshift(page.rows.map((r) => r.id));
        }
        expect(backwardPages, `${sort} ${dir} backwards`).toEqual(forwardPages);
        expect(page.totalCount).toBe(31);
      }
    }
  });
});

describe("pledge-column sorts when every backer has a pledge", () => {
  it("pages through amount, pledge date and status both ways in (value, backer id) order", async () => {
    const project = await createProject(prisma);
    const other = await createProject(prisma);
    const level = await createPledgeLevel(prisma, project.id);
    const statuses = ["REFUNDED", "COLLECTED", "DROPPED", "ERRORED"] as const;
    for (let i = 0; i < 23; i++) {
      await createBacker(prisma, project.id, {
        backerNumber: i + 1,
        pledge: { amount: 1_000 * (i % 3), status: statuses[i % 4], pledgeLevelId: level.id, pledgedAt: new Date(T0 + (i % 5) * DAY) },
      });
    }
    // Another project's pledges sit in the same indexes and must never show up.
    for (let i = 0; i < 3; i++) await createBacker(prisma, other.id, { pledge: { amount: 500, pledgeLevelId: null } });

    const all = (await listBackerReport(project.id, query({}, { pageSize: 200 }))).rows;
    const statusOrder = ["COLLECTED", "ERRORED", "FAILED", "DROPPED", "REFUNDED"];
    const keyOf: Record<"amount" | "pledged" | "status", (row: BackerReportRow) => number> = {
      amount: (row) => row.amount!,
      pledged: (row) => row.pledgedAt!.getTime(),
      status: (row) => statusOrder.indexOf(row.status!),
    };
    for (const sort of ["amount", "pledged", "status"] as const) {
      const ascending = [...all].sort((a, b) => keyOf[sort](a) - keyOf[sort](b) || (a.id < b.id ? -1 : 1)).map((r) => r.id);
      for (const dir of ["asc", "desc"] as const) {
        const expected = dir === "asc" ? ascending : [...ascending].reverse();
        const pages: string[][] = [];
        let page = await listBackerReport(project.id, query({}, { sort, dir, pageSize: 5 }));
        pages.push(page.rows.map((r) => r.id));
        while (page.nextCursor) {
          page = await listBackerReport(project.id, query({}, { sort, dir, pageSize: 5, cursor: { direction: "after", token: page.nextCursor } }));
          pages.push(page.rows.map((r) => r.id));
        }
        expect(pages.flat(), `${sort} ${dir} forwards`).toEqual(expected);
        expect(page.totalCount).toBe(23);

        const backwards: string[][] = [pages.at(-1)!];
        while (page.prevCursor) {
          page = await listBackerReport(project.id, query({}, { sort, dir, pageSize: 5, cursor: { direction: "before", token: page.prevCursor } }));
          backwards.unshift(page.rows.map((r) => r.id));
        }
        expect(backwards, `${sort} ${dir} backwards`).toEqual(pages);
      }
    }
  });
});

describe("filtered pages when the sort index is a poor way in", () => {
  /** Every page of `filter` in `sort`/`dir` order, followed through next cursors. */
  async function pageIds(projectId: string, filter: Partial<BackerReportFilter>, rest: Partial<BackerReportQuery>, indexOrderBudgetMs?: number) {
    const pages: string[][] = [];
    let page = await listBackerReport(projectId, query(filter, rest), undefined, { indexOrderBudgetMs });
    pages.push(page.rows.map((r) => r.id));
    while (page.nextCursor) {
      page = await listBackerReport(projectId, query(filter, { ...rest, cursor: { direction: "after", token: page.nextCursor } }), undefined, {
        indexOrderBudgetMs,
      });
      pages.push(page.rows.map((r) => r.id));
    }
    return { pages, total: page.totalCount };
  }

  it("finds exactly the same pages by filtering first as through the sort index", async () => {
    const { project, ebook, reward, segment } = await seedProject();
    const filters: Partial<BackerReportFilter>[] = [
      { hasTracking: false },
      { hasTracking: true },
      { digitalRewardId: ebook.id },
      { digitalRewardId: reward.id, hasTracking: false },
      { statuses: ["ERRORED", "DROPPED"] },
      { segmentId: segment.id, hasTracking: false },
      { q: "a" },
    ];
    for (const filter of filters) {
      for (const sort of ["number", "name", "amount", "country"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          const rest = { sort, dir, pageSize: 1 };
          const label = `${JSON.stringify(filter)} ${sort} ${dir}`;
          expect(await pageIds(project.id, filter, rest, 0), label).toEqual(await pageIds(project.id, filter, rest, 60_000));
        }
      }
    }
  });

  it("answers a filter that matches few backers of many through filtering first when the index order runs out of time", async () => {
    const project = await createProject(prisma);
    const reward = await prisma.digitalReward.create({ data: { projectId: project.id, name: "Soundtrack", kind: "SHARED", sharedValue: "https://x" } });
    // 3,000 backers; every 10th got the reward and all of those have a tracking number but the
    // last three: "reward and no tracking number" matches 3 of 3,000, at the far end of the index.
    await prisma.$executeRaw`
      WITH b AS (
        INSERT INTO backer (project_id, email, name, backer_number)
        SELECT ${project.id}::uuid, 'backer' || n || '@example.com', 'Backer ' || n, n FROM generate_series(1, 3000) n
        RETURNING id, backer_number),
      p AS (
        INSERT INTO pledge (project_id, backer_id, amount, pledged_at)
        SELECT ${project.id}::uuid, b.id, 1000, now() FROM b RETURNING id, backer_id),
      d AS (
        INSERT INTO digital_reward_delivery (digital_reward_id, pledge_id, value)
        SELECT ${reward.id}::uuid, p.id, 'https://x' FROM p JOIN b ON b.id = p.backer_id WHERE b.backer_number % 10 = 0)
      INSERT INTO shipment (project_id, pledge_id, tracking_number)
      SELECT ${project.id}::uuid, p.id, 'T' || b.backer_number FROM p JOIN b ON b.id = p.backer_id
       WHERE b.backer_number % 10 = 0 AND b.backer_number <= 2970`;
    await prisma.$executeRawUnsafe("ANALYZE backer, pledge, shipment, digital_reward_delivery");

    const filter = { digitalRewardId: reward.id, hasTracking: false };
    // A 1 ms budget cannot cover walking 3,000 backers: the page comes from the filter-first form.
    const page = await listBackerReport(project.id, query(filter, { pageSize: 2 }), undefined, { indexOrderBudgetMs: 1 });
    expect(page.totalCount).toBe(3);
    expect(page.rows.map((r) => r.name)).toEqual(["Backer 2980", "Backer 2990"]);
    const next = await listBackerReport(
      project.id,
      query(filter, { pageSize: 2, cursor: { direction: "after", token: page.nextCursor! } }),
      undefined,
      { indexOrderBudgetMs: 1 },
    );
    expect(next.rows.map((r) => r.name)).toEqual(["Backer 3000"]);
    expect(next.nextCursor).toBeNull();
  });

  it("recognises Postgres cancelling a statement at its timeout, and nothing else", async () => {
    const timedOut = await prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 20");
        return tx.$queryRaw`SELECT pg_sleep(1)`;
      })
      .catch((error: unknown) => error);
    expect(isStatementTimeout(timedOut)).toBe(true);
    const otherFailure = await prisma.$queryRaw`SELECT 1 / 0`.catch((error: unknown) => error);
    expect(isStatementTimeout(otherFailure)).toBe(false);
    expect(isStatementTimeout(new Error("statement timeout"))).toBe(false);
  });
});
