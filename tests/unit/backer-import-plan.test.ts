import { summarizeBackerImportPreview } from "@/lib/backers/import/summarize-backer-import-preview";
import { readFileSync } from "node:fs";
import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { planBackerImport, type BackerImportContext, type ExistingBacker } from "@/lib/backers/import/plan-backer-import";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";

const now = new Date("2024-01-01T00:00:00Z");
const emptyProject: BackerImportContext = { currency: "USD", backers: [], pledgeLevels: [], items: [], now };
const fixture = (name: string) => readBackerImportFiles([{ name, bytes: new Uint8Array(readFileSync(`tests/fixtures/kickstarter/${name}`)) }], { currency: "USD" });

function existing(overrides: Partial<ExistingBacker>): ExistingBacker {
  return {
    id: "b-1",
    email: "ada@example.com",
    name: "Ada Lovelace",
    backerNumber: 1,
    platformUid: "8273645",
    country: "US",
    shippingCountryName: "United States",
    shippingName: "Ada Lovelace",
    shippingAddress1: "1 Main St",
    shippingAddress2: "Apt 4, Floor 2",
    shippingCity: "Springfield",
    shippingState: "IL",
    shippingPostalCode: "62701",
    shippingPhone: "+1 555 0100",
    shippingDeliveryNotes: "Leave at the door\r\nring twice",
    notes: null,
    surveyResponse: null,
    pledge: { pledgeLevelId: "level-early", amount: 6400, shippingAmount: 1000, bonusAmount: 500, pledgedAt: new Date("2023-05-02T14:05:00Z"), status: "COLLECTED", rewardsSent: false },
    cart: new Map([
      ["item-game", 1],
      ["item-playmat", 1],
    ]),
    ...overrides,
  };
}

const projectWithAda: BackerImportContext = {
  currency: "USD",
  backers: [existing({})],
  pledgeLevels: [{ id: "level-early", name: "Early Bird", externalId: "9001" }],
  items: [
    { id: "item-game", name: "Board Game", externalId: null },
    { id: "item-playmat", name: "Playmat", externalId: "4567" },
  ],
  now,
};

describe("planBackerImport", () => {
  it("plans a first import: every row added, pledge levels and items created", () => {
    const plan = planBackerImport(fixture("current-generation.csv"), emptyProject);
    expect(plan.ok).toBe(true);
    expect(plan.counts).toMatchObject({ rows: 5, add: 5, update: 0, unchanged: 0, invalid: 0, newPledgeLevels: 3, newItems: 3, errors: 0 });
    expect(plan.newPledgeLevels.map((level) => [level.name, level.price, level.noReward])).toEqual([
      ["Early Bird", 4900, false],
      ["Deluxe", 9900, false],
      ["No reward", 100, true],
    ]);
    expect(plan.backers[0]).toMatchObject({ action: "add", row: 2, values: { email: "ada@example.com", pledgeLevel: "new:id:9001", amount: 6400 }, cart: [["new:name:board game", 1], ["new:addon:4567", 1]] });
  });

  it("matches re-imported rows to existing backers and reports which fields change", () => {
    const plan = planBackerImport(fixture("current-generation.csv"), projectWithAda);
    expect(plan.counts).toMatchObject({ add: 4, update: 0, unchanged: 1, newPledgeLevels: 2, newItems: 1 });
    expect(plan.backers[0]).toMatchObject({ action: "unchanged", backerId: "b-1", matchedBy: "uid", changes: [] });

    const changed: BackerImportContext = {
      ...projectWithAda,
      backers: [existing({ email: "old@example.com", pledge: { ...existing({}).pledge!, status: "ERRORED", amount: 4900 }, cart: new Map([["item-game", 1]]) })],
    };
    const update = planBackerImport(fixture("current-generation.csv"), changed).backers[0];
    expect(update).toMatchObject({ action: "update", backerId: "b-1", changes: ["email", "amount", "status", "items"], cart: [["id:item-game", 1], ["id:item-playmat", 1]] });
  });

  it("falls back to backer number, then email, to match", () => {
    const byNumber = planBackerImport(fixture("current-generation.csv"), { ...projectWithAda, backers: [existing({ platformUid: null })] });
    expect(byNumber.backers[0]).toMatchObject({ matchedBy: "number", changes: ["platformUid"] });
    const byEmail = planBackerImport(fixture("current-generation.csv"), { ...projectWithAda, backers: [existing({ platformUid: null, backerNumber: null })] });
    expect(byEmail.backers[0]).toMatchObject({ matchedBy: "email", changes: ["backerNumber", "platformUid"] });
  });

  it("leaves fields the file does not have alone (an older layout never blanks addresses)", () => {
    const source = readBackerImportFiles(
      [{ name: "old.csv", bytes: strToU8("Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes\n1,8273645,Ada Lovelace,ada@example.com,US,$10.00 USD,$49.00 USD,9001,$64.00 USD,\"2023/05/02, 14:05\",,refunded,\n") }],
      { currency: "USD" },
    );
    const plan = planBackerImport(source, projectWithAda);
    expect(plan.backers[0]).toMatchObject({ action: "update", changes: ["status"], cart: null, values: { shippingAddress1: "1 Main St", bonusAmount: 500, status: "REFUNDED", pledgeLevel: "id:level-early" } });
  });

  it("rejects duplicate backer numbers, UIDs and emails within the file", () => {
    const plan = planBackerImport(fixture("duplicate-backer-numbers.csv"), emptyProject);
    expect(plan.ok).toBe(false);
    expect(plan.problems).toEqual([
      {
        file: "duplicate-backer-numbers.csv",
        row: 3,
        column: "Backer Number",
        value: "1",
        message: "Backer number 1 appears twice: in row 2 and in row 3.",
        fix: "Each backer must appear once; delete the duplicate row or correct the value.",
        severity: "error",
      },
    ]);
    expect(plan.counts).toMatchObject({ add: 1, invalid: 1, errors: 1 });
  });

  it("rejects a row whose email or number belongs to a different existing backer", () => {
    const other = existing({ id: "b-2", email: "grace@example.com", backerNumber: 77, platformUid: "999", name: "Someone Else" });
    const plan = planBackerImport(fixture("current-generation.csv"), { ...projectWithAda, backers: [existing({}), other] });
    expect(plan.ok).toBe(false);
    expect(plan.problems[0]).toMatchObject({
      row: 3,
      column: "Email",
      message: "Email grace@example.com already belongs to backer #77 (Someone Else), a different backer in this project.",
    });
  });

  it("carries the reader's problems and rejects the whole file on any error", () => {
    const plan = planBackerImport(fixture("invalid-emails.csv"), emptyProject);
    expect(plan.ok).toBe(false);
    expect(plan.counts).toMatchObject({ rows: 2, add: 0, invalid: 2, errors: 2 });
  });

  it("says which defaults a mapped file without pledge dates or statuses gets: the import's day without a campaign end, collected", () => {
    const source = readBackerImportFiles([{ name: "list.csv", bytes: strToU8("Email\nada@example.com\n") }], { currency: "USD", mapping: { email: "Email" } });
    const plan = planBackerImport(source, emptyProject);
    expect(plan.ok).toBe(true);
    expect(plan.problems.map((problem) => [problem.severity, problem.message])).toEqual([
      ["warning", "list.csv has no pledge date column, and the campaign has no end date, so new pledges are dated Jan 1, 2024, the day of the import."],
      ["warning", "list.csv has no payment status column, so new pledges are marked collected."],
    ]);
    expect(plan.backers[0].values).toMatchObject({ pledgedAt: now, status: "COLLECTED", amount: 0, pledgeLevel: null });
    // The preview asks about them, with what they would get.
    expect(plan.newPledgeDefaults).toEqual({ withoutDate: 1, pledgedAt: now, withoutStatus: 1, status: "COLLECTED" });
  });

  it("gives new pledges of such a file the date and status the creator chose in the preview, and says so", () => {
    const source = readBackerImportFiles([{ name: "list.csv", bytes: strToU8("Email\nada@example.com\ngrace@example.com\n") }], {
      currency: "USD",
      mapping: { email: "Email" },
    });
    const pledgedAt = new Date("2013-05-20T16:00:00Z");
    const plan = planBackerImport(source, {
      ...emptyProject,
      endedAt: new Date("2013-06-01T04:00:00Z"),
      newPledgeDefaults: { pledgedAt, status: "ERRORED" },
    });
    expect(plan.backers.map((backer) => [backer.values.pledgedAt, backer.values.status])).toEqual([
      [pledgedAt, "ERRORED"],
      [pledgedAt, "ERRORED"],
    ]);
    expect(plan.newPledgeDefaults).toEqual({ withoutDate: 2, pledgedAt, withoutStatus: 2, status: "ERRORED" });
    expect(plan.problems.map((problem) => problem.message)).toEqual([
      "list.csv has no pledge date column, so new pledges are dated May 20, 2013, as chosen in the preview.",
      "list.csv has no payment status column, so new pledges are marked errored, as chosen in the preview.",
    ]);
    const view = summarizeBackerImportPreview({ importId: "i", plan, needsMapping: [] });
    expect(view.newPledgeDefaults).toEqual({ withoutDate: 2, pledgedAt: pledgedAt.toISOString(), withoutStatus: 2, status: "ERRORED" });
  });

  it("asks nothing about a file whose new pledges have dates and statuses", () => {
    const plan = planBackerImport(fixture("current-generation.csv"), emptyProject);
    expect(plan.newPledgeDefaults).toMatchObject({ withoutDate: 0, withoutStatus: 0 });
    expect(summarizeBackerImportPreview({ importId: "i", plan, needsMapping: [] }).newPledgeDefaults).toBeNull();
  });

  it("dates new pledges of a file without pledge dates at the campaign's end", () => {
    const source = readBackerImportFiles([{ name: "list.csv", bytes: strToU8("Email\nada@example.com\n") }], { currency: "USD", mapping: { email: "Email" } });
    const endedAt = new Date("2013-06-01T04:00:00Z");
    const plan = planBackerImport(source, { ...emptyProject, launchedAt: new Date("2013-05-01T04:00:00Z"), endedAt });
    expect(plan.problems[0].message).toBe("list.csv has no pledge date column, so new pledges are dated at the campaign's end (Jun 1, 2013).");
    expect(plan.backers[0].values.pledgedAt).toEqual(endedAt);
  });

  it("warns when pledge dates fall outside the campaign's launch and end, naming the rows", () => {
    const csv = "Email,Pledged At\nada@example.com,2013-05-10 12:00\ngrace@example.com,2024-02-01 09:30\nlinus@example.com,2013-04-02 10:00\n";
    const source = readBackerImportFiles([{ name: "old.csv", bytes: strToU8(csv) }], {
      currency: "USD",
      mapping: { email: "Email", pledgedAt: "Pledged At" },
    });
    const plan = planBackerImport(source, {
      ...emptyProject,
      launchedAt: new Date("2013-05-01T04:00:00Z"),
      endedAt: new Date("2013-06-01T04:00:00Z"),
    });
    expect(plan.ok).toBe(true);
    expect(plan.problems.filter((problem) => /outside the campaign/.test(problem.message))).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "2 pledges in old.csv are dated outside the campaign, which ran between its launch (May 1, 2013) and its end (Jun 1, 2013): rows 3, 4.",
      }),
    ]);
  });
});
