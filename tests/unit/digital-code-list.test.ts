import { strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { linkInstructions } from "@/lib/digital-rewards/link-instructions";
import {
  checkCodeEntries,
  codeListProblems,
  describeCodeCountMismatch,
  parseCodeList,
  splitCodeText,
} from "@/lib/digital-rewards/parse-code-list";
import { readCodeFile } from "@/lib/digital-rewards/read-code-file";
import { isHttpUrl, validateAccessValue } from "@/lib/digital-rewards/validate-access-value";

describe("parseCodeList", () => {
  it("accepts commas, new lines (LF, CRLF, CR) or both, trimming whitespace around each code", () => {
    expect(parseCodeList("A1, B2 ,C3").codes).toEqual(["A1", "B2", "C3"]);
    expect(parseCodeList("A1\nB2\r\nC3\rD4").codes).toEqual(["A1", "B2", "C3", "D4"]);
    expect(parseCodeList("  A1,\tB2\n C3 , D4\n").codes).toEqual(["A1", "B2", "C3", "D4"]);
  });

  it("forgives empty lines, a trailing comma at the end of a line and a byte-order mark", () => {
    const list = parseCodeList("\uFEFFA1,\n\n   \nB2,\nC3");
    expect(list).toEqual({ codes: ["A1", "B2", "C3"], problems: [], entryCount: 3, caseVariantProblems: [] });
  });

  it("reports blank entries between commas with their line and position", () => {
    const list = parseCodeList("A1,,B2\n , C3");
    expect(list.codes).toEqual([]);
    expect(list.problems).toEqual([
      "2 entries are blank (line 1, entry 2; line 2, entry 1). Remove the extra commas or fill in the missing codes.",
    ]);
  });

  it("reports each duplicated code with how often and where, naming the entry on a comma-separated line", () => {
    const list = parseCodeList("A1,B2\nA1\nC3,B2,A1");
    expect(list.problems).toEqual([
      '2 codes appear more than once: "A1" (3 times: line 1, entry 1; line 2; line 3, entry 3); "B2" (2 times: line 1, entry 2; line 3, entry 2). Each backer needs a different code: remove the repeats.',
    ]);
    expect(list.entryCount).toBe(6);
  });

  it("tells a code repeated on one pasted line apart by its entry number", () => {
    expect(parseCodeList("K1,K2,K1").problems[0]).toContain('"K1" (2 times: line 1, entry 1; line 1, entry 3)');
  });

  it("reports codes that differ only in letter case apart from the other problems, with where each is", () => {
    const list = parseCodeList("ABCD-1234, EFGH-5678\nabcd-1234");
    expect(list.problems).toEqual([]);
    expect(list.codes).toEqual(["ABCD-1234", "EFGH-5678", "abcd-1234"]);
    expect(list.caseVariantProblems).toEqual([
      '1 code is given more than once in different letter case: "ABCD-1234" (line 1, entry 1) and "abcd-1234" (line 2). Most key systems treat these as the same code: remove the repeats, or, if this reward\'s codes really are case-sensitive, say so on the reward\'s page.',
    ]);
    expect(codeListProblems(list, false)).toEqual(list.caseVariantProblems);
    expect(codeListProblems(list, true)).toEqual([]);
    expect(parseCodeList("abc,ABD").caseVariantProblems).toEqual([]);
  });

  it("refuses codes with inner spaces (space-separated lists) and says how to separate them", () => {
    expect(parseCodeList("A1 B2 C3").problems[0]).toBe(
      'The code on line 1 "A1 B2 C3" contains a space. Codes and links cannot contain spaces: separate codes with commas or new lines.',
    );
  });

  it("accepts http and https URLs as codes and refuses other link schemes", () => {
    expect(parseCodeList("https://example.com/r/1\nhttp://example.com/r/2").codes).toHaveLength(2);
    const list = parseCodeList("javascript:alert(1)\nftp://example.com/x\ndata:text/html,hi");
    expect(list.problems).toHaveLength(3);
    expect(list.problems[0]).toMatch(
      /line 1 "javascript:alert\(1\)" is a javascript: link\. Only http and https links can be sent/,
    );
    expect(list.problems[1]).toMatch(/ftp: link/);
    expect(list.problems[2]).toMatch(/data: link/);
  });

  it("says what to do with empty input", () => {
    expect(parseCodeList(" \n \n").problems).toEqual([
      "No codes were given. Paste the codes, separated by commas or new lines, or upload a CSV or TXT file with one code per row.",
    ]);
  });

  it("lists at most ten blanks and counts the rest", () => {
    const list = parseCodeList(
      Array(13)
        .fill("A,,B")
        .map((l, i) => l.replace("A", `A${i}`).replace("B", `B${i}`))
        .join("\n"),
    );
    expect(list.problems[0]).toMatch(/^13 entries are blank \(line 1, entry 2;.*line 10, entry 2 and 3 more\)/);
  });

  it("keeps the position of every entry for messages", () => {
    expect(splitCodeText("A,B\n\nC")).toEqual([
      { value: "A", source: { line: 1, entry: 1, of: 2 } },
      { value: "B", source: { line: 1, entry: 2, of: 2 } },
      { value: "C", source: { line: 3, entry: 1, of: 1 } },
    ]);
  });

  it("checks file rows by row number", () => {
    const list = checkCodeEntries([
      { value: "X", source: { row: 2, file: "codes.csv", entry: 1, of: 1 } },
      { value: "X", source: { row: 5, file: "codes.csv", entry: 1, of: 1 } },
    ]);
    expect(list.problems[0]).toContain('"X" (2 times: row 2 of codes.csv; row 5 of codes.csv)');
  });
});

describe("readCodeFile positions", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("names the row and entry of each problem in a file of comma-separated codes", () => {
    const list = readCodeFile(bytes("K1,K2,K3\nK4,K1\n"), "codes.csv");
    expect(list.codes).toEqual([]);
    expect(list.problems).toEqual([
      '1 code appears more than once: "K1" (2 times: row 1, entry 1 of codes.csv; row 2, entry 2 of codes.csv). Each backer needs a different code: remove the repeats.',
    ]);
  });

  it("reads every code of a several-column CSV without a Code header, not only its first column", () => {
    expect(readCodeFile(bytes("K1,K2,K3\r\nK4,K5,K6\r\n"), "codes.csv").codes).toEqual([
      "K1",
      "K2",
      "K3",
      "K4",
      "K5",
      "K6",
    ]);
  });

  it("names each row of a one-code-per-row file, and a column headed Code by its spreadsheet row", () => {
    expect(readCodeFile(bytes("A1\nB2\nA1\n"), "codes.txt").problems[0]).toContain(
      '"A1" (2 times: row 1 of codes.txt; row 3 of codes.txt)',
    );
    const list = readCodeFile(bytes("Platform,Code\nSteam,A1\nSteam,B2\nGOG,a1\n"), "keys.csv");
    expect(list.caseVariantProblems[0]).toContain('"A1" (row 2 of keys.csv) and "a1" (row 4 of keys.csv)');
  });
});

describe("describeCodeCountMismatch", () => {
  it("is null when the counts match", () => {
    expect(describeCodeCountMismatch(10, 10, 0)).toBeNull();
  });
  it("says how many codes for how many recipients, the skipped backers, and what to change", () => {
    expect(describeCodeCountMismatch(9, 10, 0)).toBe(
      "You gave 9 codes for 10 recipients: each recipient needs exactly one code. Add 1 more code, or select fewer backers.",
    );
    expect(describeCodeCountMismatch(12, 10, 2)).toBe(
      "You gave 12 codes for 10 recipients (2 selected backers already have a code of this reward and are skipped): each recipient needs exactly one code. Remove 2 codes, or select more backers.",
    );
    expect(describeCodeCountMismatch(1, 1_500, 1)).toMatch(
      /^You gave 1 code for 1,500 recipients \(1 selected backer already has a code of this reward and is skipped\).*Add 1,499 more codes/,
    );
  });
});

describe("validateAccessValue", () => {
  it("recognises links and codes", () => {
    expect(validateAccessValue("https://example.com/x?a=1")).toEqual({
      ok: true,
      value: "https://example.com/x?a=1",
      isUrl: true,
    });
    expect(validateAccessValue("  ABC-123  ")).toEqual({ ok: true, value: "ABC-123", isUrl: false });
    // A colon inside a code does not make it a link.
    expect(validateAccessValue("KEY:1234")).toMatchObject({ ok: true, isUrl: false });
  });
  it("refuses blank, over-long, control characters, malformed and non-http links", () => {
    expect(validateAccessValue("   ")).toEqual({ ok: false, message: "The code is blank." });
    expect(validateAccessValue("x".repeat(2001))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/2,001 characters long; the limit is 2,000/),
    });
    expect(validateAccessValue("AB\u0007C")).toMatchObject({ ok: false });
    expect(validateAccessValue("https://")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a valid web address|no valid host/),
    });
    expect(validateAccessValue("https://nodot/x")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no valid host name/),
    });
    expect(validateAccessValue("JavaScript:alert(1)")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/javascript: link/),
    });
    expect(validateAccessValue("vbscript:x", "The shared access code")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The shared access code/),
    });
  });
  it("isHttpUrl only accepts parseable http(s) links", () => {
    expect(isHttpUrl("https://example.com")).toBe(true);
    expect(isHttpUrl("javascript:alert(1)")).toBe(false);
    expect(isHttpUrl("ABC")).toBe(false);
  });
});

describe("readCodeFile", () => {
  const file = (text: string) => strToU8(text);

  it("reads a TXT file with one code per line, skipping a 'code' header line", () => {
    expect(readCodeFile(file("Code\nA1\nB2\n\nC3\n"), "codes.txt").codes).toEqual(["A1", "B2", "C3"]);
  });
  it("reads a one-column CSV without a header, unquoting quoted cells", () => {
    expect(readCodeFile(file('A1\r\n"B2"\r\nC3\r\n'), "codes.csv").codes).toEqual(["A1", "B2", "C3"]);
  });
  it("uses the column headed Code of a multi-column CSV and names file rows in problems", () => {
    const list = readCodeFile(file("Email,Access code\na@x.com,K1\nb@x.com,K2\nc@x.com,K1\nd@x.com,\n"), "export.csv");
    expect(list.problems).toEqual([
      "1 entry is blank (row 5 of export.csv). Remove the extra commas or fill in the missing codes.",
      '1 code appears more than once: "K1" (2 times: row 2 of export.csv; row 4 of export.csv). Each backer needs a different code: remove the repeats.',
    ]);
  });
  it("reads a UTF-8 file with a byte-order mark and a UTF-16 file from Excel", () => {
    expect(readCodeFile(new Uint8Array([0xef, 0xbb, 0xbf, ...file("A1\nB2")]), "codes.txt").codes).toEqual([
      "A1",
      "B2",
    ]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from("A1\nB2").flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(readCodeFile(utf16, "codes.txt").codes).toEqual(["A1", "B2"]);
  });
  it("refuses empty and binary files with what to do", () => {
    expect(readCodeFile(new Uint8Array(), "codes.csv").problems[0]).toMatch(/codes\.csv is empty/);
    expect(readCodeFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "codes.xlsx").problems[0]).toMatch(
      /Excel workbook.*CSV UTF-8/,
    );
    expect(readCodeFile(file("\n\n"), "codes.txt").problems[0]).toMatch(/empty|no codes/);
  });
});

describe("linkInstructions", () => {
  it("splits paragraphs and lines and links only http(s) addresses, without trailing punctuation", () => {
    expect(
      linkInstructions(
        "Redeem at https://example.com/r?x=1.\nThanks!\n\nSee (https://example.com/faq), or javascript:alert(1)",
      ),
    ).toEqual([
      [
        [
          { text: "Redeem at " },
          { text: "https://example.com/r?x=1", href: "https://example.com/r?x=1" },
          { text: "." },
        ],
        [{ text: "Thanks!" }],
      ],
      [
        [
          { text: "See (" },
          { text: "https://example.com/faq", href: "https://example.com/faq" },
          { text: "), or javascript:alert(1)" },
        ],
      ],
    ]);
  });
  it("keeps markup as text", () => {
    expect(linkInstructions('<a href="javascript:x">hi</a>')).toEqual([[[{ text: '<a href="javascript:x">hi</a>' }]]]);
    expect(linkInstructions("  \n ")).toEqual([]);
  });
});

describe("readCodesInput", () => {
  it("reads pasted codes when the file input is empty, and a chosen file otherwise", async () => {
    const { readCodesInput } = await import("@/lib/digital-rewards/read-codes-input");
    expect((await readCodesInput({ codes: "A,B", file: new File([], "") })).codes).toEqual(["A", "B"]);
    expect((await readCodesInput({ file: new File(["X\nY\n"], "codes.txt") })).codes).toEqual(["X", "Y"]);
    expect((await readCodesInput({ codes: "A", file: new File(["X"], "codes.txt") })).problems[0]).toMatch(
      /both pasted codes and chose a file/,
    );
  });
});
