/**
 * The most parameter text one bulk statement carries (about a mebibyte), so a bulk write of any
 * size is many small statements rather than a few large ones. Prisma's client records a text copy
 * of every raw statement's parameters, and its pg adapter the arguments themselves, in debug
 * histories of their last 100 lines that are kept whether debugging is on or not and cannot be
 * cleared: with 16–25 MB statements those copies alone held several hundred megabytes of a
 * 250,000-backer apply alive. At this size they hold a few dozen megabytes at most, and a round
 * trip per mebibyte costs little next to writing it.
 */
export const BULK_STATEMENT_BYTES = 1024 * 1024;
