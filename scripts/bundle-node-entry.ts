/**
 * esbuild's settings for the app's plain-Node entry points (scripts/bundle-production.ts), and the
 * tracking preview thread's bundle, which development (lib/dev/start-dev.ts) and the integration
 * tests build too: a worker thread runs a file with plain `node`, without Next's bundler or tsx,
 * so its TypeScript and `@/` imports must be bundled first wherever it runs.
 */
import path from "node:path";
import { build, context, type BuildOptions } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");

/** The preview thread's file name in the production bundle, next to web.mjs. */
export const TRACKING_PREVIEW_THREAD_FILE = "tracking-preview-thread.mjs";

/**
 * `production`: the bundle fixes NODE_ENV to production (the production build applies its
 * configuration checks whatever the shell says). Development and test bundles keep the caller's.
 */
export function nodeBundleOptions({ production }: { production: boolean }): BuildOptions {
  return {
    bundle: true,
    platform: "node",
    target: "node20.19",
    format: "esm",
    sourcemap: "linked",
    logLevel: "warning",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    alias: { "server-only": path.join(ROOT, "lib/node/server-only-stub.ts") },
    // pg's optional native binding is never used; typescript is only loaded by graphile-worker's
    // config loader (cosmiconfig) for a graphile.config.ts, which production never has.
    external: ["pg-native", "typescript"],
    banner: {
      js: [
        // Bundled CommonJS packages call require() for Node's built-ins.
        `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`,
        ...(production ? [`process.env.NODE_ENV = "production";`] : []),
      ].join("\n"),
    },
  };
}

/** Bundles lib/tracking/run-tracking-preview-thread.ts into `outfile`. */
export async function bundleTrackingPreviewThread(outfile: string, { production }: { production: boolean }): Promise<void> {
  await build({ ...nodeBundleOptions({ production }), entryPoints: [path.join(ROOT, "lib/tracking/run-tracking-preview-thread.ts")], outfile });
}

/** `npm run dev`: bundles the preview thread into `outfile` and again on every edit of what it imports. */
export async function watchTrackingPreviewThread(outfile: string): Promise<{ stop: () => Promise<void> }> {
  const watcher = await context({
    ...nodeBundleOptions({ production: false }),
    entryPoints: [path.join(ROOT, "lib/tracking/run-tracking-preview-thread.ts")],
    outfile,
  });
  await watcher.rebuild();
  await watcher.watch();
  return { stop: () => watcher.dispose() };
}
