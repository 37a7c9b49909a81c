import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate` here (migrations are applied by prisma/migrate.ts),
// which needs no database; the URL matters only where Prisma's own migrate commands are run.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/pledgehouse" },
});
