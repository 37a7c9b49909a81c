import "server-only";
import { Debug as ClientDebug } from "@prisma/client/runtime/client";
import { Debug as AdapterDebug } from "@prisma/driver-adapter-utils";

/**
 * How many debug calls Prisma remembers (MAX_ARGS_HISTORY in @prisma/debug). The integration test
 * db-forget-prisma-debug-history fails if a Prisma upgrade remembers more.
 */
const PRISMA_DEBUG_HISTORY = 100;

const NAMESPACE = "pledgehouse:bulk";
// Two histories: the client's runtime bundles its own copy of @prisma/debug, and the Postgres
// adapter uses the package through @prisma/driver-adapter-utils.
const histories = [ClientDebug, AdapterDebug].map((Debug) => ({ Debug, debug: Debug(NAMESPACE) }));

/**
 * Makes Prisma let go of the statements it last ran. Whatever DEBUG says, Prisma keeps the
 * arguments of its last 100 debug calls, and every raw statement makes several: the client keeps
 * its parameters serialized as text and its query plan, parameters included, and the adapter the
 * statement it sent. Only $disconnect clears the client's. A bulk write hands over a few megabytes
 * of JSON per statement, so these histories held the last thirty-odd statements of a
 * quarter-million-backer tracking apply, well over a hundred megabytes, until later queries of any
 * request pushed them out. Call it between the rounds of a bulk write: it pushes them out with
 * small entries of its own.
 */
export function forgetPrismaDebugHistory(): void {
  for (const { Debug, debug } of histories) {
    // Someone reading Prisma's debug output wants the statements, not a hundred lines of filler.
    if (debug.enabled || Debug.enabled(NAMESPACE)) continue;
    for (let at = 0; at < PRISMA_DEBUG_HISTORY; at++) debug("-");
  }
}
