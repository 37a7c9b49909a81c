import "server-only";
import { prisma } from "@/lib/db/client";
import type { ImportKind, ImportStatus } from "@/lib/db/generated/enums";

export type ProjectImportListItem = {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  rowCount: number;
  /** From the stored summary when the import recorded them (backer imports do). */
  counts: { add: number; update: number; unchanged: number; errors: number; warnings: number } | null;
  /** A tracking upload's outcome (its summary has no add/update counts). */
  tracking: { newBackers: number; replacedBackers: number; addedBackers: number; packages: number } | null;
  /** A contact list's size and how many of its emails are backers of the project. */
  contacts: { entries: number; matchedBackers: number; unmatched: number } | null;
  /** How many problems the record kept (for the "problems" download). */
  storedProblems: number;
  createdBy: { name: string; email: string } | null;
  createdAt: Date;
  appliedAt: Date | null;
};

type StoredSummary = {
  counts?: Partial<Record<"add" | "update" | "unchanged" | "errors" | "warnings", number>>;
  problems?: unknown[];
  newBackers?: number;
  replacedBackers?: number;
  addedBackers?: number;
  packages?: number;
  entries?: number;
  matchedBackers?: number;
  unmatched?: number;
  /** A backer file that went on to the column-mapping step: not a rejection, and not shown. */
  awaitingMapping?: boolean;
};

/**
 * A project's uploads, newest first (every kind: backers, tracking numbers, codes, contacts), with
 * what each changed and who uploaded it. Previews that were never confirmed are left out unless
 * they are the newest, since every upload writes one and a creator thinks of them as drafts, and so
 * are files that went on to the column-mapping step (the mapped upload gets its own record).
 */
export async function listProjectImports(projectId: string, limit = 100): Promise<ProjectImportListItem[]> {
  const records = await prisma.import.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, kind: true, status: true, fileName: true, rowCount: true, summary: true, createdById: true, createdAt: true, appliedAt: true },
  });
  const visible = records
    .filter((record) => !(record.summary as StoredSummary | null)?.awaitingMapping)
    .filter((record, index) => record.status !== "PREVIEWED" || index === 0);
  const userIds = [...new Set(visible.flatMap((record) => (record.createdById ? [record.createdById] : [])))];
  const users = userIds.length === 0 ? [] : await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } });
  const userById = new Map(users.map((user) => [user.id, user]));
  return visible.map((record) => {
    const summary = (record.summary ?? {}) as StoredSummary;
    const counts = summary.counts;
    const user = record.createdById ? userById.get(record.createdById) : undefined;
    return {
      id: record.id,
      kind: record.kind,
      status: record.status,
      fileName: record.fileName,
      rowCount: record.rowCount,
      counts: counts
        ? { add: counts.add ?? 0, update: counts.update ?? 0, unchanged: counts.unchanged ?? 0, errors: counts.errors ?? 0, warnings: counts.warnings ?? 0 }
        : null,
      tracking:
        record.kind === "TRACKING" && summary.packages !== undefined
          ? {
              newBackers: summary.newBackers ?? 0,
              replacedBackers: summary.replacedBackers ?? 0,
              addedBackers: summary.addedBackers ?? 0,
              packages: summary.packages,
            }
          : null,
      contacts:
        record.kind === "CONTACTS" && summary.entries !== undefined
          ? { entries: summary.entries, matchedBackers: summary.matchedBackers ?? 0, unmatched: summary.unmatched ?? 0 }
          : null,
      storedProblems: Array.isArray(summary.problems) ? summary.problems.length : 0,
      createdBy: user ? { name: user.name, email: user.email } : null,
      createdAt: record.createdAt,
      appliedAt: record.appliedAt,
    };
  });
}
