import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeTextFile } from "@/lib/csv/decode-text-file";
import { readZipEntries } from "@/lib/csv/read-zip-entries";

const workbook = () =>
  zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "xl/workbook.xml": strToU8("<workbook/>"),
    "xl/worksheets/sheet1.xml": strToU8("<worksheet/>"),
  });

describe("an Excel workbook renamed to .csv", () => {
  it("is named as a workbook when read as text", () => {
    const decoded = decodeTextFile(workbook(), "tracking.csv");
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.problem.message).toBe("tracking.csv is an Excel workbook (.xlsx), not a CSV file.");
      expect(decoded.problem.fix).toMatch(/save or download it as "CSV UTF-8"/);
    }
  });

  it("is named as a workbook where ZIPs are accepted, instead of 'holds no CSV files'", () => {
    const zip = readZipEntries(workbook(), "backers.csv");
    expect(zip.ok).toBe(false);
    if (!zip.ok) expect(zip.problem.message).toBe("backers.csv is an Excel workbook (.xlsx), not a CSV file or a ZIP of CSV files.");
  });

  it("leaves a ZIP of CSV files alone", () => {
    const zip = readZipEntries(zipSync({ "Backer Report - Tier.csv": strToU8("Email\na@example.com\n") }), "report.zip");
    expect(zip.ok).toBe(true);
  });
});
