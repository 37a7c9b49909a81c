import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { diffShapes, shapeFromDatabase, shapeFromPrismaSchema } from "../support/schema-drift";

const schemaText = await readFile("prisma/schema.prisma", "utf8");

describe("schema.prisma and the migrated database", () => {
  it("agree on tables, columns, types, nullability, unique constraints and indexes", async () => {
    const differences = diffShapes(shapeFromPrismaSchema(schemaText), await shapeFromDatabase(process.env.DATABASE_URL!));
    expect(differences).toEqual([]);
  });

  it("catches a deliberately mismatched schema", async () => {
    const mismatched = schemaText
      .replace('name                  String   @default("")', 'name                  String?')
      .replace("  @@unique([projectId, email])\n", "")
      .replace("model RateLimit {", "model Extra {\n  id String @id\n}\n\nmodel RateLimit {");
    expect(mismatched).not.toBe(schemaText);
    const differences = diffShapes(shapeFromPrismaSchema(mismatched), await shapeFromDatabase(process.env.DATABASE_URL!));
    expect(differences).toEqual(
      expect.arrayContaining([
        "in schema.prisma, not in the database: column backer.name text NULL",
        "in the database, not in schema.prisma: column backer.name text NOT NULL",
        "in the database, not in schema.prisma: unique backer(project_id, email)",
        "in schema.prisma, not in the database: column Extra.id text NOT NULL",
      ]),
    );
  });
});
