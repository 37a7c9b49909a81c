import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { applyBackerImportPlan } from "@/lib/backers/import/apply-backer-import";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { loadBackerImportContext } from "@/lib/backers/import/load-backer-import-context";
import { planBackerImport } from "@/lib/backers/import/plan-backer-import";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";
import { countBackerImportRows } from "@/tests/support/count-backer-import-rows";

const fixtureText = (name: string) => readFileSync(`tests/fixtures/kickstarter/${name}`, "utf8");
const file = (name: string, text?: string) => ({
  name,
  bytes: text === undefined ? new Uint8Array(readFileSync(`tests/fixtures/kickstarter/${name}`)) : new TextEncoder().encode(text),
});

async function createProject() {
  return prisma.project.create({ data: { name: "Moonlight Board Game", currency: "USD" } });
}


async function cartOf(email: string) {
  const lines = await prisma.cartLine.findMany({
    where: { pledge: { backer: { email } } },
    select: { quantity: true, source: true, item: { select: { name: true } } },
    orderBy: { item: { name: "asc" } },
  });
  return lines.map((line) => [line.item.name, line.quantity, line.source]);
}

describe("backer import of a file without pledge dates or statuses", () => {
  it("asks in the preview, proposing the campaign's end and collected, and gives new pledges what the creator chose", async () => {
    const endedAt = new Date("2013-06-01T04:00:00Z");
    const project = await prisma.project.create({
      data: { name: "Leads", currency: "USD", launchedAt: new Date("2013-05-01T04:00:00Z"), endedAt },
    });
    const list = file("list.csv", "Email,Name\nada@example.com,Ada\ngrace@example.com,Grace\n");
    const mapping = { email: "Email", name: "Name" };
    const preview = await previewImportInTransaction(project.id, [list], { mapping }, null);
    expect(preview.plan.newPledgeDefaults).toEqual({ withoutDate: 2, pledgedAt: endedAt, withoutStatus: 2, status: "COLLECTED" });

    const chosen = new Date("2013-05-02T17:00:00Z");
    await applyImportInTransaction(
      project.id,
      { importId: preview.importId, files: [list], newPledgeDefaults: { pledgedAt: chosen, status: "FAILED" } },
      null,
    );
    const pledges = await prisma.pledge.findMany({ where: { projectId: project.id }, select: { pledgedAt: true, status: true } });
    expect(pledges).toEqual([
      { pledgedAt: chosen, status: "FAILED" },
      { pledgedAt: chosen, status: "FAILED" },
    ]);
  });
});

describe("backer import of a workbook of several sheets", () => {
  it("previews the sheet the creator chose and imports that same sheet on confirm", async () => {
    const project = await createProject();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Notes").addRow(["Backers who pledged at the convention"]);
    const backers = workbook.addWorksheet("Backers");
    backers.addRow(["Email", "Name"]);
    backers.addRow(["ada@example.com", "Ada"]);
    backers.addRow(["grace@example.com", "Grace"]);
    const list = { name: "convention.xlsx", bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
    const mapping = { email: "Email", name: "Name" };

    const preview = await previewImportInTransaction(project.id, [list], { mapping, sheets: { "convention.xlsx": "Backers" } }, null);
    expect(preview.sheets).toEqual([{ file: "convention.xlsx", names: ["Notes", "Backers"], read: "Backers" }]);
    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.counts.add).toBe(2);

    // The confirm posts only the files: the sheet comes from the preview it confirms.
    await applyImportInTransaction(project.id, { importId: preview.importId, files: [list] }, null);
    const emails = await prisma.backer.findMany({ where: { projectId: project.id }, select: { email: true }, orderBy: { email: "asc" } });
    expect(emails.map((backer) => backer.email)).toEqual(["ada@example.com", "grace@example.com"]);
  });
});

describe("backer import", () => {
  it("previews, then confirms: creates backers, pledges, pledge levels, items and cart lines", async () => {
    const project = await createProject();
    const preview = await previewImportInTransaction(project.id, [file("current-generation.csv")], {}, null);
    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.counts).toMatchObject({ add: 5, update: 0, newPledgeLevels: 3, newItems: 3 });
    // The preview writes no backer data.
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 0, pledges: 0, levels: 0, items: 0 });

    const result = await applyImportInTransaction(project.id, { importId: preview.importId, files: [file("current-generation.csv")] }, null);
    expect(result).toMatchObject({ importId: preview.importId, added: 5, updated: 0, pledgeLevelsCreated: 3, itemsCreated: 3 });

    const ada = await prisma.backer.findFirstOrThrow({ where: { projectId: project.id, backerNumber: 1 }, include: { pledge: { include: { pledgeLevel: true } } } });
    expect(ada).toMatchObject({
      email: "ada@example.com",
      name: "Ada Lovelace",
      platformUid: "8273645",
      country: "US",
      shippingAddress2: "Apt 4, Floor 2",
      shippingDeliveryNotes: "Leave at the door\r\nring twice",
      pledge: { amount: 6400, shippingAmount: 1000, bonusAmount: 500, status: "COLLECTED", pledgedAt: new Date("2023-05-02T14:05:00Z"), pledgeLevel: { name: "Early Bird", externalId: "9001", price: 4900 } },
    });
    expect(await cartOf("ada@example.com")).toEqual([
      ["Board Game", 1, "PLEDGE_LEVEL"],
      ["Playmat", 1, "ADD_ON"],
    ]);
    const statuses = await prisma.pledge.findMany({ where: { projectId: project.id }, select: { status: true }, orderBy: { backer: { backerNumber: "asc" } } });
    expect(statuses.map((pledge) => pledge.status)).toEqual(["COLLECTED", "COLLECTED", "ERRORED", "DROPPED", "DROPPED"]);
    expect(await prisma.pledgeLevel.findFirst({ where: { projectId: project.id, externalId: "9000" } })).toMatchObject({ name: "No reward", kind: "NO_REWARD", collectsShippingAddress: false });
    expect(await prisma.item.findMany({ where: { projectId: project.id }, select: { name: true, isAddOn: true, externalId: true }, orderBy: { name: "asc" } })).toEqual([
      { name: "Board Game", isAddOn: false, externalId: null },
      { name: "Playmat", isAddOn: true, externalId: "4567" },
      { name: "Sleeves", isAddOn: true, externalId: "4568" },
    ]);
    const record = await prisma.import.findUniqueOrThrow({ where: { id: preview.importId } });
    expect(record).toMatchObject({ status: "APPLIED", kind: "BACKERS", fileHash: preview.fileHash, rowCount: 5 });
    expect(record.appliedAt).not.toBeNull();
    expect(await prisma.auditEvent.findFirst({ where: { projectId: project.id } })).toMatchObject({ action: "backers.import", targetCount: 5 });

    await expect(applyImportInTransaction(project.id, { importId: preview.importId, files: [file("current-generation.csv")] }, null)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This import was already applied.",
    });
  });

  it("re-importing an updated export updates backers in place and never duplicates them", async () => {
    const project = await createProject();
    await applyImportInTransaction(project.id, { files: [file("current-generation.csv")] }, null);
    const before = await prisma.pledge.findFirstOrThrow({ where: { backer: { projectId: project.id, backerNumber: 1 } } });

    const updated = fixtureText("current-generation.csv")
      // Ada's pledge is refunded and she drops the playmat.
      .replace('"2023/05/02, 14:05",Unfulfilled,collected,,1,1,0', '"2023/05/02, 14:05",Unfulfilled,refunded,,1,0,0')
      // Grace changed her email on Kickstarter (matched by her UID).
      .replace("grace@example.com", "grace.hopper@example.com")
      .trimEnd()
      .concat('\r\n6,6000006,Mary Jackson,mary@example.com,US,$10.00 USD,Early Bird,$49.00 USD,9001,$0.00 USD,$59.00 USD,"2023/05/06, 10:00",Unfulfilled,collected,,1,0,0,,Mary Jackson,5 Elm St,,Hampton,VA,23669,United States,US,,\r\n');

    const preview = await previewImportInTransaction(project.id, [file("updated.csv", updated)]);
    expect(preview.plan.counts).toMatchObject({ add: 1, update: 2, unchanged: 3, newPledgeLevels: 0, newItems: 0 });
    expect(preview.plan.backers.filter((backer) => backer.action === "update").map((backer) => [backer.row, backer.changes])).toEqual([
      [2, ["status", "items"]],
      [3, ["email"]],
    ]);
    await applyImportInTransaction(project.id, { importId: preview.importId, files: [file("updated.csv", updated)] }, null);

    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 6, pledges: 6, levels: 3, items: 3, applied: 2 });
    const after = await prisma.pledge.findFirstOrThrow({ where: { backer: { projectId: project.id, backerNumber: 1 } } });
    expect(after.id).toBe(before.id);
    expect(after.status).toBe("REFUNDED");
    expect(after.statusChangedAt.getTime()).toBeGreaterThan(before.statusChangedAt.getTime());
    expect(await cartOf("ada@example.com")).toEqual([["Board Game", 1, "PLEDGE_LEVEL"]]);
    expect(await prisma.backer.findFirst({ where: { projectId: project.id, platformUid: "1928374" } })).toMatchObject({ email: "grace.hopper@example.com", backerNumber: 2 });

    // The same file a third time changes nothing.
    const again = await applyImportInTransaction(project.id, { files: [file("updated.csv", updated)] }, null);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 6, pledges: 6, cartLines: 8 });
  });

  it("imports the ZIP of one CSV per reward", async () => {
    const project = await createProject();
    const result = await applyImportInTransaction(project.id, { files: [file("backer-report.zip")] }, null);
    expect(result).toMatchObject({ added: 3, pledgeLevelsCreated: 2 });
    const hedy = await prisma.backer.findFirstOrThrow({ where: { projectId: project.id, email: "hedy@example.com" }, include: { pledge: { include: { pledgeLevel: true } } } });
    expect(hedy.pledge?.pledgeLevel?.name).toBe("Collector's Edition");
  });

  it("warns about an email that mixes Latin and Cyrillic letters, and still imports the backer", async () => {
    const project = await createProject();
    // "а" is Cyrillic (U+0430); written uppercase ("А", U+0410) to check the stored address is lower-cased like any other.
    const text =
      "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes\n" +
      '1,9001,Jane Doe,J\u0410ne@Example.com,US,$0.00 USD,$10.00 USD,1,$10.00 USD,"2023/05/02, 14:05",,collected,\n';
    const preview = await previewImportInTransaction(project.id, [file("mixed.csv", text)], {}, null);
    expect(preview.plan.ok).toBe(true);
    expect(preview.plan.counts).toMatchObject({ add: 1, errors: 0, warnings: 1 });
    expect(preview.plan.problems).toEqual([
      expect.objectContaining({
        file: "mixed.csv",
        row: 2,
        column: "Email",
        value: "J\u0410ne@Example.com",
        severity: "warning",
        message: '"J\u0410ne@Example.com" mixes Latin and Cyrillic letters: the 2nd character "\u0410" is Cyrillic (U+0410), although it looks like a Latin "A".',
      }),
    ]);

    const result = await applyImportInTransaction(project.id, { importId: preview.importId, files: [file("mixed.csv", text)] }, null);
    expect(result).toMatchObject({ added: 1 });
    expect(await prisma.backer.findMany({ where: { projectId: project.id }, select: { email: true, name: true } })).toEqual([{ email: "j\u0430ne@example.com", name: "Jane Doe" }]);
  });

  it("rejects a bad file as a whole and writes nothing", async () => {
    const project = await createProject();
    const preview = await previewImportInTransaction(project.id, [file("invalid-emails.csv")]);
    expect(preview.plan.ok).toBe(false);
    expect(await prisma.import.findUniqueOrThrow({ where: { id: preview.importId } })).toMatchObject({ status: "REJECTED" });
    await expect(applyImportInTransaction(project.id, { importId: preview.importId, files: [file("invalid-emails.csv")] }, null)).rejects.toMatchObject({ code: "CONFLICT" });

    const error = await applyImportInTransaction(project.id, { files: [file("invalid-emails.csv")] }, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "INVALID_INPUT" });
    expect((error as DomainError).message).toContain('invalid-emails.csv, row 2, column "Email": "ada at example.com" is not a valid email address.');
    expect(await countBackerImportRows(project.id)).toEqual({ backers: 0, pledges: 0, levels: 0, items: 0, cartLines: 0, applied: 0, audits: 0 });
  });

  it("refuses to confirm with different files than were previewed", async () => {
    const project = await createProject();
    const preview = await previewImportInTransaction(project.id, [file("current-generation.csv")]);
    await expect(applyImportInTransaction(project.id, { importId: preview.importId, files: [file("generation-2016.csv")] }, null)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "These are not the files that were previewed; upload them again to see a new preview.",
    });
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 0, levels: 0 });
  });

  it("refuses to confirm a preview the project's backers have since outgrown", async () => {
    const project = await createProject();
    const preview = await previewImportInTransaction(project.id, [file("current-generation.csv")]);
    await prisma.backer.create({ data: { projectId: project.id, email: "katherine@example.com", name: "Added meanwhile" } });
    await expect(applyImportInTransaction(project.id, { importId: preview.importId, files: [file("current-generation.csv")] }, null)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await countBackerImportRows(project.id)).toMatchObject({ backers: 1, pledges: 0, levels: 0, items: 0, applied: 0 });
  });

  it("leaves nothing behind when a late chunk fails part-way through the apply", async () => {
    const project = await createProject();
    const csv = generateKickstarterCsv({ rows: 2500 });
    const source = readBackerImportFiles([file("big.csv", csv)], { currency: "USD" });
    const plan = planBackerImport(source, await loadBackerImportContext(prisma, project.id));
    expect(plan.ok).toBe(true);
    // Someone adds a backer with the email of row 2,400 after the plan was made: the fifth chunk
    // of 500 hits the unique constraint after four chunks were written.
    await prisma.backer.create({ data: { projectId: project.id, email: "backer2399@example.com", name: "Conflicting" } });

    const chunksWritten: number[] = [];
    const failure = await prisma
      .$transaction((tx) =>
        applyBackerImportPlan(tx, { projectId: project.id, plan, actorId: null, fileName: "big.csv", fileHash: "hash", chunkSize: 500, onProgress: ({ done }) => chunksWritten.push(done) }),
      { timeout: 60_000 })
      .catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Error);
    expect(chunksWritten).toEqual([500, 1000, 1500, 2000]);
    expect(await countBackerImportRows(project.id)).toEqual({ backers: 1, pledges: 0, levels: 0, items: 0, cartLines: 0, applied: 0, audits: 0 });
  });
});
