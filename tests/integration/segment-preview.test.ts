import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createPledgeLevel, createProject } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { previewSegmentFilter } from "@/lib/segments/preview-segment-filter";

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
});
