import { runMigrations } from "graphile-worker";
import { createJobEngineLogger } from "./job-engine-logger";

/** The Postgres schema graphile-worker keeps its queue in. */
export const JOB_ENGINE_SCHEMA = "graphile_worker";

/**
 * Installs or upgrades graphile-worker's own schema (its migrations ship inside the package). The
 * migrator runs it after ours, so `npm run db:migrate`, the dev start and the test setup all leave
 * a database the worker and the web process can enqueue into; a second run is a no-op.
 */
export async function installJobEngine(connectionString: string): Promise<void> {
  await runMigrations({
    connectionString,
    schema: JOB_ENGINE_SCHEMA,
    maxPoolSize: 1,
    logger: createJobEngineLogger((level, meta, message) => console[level](`job engine: ${message}`, meta)),
  });
}
