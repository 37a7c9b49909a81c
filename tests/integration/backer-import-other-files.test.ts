import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { previewImportInTransaction } from "../support/backer-import-in-transaction";
import { listProjectImports } from "@/lib/backers/import/list-project-imports";

const csv = (name: string, lines: string[]) => ({
  name,
  bytes: new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`),
});

async function project(platform: "KICKSTARTER" | "GAMEFOUND" = "KICKSTARTER") {
  return prisma.project.create({ data: { name: "Moonlight Board Game", currency: "USD", platform } });
}

const errors = (preview: Awaited<ReturnType<typeof previewImportInTransaction>>) =>
  preview.plan.problems
    .filter((problem) => problem.severity === "error")
    .map((problem) => `${problem.message} ${problem.fix}`);

describe("a file meant for another upload, picked as a backer report", () => {
  it("names a tracking-number template and where it goes, without a column mapping", async () => {
    const { id } = await project();
    const preview = await previewImportInTransaction(id, [
      csv("tracking.csv", [
        "Backer Number,Email,Name,Reward,Shipping Country,Tracking Number,Carrier (optional),Tracking URL (optional)",
        "1,ada@example.com,Ada,Deluxe,Canada,1Z999AA10123456784,,",
      ]),
    ]);
    expect(preview.plan.ok).toBe(false);
    expect(preview.needsMapping).toEqual([]);
    expect(errors(preview)).toEqual([
      "tracking.csv looks like a tracking-number file, not a backer report (it has a Tracking Number column). Upload it from the backer report: select the backers and choose “Add tracking numbers”.",
    ]);
  });

  it("names a code list and a contact list", async () => {
    const { id } = await project();
    const codes = await previewImportInTransaction(id, [csv("keys.csv", ["Code", "ABCD-1234", "EFGH-5678"])]);
    expect(errors(codes)[0]).toMatch(
      /^keys\.csv looks like a list of access codes, not a backer report\. Add codes on the digital reward's page/,
    );
    expect(codes.needsMapping).toEqual([]);

    const contacts = await previewImportInTransaction(id, [
      csv("leads.csv", ["Email,First Name,Last Name", "ada@example.com,Ada,Lovelace"]),
    ]);
    expect(errors(contacts)[0]).toMatch(
      /^leads\.csv looks like a contact list \(emails and names only, no pledges\).*Segments, then Advanced/,
    );
    expect(contacts.needsMapping.map((entry) => entry.file)).toEqual(["leads.csv"]);
  });
});

describe("a project on another platform", () => {
  const gamefound = () =>
    csv("gamefound-orders.csv", [
      "Order ID,Backer ID,Email,Name,Reward,Pledge value,Currency,Payment status,Created at,Country",
      "GF-1001,55001,ada@example.com,Ada Lovelace,Core Box,59.00,USD,Paid,2024-03-02 10:15,US",
    ]);

  it("goes straight to column mapping without calling the export a problem, and leaves no Rejected row behind", async () => {
    const { id } = await project("GAMEFOUND");
    const preview = await previewImportInTransaction(id, [gamefound()]);
    expect(errors(preview)).toEqual([]);
    expect(preview.needsMapping.map((entry) => entry.file)).toEqual(["gamefound-orders.csv"]);
    expect(await listProjectImports(id)).toEqual([]);
  });

  it("still explains an unrecognised file on a Kickstarter project", async () => {
    const { id } = await project("KICKSTARTER");
    const preview = await previewImportInTransaction(id, [gamefound()]);
    expect(errors(preview)[0]).toMatch(/are not those of a Kickstarter backer report/);
    expect(preview.needsMapping).toHaveLength(1);
    // Going on to the mapping step is not a rejection either.
    expect(await listProjectImports(id)).toEqual([]);
  });
});
