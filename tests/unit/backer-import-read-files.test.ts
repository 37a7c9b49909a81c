import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readBackerImportFiles, rewardNameFromFileName, type UploadedFile } from "@/lib/backers/import/read-backer-import-files";
import { recognizeKickstarterHeaders } from "@/lib/backers/import/recognize-kickstarter-headers";
import { suggestColumnMapping } from "@/lib/backers/import/suggest-column-mapping";

const fixture = (name: string): UploadedFile => ({ name, bytes: new Uint8Array(readFileSync(`tests/fixtures/kickstarter/${name}`)) });
const read = (files: UploadedFile[], options: Partial<Parameters<typeof readBackerImportFiles>[1]> = {}) =>
  readBackerImportFiles(files, { currency: "USD", ...options });
const errors = (source: ReturnType<typeof read>) => source.problems.filter((problem) => problem.severity === "error");

// Kickstarter's three header generations, exactly as the exports write them.
const CURRENT =
  "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Title,Backing Minimum,Reward ID,Bonus Support,Pledge Amount,Pledged At,Fulfillment Status,Pledged Status,Notes,Board Game,[Addon: 4567] Playmat,[Addon: 4568] Sleeves,Survey Response,Shipping Name,Shipping Address 1,Shipping Address 2,Shipping City,Shipping State,Shipping Postal Code,Shipping Country Name,Shipping Country Code,Shipping Phone Number,Shipping Delivery Notes";
const GEN_2016 =
  "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes";
const GEN_2013 =
  "Backer Id,Backer Name,Email,Shipping,Pledge Amount,Rewards Sent?,Pledged At,Pledged Status,Notes,Survey Response,Shipping Name,Shipping Address 1,Shipping Address 2,Shipping City,Shipping State,Shipping Postal Code,Shipping Country";

describe("recognizeKickstarterHeaders", () => {
  it.each([
    [CURRENT, "kickstarter-current"],
    [GEN_2016, "kickstarter-2016"],
    [GEN_2013, "kickstarter-2013"],
  ])("recognises a header generation", (header, format) => {
    const result = recognizeKickstarterHeaders(header.split(","));
    expect(result.ok && result.format).toBe(format);
    expect(result.ok && result.mapping.email).toBe("Email");
  });

  it("reads the current layout's item and add-on columns", () => {
    const result = recognizeKickstarterHeaders(CURRENT.split(","));
    expect(result.ok && result.mapping.itemColumns).toEqual(["Board Game", "[Addon: 4567] Playmat", "[Addon: 4568] Sleeves"]);
    expect(result.ok && result.mapping.country).toBe("Shipping Country Code");
  });
});

describe("readBackerImportFiles", () => {
  it("reads the current generation (BOM, CRLF, quoted address, line break in a cell, items and add-ons)", () => {
    const source = read([fixture("current-generation.csv")]);
    expect(source.problems).toEqual([]);
    expect(source.files).toEqual([expect.objectContaining({ name: "current-generation.csv", format: "kickstarter-current", rowCount: 5 })]);
    const [ada, grace, alan, emilie, katherine] = source.rows;
    expect(ada).toMatchObject({
      row: 2,
      email: "ada@example.com",
      name: "Ada Lovelace",
      backerNumber: 1,
      platformUid: "8273645",
      country: "US",
      amount: 6400,
      shippingAmount: 1000,
      bonusAmount: 500,
      status: "COLLECTED",
      rewardsSent: false,
      shippingAddress2: "Apt 4, Floor 2",
      shippingDeliveryNotes: "Leave at the door\r\nring twice",
      levelKey: "id:9001",
      items: [["name:board game", 1], ["addon:4567", 1]],
    });
    expect(ada.pledgedAt?.toISOString()).toBe("2023-05-02T14:05:00.000Z");
    expect(grace).toMatchObject({ amount: 123450, rewardsSent: true, country: "DE", surveyResponse: "Blue", items: [["name:board game", 1], ["addon:4567", 2], ["addon:4568", 1]] });
    expect(alan).toMatchObject({ status: "ERRORED", levelKey: "id:9000", country: null, items: [] });
    expect(alan.pledgedAt?.toISOString()).toBe("2023-05-03T09:00:00.000Z");
    expect(emilie).toMatchObject({ name: "Émilie du Châtelet", status: "DROPPED" });
    expect(katherine).toMatchObject({ status: "DROPPED", notes: 'Said "thanks"' });
    expect([...source.pledgeLevels.values()]).toEqual([
      { key: "id:9001", name: "Early Bird", externalId: "9001", price: 4900, noReward: false },
      { key: "id:9002", name: "Deluxe", externalId: "9002", price: 9900, noReward: false },
      { key: "id:9000", name: "No reward", externalId: "9000", price: 100, noReward: true },
    ]);
    expect([...source.items.values()].map((item) => [item.name, item.isAddOn, item.externalId])).toEqual([
      ["Board Game", false, null],
      ["Playmat", true, "4567"],
      ["Sleeves", true, "4568"],
    ]);
  });

  it("reads the 2014–2018 generation", () => {
    const source = read([fixture("generation-2016.csv")]);
    expect(source.problems).toEqual([]);
    expect(source.rows.map((row) => [row.backerNumber, row.platformUid, row.amount, row.status, row.rewardsSent, row.levelKey])).toEqual([
      [101, "55501", 3300, "COLLECTED", true, "id:7001"],
      [102, "55502", 4000, "REFUNDED", false, "id:7001"],
      [103, "55503", 6000, "FAILED", false, "id:7002"],
    ]);
    expect(source.pledgeLevels.get("id:7001")).toMatchObject({ name: "Reward 7001", price: 2500 });
    expect(source.files[0].fields).not.toContain("shippingAddress1");
  });

  it("reads the pre-2014 generation (Backer Id, Shipping, country names)", () => {
    const source = read([fixture("generation-2013.csv")]);
    expect(source.problems).toEqual([]);
    expect(source.rows.map((row) => [row.platformUid, row.backerNumber, row.shippingAmount, row.amount, row.country, row.surveyResponse])).toEqual([
      ["900001", null, 500, 3000, "US", "Size L"],
      ["900002", null, 0, 1500, "FR", null],
    ]);
    expect(source.rows[0].pledgedAt?.toISOString()).toBe("2013-10-11T13:42:00.000Z");
  });

  it("reads Excel's semicolon-separated export with decimal commas", () => {
    const source = read([fixture("excel-semicolon.csv")]);
    expect(source.problems).toEqual([]);
    expect(source.rows.map((row) => [row.email, row.amount, row.shippingAmount, row.shippingAddress2])).toEqual([
      ["ada@example.com", 6400, 1000, "Apt 4; Floor 2"],
      ["grace@example.com", 123450, 1500, null],
    ]);
  });

  it("reads Excel's UTF-16 'Unicode text' export (tab-separated)", () => {
    const source = read([fixture("excel-unicode-text.txt")]);
    expect(source.problems).toEqual([]);
    expect(source.rows.map((row) => [row.name, row.amount])).toEqual([
      ["Ada Lovelace", 6400],
      ["Émilie du Châtelet", 6100],
    ]);
  });

  it("reads the ZIP of one CSV per reward, naming each reward after its file", () => {
    const source = read([fixture("backer-report.zip")]);
    expect(source.problems).toEqual([]);
    expect(source.rows).toHaveLength(3);
    expect([...source.pledgeLevels.values()].map((level) => [level.name, level.externalId]).sort()).toEqual([
      ["Collector's Edition", "7003"],
      ["Early Bird", "7001"],
    ]);
    expect(rewardNameFromFileName("backer_report_Deluxe_Box.csv")).toBe("Deluxe Box");
  });

  it("refuses a file with no recognisable headers, listing those found and those missing, and suggests a mapping", () => {
    const source = read([fixture("unknown-headers.csv")]);
    expect(errors(source)).toEqual([
      expect.objectContaining({
        file: "unknown-headers.csv",
        message:
          "The columns of unknown-headers.csv are not those of a Kickstarter backer report. Columns found: Name, E-mail, Amount Paid, Tier. A Kickstarter report needs at least: Backer Id, Email, Pledge Amount, Pledged At, Pledged Status.",
        fix: expect.stringContaining("column-mapping step"),
      }),
    ]);
    expect(source.needsMapping).toEqual([
      { file: "unknown-headers.csv", headers: ["Name", "E-mail", "Amount Paid", "Tier"], suggested: { email: "E-mail", name: "Name", pledgeAmount: "Amount Paid", rewardTitle: "Tier" } },
    ]);
  });

  it("names the missing columns of a damaged Kickstarter export", () => {
    const source = read([fixture("damaged-kickstarter.csv")]);
    expect(errors(source)[0].message).toBe(
      "damaged-kickstarter.csv looks like a Kickstarter backer report (current) but is missing the columns Email, Reward Title. Columns found: Backer Number, Backer UID, Backer Name, Pledge Amount, Pledged At, Pledged Status.",
    );
  });

  it("reads another platform's file through an explicit column mapping", () => {
    const file = { name: "backerkit.csv", bytes: strToU8("Full name,E-mail,Paid,Tier,Date,Status,Playmat\nAda,ADA@example.com,€49.00,Early Bird,2023-05-02,paid,2\n") };
    const source = read([file], {
      currency: "EUR",
      mapping: { name: "Full name", email: "E-mail", pledgeAmount: "Paid", rewardTitle: "Tier", pledgedAt: "Date", pledgeStatus: "Status", itemColumns: ["Playmat"] },
    });
    expect(source.problems).toEqual([]);
    expect(source.files[0].format).toBe("mapped");
    expect(source.rows[0]).toMatchObject({ name: "Ada", email: "ada@example.com", amount: 4900, status: "COLLECTED", levelKey: "name:early bird", items: [["name:playmat", 2]] });
  });

  it("says which mapped columns a file lacks, and that an email column is required", () => {
    const file = { name: "sheet.csv", bytes: strToU8("Name,Mail\nAda,ada@example.com\n") };
    expect(errors(read([file], { mapping: { email: "Email address" } }))[0].message).toBe(
      "The column mapping names columns that sheet.csv does not have: Email address. Its columns are: Name, Mail.",
    );
    expect(errors(read([file], { mapping: { name: "Name" } }))[0].message).toBe("No column was chosen for the email address.");
  });

  it("suggests mappings for common headers", () => {
    expect(suggestColumnMapping(["Backer ID", "Email Address", "Pledge Total", "Reward", "Shipping Country", "ZIP", "[Addon: 9] Pins"])).toEqual({
      email: "Email Address",
      platformUid: "Backer ID",
      pledgeAmount: "Pledge Total",
      rewardTitle: "Reward",
      country: "Shipping Country",
      shippingPostalCode: "ZIP",
      itemColumns: ["[Addon: 9] Pins"],
    });
  });

  it("reports invalid and empty emails with row, column, value and fix", () => {
    const source = read([fixture("invalid-emails.csv")]);
    expect(errors(source)).toEqual([
      {
        file: "invalid-emails.csv",
        row: 2,
        column: "Email",
        value: "ada at example.com",
        message: '"ada at example.com" is not a valid email address.',
        fix: "Correct the address (one address per cell, like name@example.com).",
        severity: "error",
      },
      expect.objectContaining({ row: 3, column: "Email", message: "The email address is empty." }),
    ]);
    expect(source.rows.every((row) => row.invalid)).toBe(true);
  });

  it("reports unparseable money, ambiguous dates and unknown statuses", () => {
    const source = read([fixture("bad-money-and-dates.csv")]);
    expect(errors(source).map((problem) => [problem.row, problem.column, problem.value, problem.message])).toEqual([
      [2, "Pledge Amount", "sixty-four", '"sixty-four" is not an amount of money (not a number).'],
      [3, "Pledged At", "05/02/2023 15:30", '"05/02/2023 15:30" is not a date and time this importer can read (day and month order is ambiguous).'],
      [4, "Pledged Status", "pending", '"pending" is not a payment status this importer knows.'],
    ]);
    expect(errors(source)[2].fix).toBe("Use one of: collected, errored, failed, dropped, canceled, refunded.");
  });

  it("refuses amounts in another currency than the project's", () => {
    const source = read([fixture("current-generation.csv")], { currency: "EUR" });
    expect(errors(source)[0]).toMatchObject({ column: "Pledge Amount", message: "The amount is in USD, but the project's currency is EUR." });
  });

  it("refuses empty files, header-only files, oversized files, workbooks and binary files", () => {
    const messages = (file: UploadedFile, options = {}) => errors(read([file], options)).map((problem) => problem.message);
    expect(messages(fixture("empty.csv"))).toEqual(["empty.csv is empty (0 bytes)."]);
    expect(messages(fixture("header-only.csv"))).toEqual(["header-only.csv has a header row but no backers."]);
    expect(messages(fixture("current-generation.csv"), { maxFileBytes: 1000 })).toEqual(["current-generation.csv is 1.5 KB; the limit is 1000 bytes."]);
    expect(messages(fixture("not-csv.xlsx"))).toEqual(["not-csv.xlsx is not a readable Excel workbook: it is damaged (its table of contents is missing; the file may be cut off)."]);
    expect(messages(fixture("binary.csv"))).toEqual(["binary.csv is not a text file (it contains binary data)."]);
    expect(messages({ name: "x.csv", bytes: new Uint8Array(0) }, {})).toEqual(["x.csv is empty (0 bytes)."]);
  });

  it("refuses a ZIP bomb", () => {
    const bomb = { name: "export.zip", bytes: zipSync({ "a.csv": new Uint8Array(30_000_000) }, { level: 9 }) };
    expect(errors(read([bomb], { maxZipBytes: 10 * 1024 * 1024 }))[0].message).toBe("export.zip unpacks to 28.6 MB; the limit is 10.0 MB.");
  });

  it("lists a repeated mistake once per row up to a limit, then counts the rest", () => {
    const lines = [GEN_2016, ...Array.from({ length: 120 }, (_, i) => `${i + 1},${i + 1},N,not-an-email,US,$0.00 USD,$1.00 USD,1,$1.00 USD,"2016/03/01, 10:00",,collected,`)];
    const source = read([{ name: "many.csv", bytes: strToU8(lines.join("\n")) }]);
    expect(errors(source)).toHaveLength(51);
    expect(errors(source)[50].message).toBe("70 more rows have the same problem (not a valid email address); only the first 50 are listed.");
  });
});

describe("readBackerImportFiles with oversized input", () => {
  const text = (name: string, csv: string): UploadedFile => ({ name, bytes: new TextEncoder().encode(csv) });

  it("lists a few of 50,000 unknown columns instead of all of them", () => {
    const headers = Array.from({ length: 50_000 }, (_, index) => `Column ${index + 1}`);
    const source = read([text("wide.csv", `${headers.join(",")}\n${headers.map(() => "x").join(",")}\n`)]);
    const [problem] = errors(source);
    expect(problem.message).toContain("Columns found: Column 1, Column 2");
    expect(problem.message).toContain("and 49,988 more");
    expect(problem.message.length).toBeLessThan(4_000);
  });

  it("refuses a 10 MB cell with its file, row and column", () => {
    const notes = "n".repeat(10 * 1024 * 1024);
    const row = `101,55501,Mary Somerville,mary@example.com,GB,$8.00 USD,$25.00 USD,7001,$33.00 USD,"2016/03/01, 10:00",Yes,collected,${notes}`;
    const source = read([text("big-cell.csv", `${GEN_2016}\n${row}\n`)]);
    expect(errors(source)).toEqual([
      expect.objectContaining({ file: "big-cell.csv", row: 2, column: "Notes", message: "The cell is 10,485,760 characters long; at most 10,000 are accepted." }),
    ]);
    expect(source.rows[0].invalid).toBe(true);
  });

  it("refuses a backer name too long for the name index", () => {
    const row = `101,55501,${"M".repeat(501)},mary@example.com,GB,$8.00 USD,$25.00 USD,7001,$33.00 USD,"2016/03/01, 10:00",Yes,collected,`;
    const source = read([text("long-name.csv", `${GEN_2016}\n${row}\n`)]);
    expect(errors(source)).toEqual([expect.objectContaining({ row: 2, column: "Backer Name", message: "The cell is 501 characters long; at most 500 are accepted." })]);
  });
});
