import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { describeMixedScriptEmail } from "@/lib/backers/import/describe-mixed-script-email";
import { planBackerImport } from "@/lib/backers/import/plan-backer-import";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";

const CYRILLIC_A = "\u0430";
const GREEK_ALPHA = "\u03b1";

describe("describeMixedScriptEmail", () => {
  it.each([
    ["Latin only", "jane.doe+kickstarter@example.com"],
    ["Latin with accents", "žofia.müller@example.sk"],
    ["Cyrillic only", "иван@пример.рф"],
    ["a Cyrillic name at a Latin domain (each part is one script)", "иван@example.com"],
    ["Chinese", "张伟@例子.中国"],
    ["Japanese (Han, Hiragana and Katakana together)", "田中さんカナ@例え.jp"],
    ["Greek only", "αλέξης@παράδειγμα.ελ"],
  ])("accepts %s", (_, email) => {
    expect(describeMixedScriptEmail(email)).toBeNull();
  });

  it("names the Cyrillic letter among Latin ones, its position and code point", () => {
    expect(describeMixedScriptEmail(`j${CYRILLIC_A}ne@example.com`)).toBe(
      `"j${CYRILLIC_A}ne@example.com" mixes Latin and Cyrillic letters: the 2nd character "${CYRILLIC_A}" is Cyrillic (U+0430), although it looks like a Latin "a".`,
    );
  });

  it("finds a mix inside one label of the domain", () => {
    expect(describeMixedScriptEmail(`jane@ex${CYRILLIC_A}mple.com`)).toBe(
      `"jane@ex${CYRILLIC_A}mple.com" mixes Latin and Cyrillic letters: the 8th character "${CYRILLIC_A}" is Cyrillic (U+0430), although it looks like a Latin "a".`,
    );
  });

  it("names a Greek letter among Latin ones", () => {
    expect(describeMixedScriptEmail(`j${GREEK_ALPHA}ne@example.com`)).toBe(
      `"j${GREEK_ALPHA}ne@example.com" mixes Latin and Greek letters: the 2nd character "${GREEK_ALPHA}" is Greek (U+03B1), although it looks like a Latin "a".`,
    );
  });

  it("names a Latin letter slipped into a Cyrillic name", () => {
    expect(describeMixedScriptEmail("ивaн@пример.рф")).toBe(
      `"ивaн@пример.рф" mixes Cyrillic and Latin letters: the 3rd character "a" is Latin (U+0061), although it looks like a Cyrillic "${CYRILLIC_A}".`,
    );
  });

  it("ignores digits and punctuation, counting positions over the whole address", () => {
    expect(describeMixedScriptEmail("4-2_1.9+0@пример.рф")).toBeNull();
    expect(describeMixedScriptEmail(`j4n3.${CYRILLIC_A}-1@x.com`)).toBe(
      `"j4n3.${CYRILLIC_A}-1@x.com" mixes Latin and Cyrillic letters: the 6th character "${CYRILLIC_A}" is Cyrillic (U+0430), although it looks like a Latin "a".`,
    );
  });

  it("says how many more letters stand out and omits the lookalike when there is none", () => {
    expect(describeMixedScriptEmail(`p${CYRILLIC_A}yp${CYRILLIC_A}l@ex${CYRILLIC_A}mple.com`)).toMatch(
      /the 2nd character .* 2 more letters stand out the same way\.$/,
    );
    expect(describeMixedScriptEmail("ivaн@example.com")).toBe(
      '"ivaн@example.com" mixes Latin and Cyrillic letters: the 4th character "н" is Cyrillic (U+043D).',
    );
  });
});

const KICKSTARTER_HEADER =
  "Backer Number,Backer UID,Backer Name,Email,Shipping Country,Shipping Amount,Reward Minimum,Reward ID,Pledge Amount,Pledged At,Rewards Sent?,Pledged Status,Notes";
const kickstarterRow = (number: number, email: string) =>
  `${number},${9000 + number},Backer ${number},${email},US,$0.00 USD,$10.00 USD,1,$10.00 USD,"2023/05/02, 14:05",,collected,`;
const read = (rows: string[]) =>
  readBackerImportFiles([{ name: "backers.csv", bytes: strToU8([KICKSTARTER_HEADER, ...rows].join("\n") + "\n") }], {
    currency: "USD",
  });
const now = new Date("2024-01-01T00:00:00Z");

describe("backer import with a mixed-script email", () => {
  it("warns with file, row, column, value and fix, and still imports the row", () => {
    const email = `j${CYRILLIC_A}ne@example.com`;
    const source = read([kickstarterRow(1, "ada@example.com"), kickstarterRow(2, email)]);
    expect(source.problems).toEqual([
      {
        file: "backers.csv",
        row: 3,
        column: "Email",
        value: email,
        message: `"${email}" mixes Latin and Cyrillic letters: the 2nd character "${CYRILLIC_A}" is Cyrillic (U+0430), although it looks like a Latin "a".`,
        fix: "Emails to a mistyped address never arrive. Check the address with the backer and correct it; if it is exactly right, ignore this warning.",
        severity: "warning",
      },
    ]);
    expect(source.rows[1]).toMatchObject({ row: 3, email, invalid: false });

    const plan = planBackerImport(source, { currency: "USD", backers: [], pledgeLevels: [], items: [], now });
    expect(plan.ok).toBe(true);
    expect(plan.counts).toMatchObject({ rows: 2, add: 2, invalid: 0, errors: 0, warnings: 1 });
    expect(plan.backers.map((backer) => [backer.action, backer.row, backer.values.email])).toEqual([
      ["add", 2, "ada@example.com"],
      ["add", 3, email],
    ]);
  });

  it("groups repeats of the warning like other repeated problems", () => {
    const rows = Array.from({ length: 53 }, (_, index) =>
      kickstarterRow(index + 1, `backer${index}${CYRILLIC_A}@example.com`),
    );
    const source = read(rows);
    expect(source.problems).toHaveLength(51);
    expect(
      source.problems
        .slice(0, 50)
        .every((problem) => problem.severity === "warning" && problem.message.includes("mixes Latin and Cyrillic")),
    ).toBe(true);
    expect(source.problems[50]).toMatchObject({
      file: "backers.csv",
      column: "Email",
      severity: "warning",
      message:
        "3 more rows have the same problem (the email address mixes letters of different scripts); only the first 50 are listed.",
    });
    expect(source.rows.filter((row) => !row.invalid)).toHaveLength(53);
  });
});
