import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { applyImportInTransaction, previewImportInTransaction } from "../support/backer-import-in-transaction";
import { generateBackerReportCsv } from "@/lib/backers/report/export-backer-report-csv";
import { readBackerImportFiles } from "@/lib/backers/import/read-backer-import-files";
import { parseContactListFile } from "@/lib/contact-lists/parse-contact-list-file";
import { formatFileProblem, hasErrors } from "@/lib/csv/file-problem";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { readCodesInput } from "@/lib/digital-rewards/read-codes-input";
import { DomainError } from "@/lib/errors";
import { parseEmailList } from "@/lib/segments/parse-email-list";
import { previewSegmentFilter } from "@/lib/segments/preview-segment-filter";
import { saveSegment } from "@/lib/segments/save-segment";
import { previewTrackingUpload } from "@/lib/tracking/preview-tracking-upload";
import { readTrackingFile } from "@/lib/tracking/read-tracking-file";
import { skuPerColumnExport } from "../support/sku-per-column-export";
import { HOSTILE_FILES, TRACKING_BACKERS, type HostileFile } from "../support/hostile-files";
import { addCodesToBank, createDigitalReward } from "../support/digital-reward-use-cases";
import { applyTrackingUpload } from "../support/tracking-in-transaction";

/** Row counts of every table of the schema, to prove an upload changed nothing. */
async function countEveryTable(): Promise<Record<string, number>> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${tablename}"`);
    counts[tablename] = n;
  }
  return counts;
}

async function setupProject() {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, currency: "USD" });
  const level = await createPledgeLevel(prisma, project.id, { name: "Physical", kind: "PHYSICAL" });
  const backers = [];
  for (const { backerNumber, email } of TRACKING_BACKERS) {
    backers.push((await createBacker(prisma, project.id, { backerNumber, email, pledge: { pledgeLevelId: level.id } })).backer);
  }
  const reward = await createDigitalReward(project.id, { name: "Soundtrack", kind: "UNIQUE", instructions: "", sharedValue: null }, owner.id);
  return { owner, project, backers, reward };
}
type Setup = Awaited<ReturnType<typeof setupProject>>;

type Outcome = {
  /** Every message the creator would see, as one line each. */
  messages: string[];
  refused: boolean;
  /** Values read from the file, to check that hostile text comes back literally. */
  values: string[];
};

const messageOf = (error: unknown) => (error instanceof DomainError ? error.message : String(error));

/** Runs one hostile file through the same lib path its upload takes, up to the point of writing. */
async function run(file: HostileFile, s: Setup): Promise<Outcome> {
  const bytes = file.bytes();
  switch (file.target) {
    case "backer-import": {
      const preview = await previewImportInTransaction(s.project.id, [{ name: file.fileName, bytes }], {}, s.owner.id);
      const values: string[] = [];
      if ("reads" in file.expect) {
        for (const row of readBackerImportFiles([{ name: file.fileName, bytes }], { currency: "USD" }).rows) values.push(row.name ?? "", row.notes ?? "", row.email);
      }
      return { messages: preview.plan.problems.map(formatFileProblem), refused: !preview.plan.ok, values };
    }
    case "tracking": {
      const preview = await previewTrackingUpload({
        projectId: s.project.id,
        fileName: file.fileName,
        bytes,
        selection: { kind: "ids", ids: s.backers.map((b) => b.id) },
        skipExisting: false,
        separatePackages: false,
      });
      const read = readTrackingFile(bytes, file.fileName);
      return {
        messages: preview.problems.map(formatFileProblem),
        refused: !preview.readable || hasErrors(preview.problems),
        values: read.ok ? read.rows.map((row) => row.trackingNumber) : [],
      };
    }
    case "code-list": {
      const list = await readCodesInput({ file: new File([new Uint8Array(bytes)], file.fileName) });
      const messages = [...list.problems];
      if (list.problems.length > 0) {
        // The bank refuses a list with problems as a whole, with the same messages.
        const error = await addCodesToBank({ projectId: s.project.id, rewardId: s.reward.id, list, actorId: s.owner.id }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DomainError);
        messages.push(messageOf(error));
      }
      return { messages, refused: list.problems.length > 0, values: list.codes };
    }
    case "email-list": {
      // What the product itself says: the builder's parser sets aside what is not an email, the
      // server refuses a list that still holds one (a client may skip the parser) or is too long,
      // and the live preview names the emails that match no backer.
      const text = new TextDecoder().decode(bytes);
      const parsed = parseEmailList(text);
      const messages: string[] = [];
      const raw = text.split(/[\n,;]+/).map((e) => e.trim()).filter(Boolean);
      const saved = await prisma
        .$transaction((tx) => saveSegment(tx, s.project.id, { name: "Pasted", filter: { type: "backersWithEmails", emails: raw } }))
        .then(
          () => null,
          (e: unknown) => e,
        );
      if (saved) {
        expect(saved).toBeInstanceOf(DomainError);
        messages.push(messageOf(saved));
      } else {
        await prisma.segment.deleteMany({ where: { projectId: s.project.id } });
      }
      let unmatched: string[] = [];
      if (parsed.emails.length > 0 && parsed.emails.length <= 100_000) {
        unmatched = (await previewSegmentFilter(prisma, s.project.id, { type: "backersWithEmails", emails: parsed.emails })).unmatchedEmails;
        messages.push(...unmatched);
      }
      return { messages, refused: saved !== null || parsed.invalid.length > 0 || unmatched.length > 0, values: parsed.emails };
    }
    case "contact-list":
    case "partner-list": {
      const parsed = parseContactListFile(bytes, file.fileName);
      const messages = parsed.problems.map(formatFileProblem);
      if (!parsed.ok) return { messages, refused: true, values: [] };
      return { messages, refused: false, values: parsed.emails };
    }
    case "csv-export": {
      // The payload is a backer's name and a segment's backer's name: both exports a creator
      // downloads write it, and what matters is the cell as a spreadsheet reads it back.
      const value = new TextDecoder().decode(bytes);
      const level = await prisma.pledgeLevel.findFirstOrThrow({ where: { projectId: s.project.id } });
      const { backer } = await createBacker(prisma, s.project.id, { backerNumber: 900, email: "hostile@example.com", name: value, pledge: { pledgeLevelId: level.id } });
      let report = "";
      for await (const chunk of generateBackerReportCsv(s.project.id, { kind: "ids", ids: [backer.id] })) report += chunk;
      const segment = await prisma.$transaction((tx) => saveSegment(tx, s.project.id, { name: "Hostile", filter: { type: "backersWithEmails", emails: ["hostile@example.com"] } }));
      const sku = (await skuPerColumnExport(s.project.id, segment.id, "csv")).bytes.toString("utf8");
      const cellsOf = (csv: string, header: string) => {
        const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
        return rows.map((row) => row[header]);
      };
      await prisma.segment.delete({ where: { id: segment.id } });
      await prisma.backer.delete({ where: { id: backer.id } });
      return { messages: [], refused: false, values: [...cellsOf(report, "Backer Name"), ...cellsOf(sku, "Backer Name")] };
    }
  }
}

/**
 * A preview that refuses a file proves little on its own: the confirm step reads the file again
 * and must refuse it too, writing nothing. Runs the refused backer imports and tracking uploads
 * through their apply path.
 */
async function expectApplyRefuses(file: HostileFile, s: Setup, outcome: Outcome): Promise<void> {
  if (!outcome.refused) return;
  const bytes = file.bytes();
  if (file.target === "backer-import") {
    const error = await applyImportInTransaction(s.project.id, { files: [{ name: file.fileName, bytes }] }, s.owner.id).then(
      (result) => result,
      (e: unknown) => e,
    );
    expect(error, "the apply path accepted a file the preview refused").toBeInstanceOf(DomainError);
  } else if (file.target === "tracking") {
    const error = await applyTrackingUpload({
      projectId: s.project.id,
      fileName: file.fileName,
      bytes,
      selection: { kind: "ids", ids: s.backers.map((b) => b.id) },
      skipExisting: false,
      separatePackages: false,
      actorId: s.owner.id,
    }).then(
      (result) => result,
      (e: unknown) => e,
    );
    expect(error, "the apply path accepted a file the preview refused").toBeInstanceOf(DomainError);
  }
}

describe("hostile files: a clear message, nothing changed, bounded time", () => {
  for (const file of HOSTILE_FILES.filter((f) => f.handoff)) it.todo(`${file.id} (waits for /tmp/handoff/${file.handoff})`);

  it.each(HOSTILE_FILES.filter((f) => !f.handoff).map((file) => [file.id, file] as const))("%s", async (_id, file) => {
    const s = await setupProject();
    const before = await countEveryTable();
    const started = performance.now();
    const outcome = await run(file, s);
    const elapsed = performance.now() - started;
    await expectApplyRefuses(file, s, outcome);
    const after = await countEveryTable();

    const expectation = file.expect;
    if ("refused" in expectation) {
      const pattern = expectation.refused;
      expect(outcome.refused, outcome.messages.join("\n")).toBe(true);
      expect(outcome.messages.some((m) => pattern.test(m)), `expected ${pattern} among:\n${outcome.messages.join("\n").slice(0, 4000)}`).toBe(true);
    } else if ("warned" in expectation) {
      const pattern = expectation.warned;
      expect(outcome.refused, outcome.messages.join("\n")).toBe(false);
      expect(outcome.messages.some((m) => pattern.test(m)), `expected ${pattern} among:\n${outcome.messages.join("\n").slice(0, 4000)}`).toBe(true);
    } else {
      expect(outcome.refused, outcome.messages.join("\n")).toBe(false);
      if (file.target === "csv-export") expect(outcome.values).toEqual([expectation.reads, expectation.reads]);
      else expect(outcome.values).toContain(expectation.reads);
    }
    // A message never floods the page: no single line carries a whole runaway cell or header.
    for (const message of outcome.messages) expect(message.length, message.slice(0, 300)).toBeLessThan(4000);

    // Previews record themselves in the imports history (PREVIEWED or REJECTED); nothing else changes.
    const expectedAfter = { ...before };
    if (file.target === "backer-import") expectedAfter.import = before.import + 1;
    expect(after).toEqual(expectedAfter);
    expect(elapsed).toBeLessThan(file.budgetMs ?? 5_000);
  });
});
