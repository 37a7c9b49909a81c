import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { generateBackerReportWorkbook } from "@/lib/backers/report/export-backer-report-workbook";
import { prisma } from "@/lib/db/client";
import { createBacker, createItem, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { saveSegment } from "@/lib/segments/save-segment";
import { skuPerColumnExport } from "../support/sku-per-column-export";

async function load(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null): Promise<ExcelJS.Worksheet> {
  let bytes: ArrayBuffer;
  if (body && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    bytes = new Uint8Array(Buffer.concat(chunks)).buffer;
  } else bytes = await new Response(body).arrayBuffer();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  return book.worksheets[0];
}

async function setup() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id, currency: "EUR" });
  const game = await createItem(prisma, project.id, { name: "Core game", sku: "GAME-1" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Deluxe" });
  await prisma.pledgeLevelItem.create({ data: { pledgeLevelId: level.id, itemId: game.id, quantity: 1 } });
  const a = await createBacker(prisma, project.id, {
    email: "a@example.com",
    name: '=HYPERLINK("http://evil")',
    pledge: { pledgeLevelId: level.id, amount: 6550, pledgedAt: new Date("2026-03-01T18:00:00Z") },
  });
  return { owner, project, a };
}

describe("exports as Excel workbooks", () => {
  test("SKU per Column: backer numbers as text, amounts and quantities as numbers, Pledged At a date, frozen header, formulas escaped", async () => {
    const { project, a } = await setup();
    const everyone = await prisma.$transaction((tx) =>
      saveSegment(tx, project.id, { name: "Everyone", filter: { type: "and", conditions: [] } }),
    );
    const { fileName, bytes, rows } = await skuPerColumnExport(project.id, everyone.id, "xlsx");
    expect(rows).toBe(1);
    expect(fileName).toMatch(/^everyone-sku-per-column-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = await load((async function* () { yield bytes; })());
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("A1").value).toBe("Backer Number");
    expect(sheet.getCell("K1").value).toBe("Core game (GAME-1)");
    expect(sheet.getCell("A2").value).toBe(String(a.backer.backerNumber));
    expect(sheet.getCell("A2").numFmt).toBe("@");
    expect(sheet.getCell("C2").value).toBe(`'=HYPERLINK("http://evil")`);
    expect(sheet.getCell("G2").value).toBe(65.5);
    expect(sheet.getCell("I2").value).toEqual(new Date("2026-03-01T18:00:00Z"));
    expect(sheet.getCell("K2").value).toBe(1);
  });

  test("backer report: the CSV's columns, typed, in the view's order", async () => {
    const { project, a } = await setup();
    await createBacker(prisma, project.id, { email: "b@example.com", name: "Bea", pledge: { amount: 1000 } });
    const sheet = await load(generateBackerReportWorkbook(project.id, { kind: "ids", ids: [a.backer.id] }));
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "Backer Number",
      "Backer Name",
      "Email",
      "Pledge Level",
      "Pledge Amount",
      "Currency",
      "Payment Status",
      "Pledged At (UTC)",
      "Country",
      "Tracking Number",
      "Carrier",
      "Digital Rewards",
      "Credit",
    ]);
    expect(sheet.getCell("A2").value).toBe(String(a.backer.backerNumber));
    expect(sheet.getCell("B2").value).toBe(`'=HYPERLINK("http://evil")`);
    expect(sheet.getCell("E2").value).toBe(65.5);
    expect(sheet.getCell("H2").value).toEqual(new Date("2026-03-01T18:00:00Z"));
    expect(sheet.getColumn(10).numFmt).toBe("@");
  });

  test("backer report: Pledged At is a date cell on the project's clock, its heading naming the zone", async () => {
    const { project, a } = await setup();
    const sheet = await load(generateBackerReportWorkbook(project.id, { kind: "ids", ids: [a.backer.id] }, { timeZone: "America/Los_Angeles" }));
    expect(sheet.getCell("H1").value).toBe("Pledged At (America/Los_Angeles)");
    // 18:00 UTC on 1 March 2026 is 10:00 in Los Angeles (PST): the cell holds that wall time.
    expect(sheet.getCell("H2").value).toEqual(new Date("2026-03-01T10:00:00Z"));
    expect(sheet.getCell("H2").numFmt).toBe("yyyy-mm-dd hh:mm");
  });
});
