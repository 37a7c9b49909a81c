import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKER_REPORT_QUERY, type BackerReportFilter } from "@/lib/backers/report/backer-report-query-schema";
import {
  BACKER_REPORT_CSV_HEADERS,
  generateBackerReportCsvBytes,
  generateBackerReportCsv,
  parseBackerReportExportFormOrThrow,
} from "@/lib/backers/report/export-backer-report-csv";
import { listBackerReport } from "@/lib/backers/report/list-backer-report";
import {
  BackerSelectionSchema,
  countBackerSelection,
  listBackerSelectionIds,
  resolveBackerSelectionSql,
  type BackerSelection,
} from "@/lib/backers/report/resolve-backer-selection";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject } from "@/lib/demo/factories";

const filter = (f: Partial<BackerReportFilter> = {}): BackerReportFilter => ({ ...DEFAULT_BACKER_REPORT_QUERY.filter, ...f });

async function seed(count: number) {
  const project = await createProject(prisma, { currency: "USD" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Backer edition" });
  const backers = [];
  for (let i = 0; i < count; i++) {
    backers.push(
      await createBacker(prisma, project.id, {
        name: `Backer ${String(i).padStart(2, "0")}`,
        backerNumber: i + 1,
        country: i % 2 === 0 ? "US" : "FR",
        pledge: { amount: 2_500 + i, status: i % 3 === 0 ? "ERRORED" : "COLLECTED", pledgeLevelId: level.id, pledgedAt: new Date(Date.UTC(2025, 2, 1 + i)) },
      }),
    );
  }
  return { project, level, backers };
}

async function readStream(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("backer selection", () => {
  it("resolves explicit ids, ignoring ids of other projects", async () => {
    const { project, backers } = await seed(5);
    const other = await seed(1);
    const selection: BackerSelection = { kind: "ids", ids: [backers[0].backer.id, backers[3].backer.id, other.backers[0].backer.id] };
    expect(await countBackerSelection(project.id, selection)).toBe(2);
    expect(await listBackerSelectionIds(project.id, selection)).toEqual([backers[0].backer.id, backers[3].backer.id].sort());
  });

  it('resolves "all matching this filter except these" on the server', async () => {
    const { project, backers } = await seed(12);
    const matching = (await listBackerReport(project.id, { ...DEFAULT_BACKER_REPORT_QUERY, filter: filter({ countries: ["US"] }) })).rows;
    expect(matching).toHaveLength(6);
    const except = [matching[1].id, matching[4].id, backers[1].backer.id /* FR: not matching anyway */];
    const selection: BackerSelection = { kind: "matching", filter: filter({ countries: ["US"] }), exceptIds: except };
    expect(await countBackerSelection(project.id, selection)).toBe(4);
    expect(await listBackerSelectionIds(project.id, selection)).toEqual(
      matching.filter((r) => !except.includes(r.id)).map((r) => r.id).sort(),
    );

    // The subquery drives a set-based write: here, adding the selection to a static segment.
    const segment = await prisma.segment.create({ data: { projectId: project.id, name: "Picked", kind: "STATIC" } });
    const subquery = await resolveBackerSelectionSql(project.id, selection);
    const added = await prisma.$executeRaw`
      INSERT INTO segment_member (segment_id, backer_id) SELECT ${segment.id}::uuid, id FROM (${subquery}) s`;
    expect(added).toBe(4);
    const members = await prisma.segmentMember.findMany({ where: { segmentId: segment.id } });
    expect(members.map((m) => m.backerId).sort()).toEqual(await listBackerSelectionIds(project.id, selection));
  });

  it("parses what the browser sends, with clear messages for bad input", () => {
    expect(BackerSelectionSchema.parse({ kind: "matching", filter: { countries: ["US"] } })).toEqual({
      kind: "matching",
      filter: filter({ countries: ["US"] }),
      exceptIds: [],
    });
    const empty = BackerSelectionSchema.safeParse({ kind: "ids", ids: [] });
    expect(empty.success ? "" : empty.error.issues[0].message).toBe("Select at least one backer.");
    const bad = BackerSelectionSchema.safeParse({ kind: "ids", ids: ["42"] });
    expect(bad.success ? "" : bad.error.issues[0].message).toBe("A selected backer id is not valid. Reload the page and select again.");
    const form = new FormData();
    form.set("selection", "{oops");
    expect(() => parseBackerReportExportFormOrThrow(form)).toThrow(
      "The export request did not say which backers to export. Reload the backer report and export again.",
    );
  });
});

describe("CSV export", () => {
  it("exports every matching row (not just a page) in the view's order, and re-parses to the same rows", async () => {
    const { project } = await seed(11);
    const selection: BackerSelection = { kind: "matching", filter: filter({ statuses: ["COLLECTED"] }), exceptIds: [] };
    // Batches of 3 force several keyset round trips.
    const bytes = await readStream(generateBackerReportCsvBytes(project.id, selection, { sort: "amount", dir: "desc", batchSize: 3 }));
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "")).not.toContain("\n");

    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...lines] = parsed.data;
    expect(header).toEqual(BACKER_REPORT_CSV_HEADERS.map((h) => (h === "Pledged At" ? "Pledged At (UTC)" : h)));

    const expected = (
      await listBackerReport(project.id, { ...DEFAULT_BACKER_REPORT_QUERY, filter: selection.filter, sort: "amount", dir: "desc", pageSize: 200 })
    ).rows;
    expect(expected).toHaveLength(7);
    expect(lines).toEqual(
      expected.map((r) => [
        String(r.backerNumber),
        r.name,
        r.email,
        "Backer edition",
        String(r.amount! / 100),
        "USD",
        "collected",
        r.pledgedAt!.toISOString().slice(0, 16).replace("T", " "),
        r.country!,
        "",
        "",
        "",
        "0",
      ]),
    );
  });

  it("escapes cells a spreadsheet would run as a formula", async () => {
    const project = await createProject(prisma);
    const level = await createPledgeLevel(prisma, project.id, { name: "@SUM(A1:A9)" });
    const evil = await createBacker(prisma, project.id, {
      name: '=HYPERLINK("http://evil.example","click")',
      email: "-2+3@example.com",
      backerNumber: 1,
      pledge: { amount: 1_000, pledgeLevelId: level.id },
    });
    await prisma.creditEntry.create({ data: { pledgeId: evil.pledge!.id, amount: -250, reason: "Correction" } });
    await createBacker(prisma, project.id, { name: "+tab\tinside", backerNumber: 2 });

    let text = "";
    for await (const chunk of generateBackerReportCsv(project.id, { kind: "matching", filter: filter(), exceptIds: [] })) text += chunk;
    const [, first, second] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(first[1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(first[2]).toBe("'-2+3@example.com");
    expect(first[3]).toBe("'@SUM(A1:A9)");
    // A negative number stays a number a spreadsheet can add up.
    expect(first[12]).toBe("-2.5");
    expect(second[1]).toBe("'+tab\tinside");
  });

  it("exports explicitly selected backers only", async () => {
    const { project, backers } = await seed(6);
    let text = "";
    const selection: BackerSelection = { kind: "ids", ids: [backers[4].backer.id, backers[2].backer.id] };
    for await (const chunk of generateBackerReportCsv(project.id, selection, { sort: "number", dir: "asc" })) text += chunk;
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(rows.map((r) => r[1])).toEqual(["Backer 02", "Backer 04"]);
  });

  it("exports a view matching few backers of many through filtering first, spending the sort index's budget once", async () => {
    const project = await createProject(prisma, { currency: "USD" });
    // 20,000 backers, the five ERRORED ones at the far end of the backer-number index.
    await prisma.$executeRaw`
      WITH b AS (
        INSERT INTO backer (project_id, email, name, backer_number)
        SELECT ${project.id}::uuid, 'backer' || n || '@example.com', 'Backer ' || n, n FROM generate_series(1, 20000) n
        RETURNING id, backer_number)
      INSERT INTO pledge (project_id, backer_id, amount, pledged_at, status)
      SELECT ${project.id}::uuid, b.id, 1000, now(), (CASE WHEN b.backer_number > 19995 THEN 'ERRORED' ELSE 'COLLECTED' END)::"PledgeStatus" FROM b`;
    await prisma.$executeRawUnsafe("ANALYZE backer, pledge");

    let budgets = 0;
    const counting = prisma.$extends({
      query: {
        // The budget is a local setting (setLocal in lib/db): its name travels as a bound value.
        async $queryRaw({ args, query }) {
          if (JSON.stringify(args).includes("statement_timeout")) budgets += 1;
          return query(args);
        },
      },
    }) as unknown as typeof prisma;
    let text = "";
    // Batches of two: three batches, and a 1 ms budget no walk of 20,000 backers fits in.
    for await (const chunk of generateBackerReportCsv(project.id, { kind: "matching", filter: filter({ statuses: ["ERRORED"] }), exceptIds: [] }, {
      batchSize: 2,
      indexOrderBudgetMs: 1,
      db: counting,
    })) {
      text += chunk;
    }
    const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(rows.map((r) => r[1])).toEqual(["Backer 19996", "Backer 19997", "Backer 19998", "Backer 19999", "Backer 20000"]);
    // The first batch ran out of time and was found filter-first; the rest went there directly.
    expect(budgets).toBe(1);
  });

  it("writes the pledge time on the project's clock, under a heading naming the zone", async () => {
    const project = await createProject(prisma, { currency: "USD", timeZone: "America/Los_Angeles" });
    // 02:30 UTC on 1 March is still the last day of February in Los Angeles (18:30 PST)...
    await createBacker(prisma, project.id, { name: "Winter", backerNumber: 1, pledge: { amount: 1_000, pledgedAt: new Date("2025-03-01T02:30:00Z") } });
    // ...and after the clocks go forward on 9 March the offset is seven hours (PDT).
    await createBacker(prisma, project.id, { name: "Spring", backerNumber: 2, pledge: { amount: 1_000, pledgedAt: new Date("2025-03-10T02:30:00Z") } });
    let text = "";
    for await (const chunk of generateBackerReportCsv(project.id, { kind: "matching", filter: filter(), exceptIds: [] }, { timeZone: project.timeZone }))
      text += chunk;
    const [header, winter, spring] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    const column = header.indexOf("Pledged At (America/Los_Angeles)");
    expect(column).toBe(7);
    expect(winter[column]).toBe("2025-02-28 18:30");
    expect(spring[column]).toBe("2025-03-09 19:30");
  });
});
