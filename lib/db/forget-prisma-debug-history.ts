import "server-only";
import { Debug } from "@prisma/client/runtime/client";

/**
 * How many debug calls Prisma's client remembers (MAX_ARGS_HISTORY in @prisma/debug, bundled into
 * the client's runtime). The integration test db-forget-prisma-debug-history fails if a Prisma
 * upgrade remembers more.
 */
const PRISMA_DEBUG_HISTORY = 100;

const NAMESPACE = "pledgehouse:bulk";
const debug = Debug(NAMESPACE);

/**
 * Makes Prisma's client let go of the statements it last ran. Whatever DEBUG says, the client keeps
 * the arguments of its last 100 debug calls, and every raw statement makes three of them: its
 * parameters serialized as text and its query plan, parameters included. Only $disconnect clears
 * them. A bulk write hands over a few megabytes of JSON per statement, so those 100 entries held
 * the last thirty-odd statements of a quarter-million-backer tracking apply, well over a hundred
 * megabytes, until any later queries of any request pushed them out. Call it between the rounds
 * of a bulk write: it pushes them out with small entries of its own.
 */
export function forgetPrismaDebugHistory(): void {
  // Someone reading Prisma's debug output wants the statements, not a hundred lines of filler.
  if (debug.enabled || Debug.enabled(NAMESPACE)) return;
  for (let at = 0; at < PRISMA_DEBUG_HISTORY; at++) debug("-");
}
