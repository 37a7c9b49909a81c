import { prisma } from "@/lib/db/client";
import type { FileProblem } from "@/lib/csv/file-problem";
import { toCsv } from "@/lib/csv/to-csv";
import { projectRoute } from "@/lib/http/project-route";
import { routeFailureResponse } from "@/lib/http/route-responses";
import { isUuid } from "@/lib/projects/is-uuid";

/** The problems an import recorded, as a CSV a creator can sort and work through in a spreadsheet. */
export const GET = projectRoute<{ projectId: string; importId: string }>(
  { permission: "export", format: "json" },
  async ({ project, params: { importId } }) => {
    const record = isUuid(importId)
      ? await prisma.import.findFirst({
          where: { id: importId, projectId: project.id },
          select: { fileName: true, summary: true },
        })
      : null;
    if (!record) return routeFailureResponse("json", 404, "NOT_FOUND", "This import does not exist in this project.");
    const problems = ((record.summary ?? {}) as { problems?: FileProblem[] }).problems ?? [];
    const csv = toCsv(
      ["File", "Row", "Column", "Value", "Problem", "How to fix it", "Severity"],
      problems.map((problem) => [
        problem.file,
        problem.row ?? null,
        problem.column ?? null,
        problem.value ?? null,
        problem.message,
        problem.fix,
        problem.severity,
      ]),
    );
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="import-problems-${importId.slice(0, 8)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
