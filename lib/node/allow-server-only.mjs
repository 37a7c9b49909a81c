// Node entry points (mail worker, seed, benchmarks) import lib modules marked `import "server-only"`.
// That package throws outside React's server bundles, which is its point inside Next; in a plain
// Node process everything is server code, so resolve it to an empty module. Used as `--import`.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  return next(specifier, context);
}`),
);
