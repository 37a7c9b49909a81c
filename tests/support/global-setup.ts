import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/prisma/migrate";
import { acquireTestServer, recreateDatabase } from "./postgres-server";

export const TEMPLATE_DATABASE = "pledgehouse_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

/** Starts (or finds) the test server and migrates a template database every worker copies. */
export default async function setup(project: TestProject) {
  const server = await acquireTestServer();
  const templateUrl = await recreateDatabase(server.serverUrl, TEMPLATE_DATABASE);
  await applyMigrations(templateUrl);
  project.provide("pgServerUrl", server.serverUrl);
  return async () => {
    await server.stop();
  };
}
