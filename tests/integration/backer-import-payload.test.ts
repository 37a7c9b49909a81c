import { describe, expect, it } from "vitest";
import { applyImportInTransaction } from "../support/backer-import-in-transaction";
import { prisma } from "@/lib/db/client";
import { generateKickstarterCsv } from "@/tests/fixtures/kickstarter/generate-kickstarter-csv";

const file = (text: string) => ({ name: "backer-report.csv", bytes: new TextEncoder().encode(text) });

describe("backer import payloads", () => {
  it("stores names beyond ASCII exactly as written, on adds and on updates", async () => {
    const project = await prisma.project.create({ data: { name: "Scripts", currency: "USD" } });
    const csv = generateKickstarterCsv({ rows: 3 });
    // Beyond Latin-1, a surrogate pair, Latin-1 accents, and a literal backslash-u that must stay literal.
    const written = [{ name: "小林 一茶 😀 Ελληνικά" }, { name: "Zoë Ångström ½ €" }, { name: "Backer \\u0041 plain" }];
    const withScripts = (rows: typeof written) =>
      csv.replace(/Backer (\d) [^,]*,/g, (_, n: string) => `"${rows[Number(n) - 1].name}",`);
    await applyImportInTransaction(project.id, { files: [file(withScripts(written))] }, null);
    const added = await prisma.backer.findMany({ where: { projectId: project.id }, orderBy: { backerNumber: "asc" }, select: { name: true } });
    expect(added.map((backer) => backer.name)).toEqual(written.map((row) => row.name));

    const renamed = written.map((row) => ({ name: `${row.name} ✓` }));
    const result = await applyImportInTransaction(project.id, { files: [file(withScripts(renamed))] }, null);
    expect(result.updated).toBe(3);
    const updated = await prisma.backer.findMany({ where: { projectId: project.id }, orderBy: { backerNumber: "asc" }, select: { name: true } });
    expect(updated.map((backer) => backer.name)).toEqual(renamed.map((row) => row.name));
  });
});
