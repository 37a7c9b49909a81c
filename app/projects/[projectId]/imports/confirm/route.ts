import { applyBackerImport } from "@/lib/backers/import/import-backers";
import { readBackerImportFormOrThrow } from "@/lib/backers/import/read-backer-import-form";
import type { ConfirmBackerImportEvent } from "@/lib/backers/import/summarize-backer-import-preview";
import { DomainError } from "@/lib/errors";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { logger } from "@/lib/log/logger";
import { domainErrorResponse, guardImportRoute, readImportRouteForm } from "../import-route-guard";

/** Progress lines are sent at most this often, so a 250,000-row import sends tens, not hundreds. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Confirm step: the page posts the same files again with the preview's `importId`; the import is
 * applied in one transaction (all or nothing) if the files and the project still match the preview.
 * The answer streams newline-delimited JSON — progress while the backers are written, then the
 * result or the error — so a large import shows how far it has got.
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  const { projectId } = await params;
  const guard = await guardImportRoute(request, projectId, "edit");
  if (!guard.ok) return guard.response;
  const posted = await readImportRouteForm(request, REQUEST_BODY_LIMITS.upload);
  if (!posted.ok) return posted.response;
  let input: Awaited<ReturnType<typeof readBackerImportFormOrThrow>>;
  try {
    input = await readBackerImportFormOrThrow(posted.form, { requireImportId: true });
  } catch (error) {
    return domainErrorResponse(error);
  }
  const { files, importId, levelKinds, launchedAt, newPledgeDefaults } = input;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ConfirmBackerImportEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      let lastSent = 0;
      send({ type: "progress", phase: "reading", done: 0, total: files.length });
      try {
        const result = await applyBackerImport(projectId, { importId: importId!, files, levelKinds, launchedAt, newPledgeDefaults }, guard.user.id, (progress) => {
          const now = Date.now();
          if (now - lastSent < PROGRESS_INTERVAL_MS && progress.done < progress.total) return;
          lastSent = now;
          send({ type: "progress", ...progress });
        });
        send({
          type: "result",
          importId: result.importId,
          added: result.added,
          updated: result.updated,
          unchanged: result.unchanged,
          pledgeLevelsCreated: result.pledgeLevelsCreated,
          itemsCreated: result.itemsCreated,
        });
      } catch (error) {
        if (error instanceof DomainError) send({ type: "error", code: error.code, message: error.message });
        else {
          logger.error({ err: error }, "backer import failed");
          send({ type: "error", code: "INTERNAL", message: "The import failed on our side and nothing was changed. Try again in a moment." });
        }
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      // no-transform keeps compression from buffering the progress lines.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
