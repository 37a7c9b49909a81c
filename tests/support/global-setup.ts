import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { bundleTrackingPreviewThread } from "@/scripts/bundle-node-entry";
import { applyMigrations } from "@/prisma/migrate";
import { acquireTestServer, recreateDatabase } from "./postgres-server";

export const TEMPLATE_DATABASE = "pledgehouse_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    trackingPreviewThread: string;
  }
}

/** Starts (or finds) the test server, migrates a template database every worker copies, bundles the preview thread. */
export default async function setup(project: TestProject) {
  const server = await acquireTestServer();
  const templateUrl = await recreateDatabase(server.serverUrl, TEMPLATE_DATABASE);
  await applyMigrations(templateUrl);
  project.provide("pgServerUrl", server.serverUrl);
  // The tracking preview's worker thread runs a bundled file, as in production; one per run.
  const threads = await mkdtemp(path.join(tmpdir(), "pledgehouse-test-threads-"));
  const previewThread = path.join(threads, "tracking-preview-thread.mjs");
  await bundleTrackingPreviewThread(previewThread, { production: false });
  project.provide("trackingPreviewThread", previewThread);
  return async () => {
    await rm(threads, { recursive: true, force: true });
    await server.stop();
  };
}
