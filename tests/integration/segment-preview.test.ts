import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { previewSegmentFilter } from "@/lib/segments/preview-segment-filter";
import { draftToFilter, newCondition, newGroup } from "@/components/segments/filter-draft";
import { listSegmentBuilderOptions } from "@/lib/segments/list-segment-builder-options";

/** The client, counting every statement it sends (transactions' own BEGIN/COMMIT aside). */
function countingClient() {
  const counter = { statements: 0, transactions: 0 };
  const client = prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        counter.statements += 1;
        return query(args);
      },
    },
    client: {},
  });
  const original = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const tracked = new Proxy(client, {
    get(target, key, receiver) {
      if (key === "$transaction") {
        return (...args: unknown[]) => {
          counter.transactions += 1;
          return original(...args);
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
  return { db: tracked as unknown as typeof prisma, counter };
}

describe("previewSegmentFilter", () => {
  it("answers a keystroke with one transaction and a handful of statements: count, sample and unmatched emails agree", async () => {
    const project = await createProject(prisma);
    const gold = await createPledgeLevel(prisma, project.id, { name: "Gold" });
    for (let i = 0; i < 4; i++) await createBacker(prisma, project.id, { email: `gold-${i}@example.com`, pledge: { pledgeLevelId: gold.id } });
    await createBacker(prisma, project.id, { email: "other@example.com" });
    const filter = {
      type: "and",
      conditions: [
        { type: "inPledgeLevels", pledgeLevelIds: [gold.id] },
        { type: "backersWithEmails", emails: ["gold-0@example.com", "gold-1@example.com", "nobody@example.com"] },
      ],
    };

    const { db, counter } = countingClient();
    const preview = await previewSegmentFilter(db, project.id, filter, { sample: 10 });

    expect(preview.count).toBe(2);
    expect(preview.backers.map((b) => b.email).sort()).toEqual(["gold-0@example.com", "gold-1@example.com"]);
    expect(preview.unmatchedEmails).toEqual(["nobody@example.com"]);
    // One transaction: settings, references, project, count, sample, emails.
    expect(counter.transactions).toBe(1);
    expect(counter.statements).toBeLessThanOrEqual(7);
  });

  it("still refuses a level of another project, like saving would", async () => {
    const project = await createProject(prisma);
    const other = await createProject(prisma);
    const foreign = await createPledgeLevel(prisma, other.id, { name: "Theirs" });
    const error = await previewSegmentFilter(prisma, project.id, { type: "inPledgeLevels", pledgeLevelIds: [foreign.id] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("NOT_FOUND");
  });

  it("reads the dates and times a creator types into Pledged between on the project's clock", async () => {
    const project = await createProject(prisma, { timeZone: "America/Los_Angeles" });
    // The creator asks for 14 March 2026, 09:00 to 17:00 in Los Angeles (PDT, UTC-7): 16:00 to 00:00 UTC.
    const at = (iso: string, email: string) => createBacker(prisma, project.id, { email, pledge: { pledgedAt: new Date(iso) } });
    await at("2026-03-14T15:59:00Z", "too-early@example.com"); // 08:59 in Los Angeles
    await at("2026-03-14T16:00:00Z", "opening@example.com"); // 09:00
    await at("2026-03-14T23:30:00Z", "afternoon@example.com"); // 16:30
    await at("2026-03-15T00:30:00Z", "evening@example.com"); // 17:30 (UTC's next day)
    await at("2026-03-14T10:00:00Z", "utc-morning@example.com"); // 03:00: inside 09:00-17:00 only if read as UTC

    const options = await listSegmentBuilderOptions(prisma, project.id);
    expect(options.timeZone).toBe("America/Los_Angeles");
    const between = newCondition("pledgedBetween");
    if (between.kind === "condition") Object.assign(between.values, { from: "2026-03-14T09:00", to: "2026-03-14T17:00" });
    const { filter, problems } = draftToFilter(newGroup("and", [between]), options.currency, options.timeZone);
    expect(problems).toEqual([]);

    const preview = await previewSegmentFilter(prisma, project.id, filter, { sample: 10 });
    expect(preview.backers.map((b) => b.email).sort()).toEqual(["afternoon@example.com", "opening@example.com"]);
    expect(preview.count).toBe(2);
  });
});
