import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

/** A server action as the source declares it: `file#exportName`, or `file#enclosingFunction` for an inline one. */
export type SourceAction = { key: string; file: string; name: string; inline: boolean };

/** A server action as the build registered it. */
export type BuiltAction = { key: string; id: string; file: string; exportedName: string; workers: string[] };

const USE_SERVER = /^\s*(["'])use server\1;?\s*$/m;

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) return [];
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Whether the file starts with the "use server" directive (after comments and blank lines). */
function isServerModule(source: string): boolean {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return /^\s*(["'])use server\1/.test(withoutComments);
}

function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:async\s+)?function\s*\*?\s*(\w+)/g)) names.add(match[1]);
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s+(\w+)/g)) names.add(match[1]);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name && name !== "type" && !part.trim().startsWith("type ")) names.add(name);
    }
  }
  if (/export\s+default\b/.test(source)) names.add("default");
  return [...names];
}

/**
 * Every server action in the source: each export of a "use server" module, and each function with
 * an inline "use server" directive (named after the function that holds it), in source order.
 */
export function discoverSourceActions(root = process.cwd()): SourceAction[] {
  const files = ["app", "components", "lib"]
    .flatMap((folder) => walk(path.join(root, folder)))
    .filter((file) => /\.(tsx|ts|jsx|js|mjs)$/.test(file) && !file.endsWith(".d.ts"));
  const actions: SourceAction[] = [];
  for (const full of files) {
    const source = readFileSync(full, "utf8");
    if (!/(["'])use server\1/.test(source)) continue;
    const file = path.relative(root, full);
    if (isServerModule(source)) {
      for (const name of exportedNames(source)) actions.push({ key: `${file}#${name}`, file, name, inline: false });
      continue;
    }
    const directive = new RegExp(USE_SERVER.source, "gm");
    for (const match of source.matchAll(directive)) {
      const before = source.slice(0, match.index);
      const holders = [...before.matchAll(/(?:function\s+(\w+)\s*\(|(?:const|let)\s+(\w+)\s*=\s*async\b)/g)];
      const last = holders.at(-1);
      const name = last ? (last[1] ?? last[2]) : `inline-${actions.length}`;
      actions.push({ key: `${file}#${name}`, file, name, inline: true });
    }
  }
  return actions.sort((a, b) => a.key.localeCompare(b.key));
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

/**
 * Every server action the production build registered (`.next/server/server-reference-manifest.json`),
 * keyed like `discoverSourceActions`: an inline action's `$$RSC_SERVER_ACTION_<n>` is matched with
 * the n-th inline directive of its file.
 */
export function readBuiltActions(sourceActions: SourceAction[], root = process.cwd()): BuiltAction[] {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, ManifestEntry>;
    edge?: Record<string, ManifestEntry>;
  };
  const entries = { ...manifest.node, ...(manifest.edge ?? {}) };
  return Object.entries(entries).map(([id, entry]): BuiltAction => {
    const file = entry.filename ?? "(unknown file)";
    const exportedName = entry.exportedName ?? "(unknown export)";
    const inline = /^\$\$RSC_SERVER_ACTION_(\d+)$/.exec(exportedName);
    let key = `${file}#${exportedName}`;
    if (inline) {
      const ofFile = sourceActions.filter((action) => action.inline && action.file === file);
      const match = ofFile[Number(inline[1])];
      if (match) key = match.key;
    }
    return { key, id, file, exportedName, workers: Object.keys(entry.workers) };
  });
}

type Flight = {
  encodeReply: (value: unknown) => Promise<string | FormData>;
  createFromReadableStream: (stream: ReadableStream<Uint8Array>, options: unknown) => Promise<unknown>;
};

// React's own reply encoder and response decoder, the ones Next's client uses for a server action
// call, so the requests below are exactly what a browser would send.
// The production build: the server is a production build, and the development decoder expects
// debug information that a production server never sends.
const flight = createRequire(import.meta.url)(
  "next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.edge.production.js",
) as Flight;

export type ActionResponse = {
  status: number;
  /** The action's return value, when the server answered one. */
  result?: unknown;
  /** The error the action threw instead of answering, when it did. */
  error?: string;
  /** Where the action redirected, when it did. */
  redirect?: string;
  /** The raw body, for failure messages and leak checks. */
  body: string;
};

/**
 * Calls a server action over HTTP the way Next's client does: POST to a page that uses it, with the
 * `Next-Action` header and the arguments encoded by React's `encodeReply` (JSON text, or multipart
 * when an argument is FormData).
 */
export async function callServerAction(
  request: APIRequestContext,
  options: { actionId: string; pageUrl: string; origin: string; args: unknown[] },
): Promise<ActionResponse> {
  const encoded = await flight.encodeReply(options.args);
  const headers = { Accept: "text/x-component", "Next-Action": options.actionId, Origin: options.origin };
  const response =
    typeof encoded === "string"
      ? await request.post(options.pageUrl, {
          headers: { ...headers, "Content-Type": "text/plain;charset=UTF-8" },
          data: encoded,
          maxRedirects: 0,
        })
      : await request.post(options.pageUrl, { headers, multipart: encoded, maxRedirects: 0 });
  const bytes = await response.body();
  const body = bytes.toString("utf8");
  const redirect = response.headers()["x-action-redirect"]?.split(";")[0];
  const answer: ActionResponse = { status: response.status(), body, ...(redirect ? { redirect } : {}) };
  if (!(response.headers()["content-type"] ?? "").startsWith("text/x-component") || redirect) return answer;
  const result = actionResultRow(body);
  if (result !== undefined) return { ...answer, result };
  try {
    const root = (await flight.createFromReadableStream(new Response(new Uint8Array(bytes)).body!, {
      serverConsumerManifest: { moduleMap: {}, serverModuleMap: null, moduleLoading: null },
    })) as { a?: unknown };
    return { ...answer, result: await root.a };
  } catch (error) {
    // The action threw (a bug, or Next's notFound()): the answer carries an error, not a result.
    return { ...answer, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The action's return value read straight from the RSC rows: row 0 holds `a`, a reference to the
 * row with the result. Decoding the whole answer would also need the client components of the page
 * Next re-renders after a revalidation, which a test runner does not have. Undefined when the
 * result is not a plain JSON row (an error, or a value React encodes otherwise).
 */
function actionResultRow(body: string): unknown {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match && !rows.has(match[1])) rows.set(match[1], match[2]);
  }
  try {
    const root = JSON.parse(rows.get("0") ?? "null") as { a?: unknown } | null;
    const ref = typeof root?.a === "string" ? /^\$@([0-9a-f]+)$/.exec(root.a) : null;
    const row = ref ? rows.get(ref[1]) : undefined;
    if (!row || !/^[{["]/.test(row)) return undefined;
    return JSON.parse(row) as unknown;
  } catch {
    return undefined;
  }
}
