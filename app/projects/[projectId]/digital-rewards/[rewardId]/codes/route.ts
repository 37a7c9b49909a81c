import { revalidatePath } from "next/cache";
import { runInTransaction } from "@/lib/db/run-in-transaction";
import { addCodesToBankOrThrow, CODE_BANK_TRANSACTION_OPTIONS } from "@/lib/digital-rewards/add-codes-to-bank";
import { projectRoute } from "@/lib/http/project-route";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { jsonRouteResponse } from "@/lib/http/route-responses";
import { readCodeListForm } from "../../code-list-form";
import { CODE_BANK_CROSS_SITE_MESSAGE, CODE_BANK_FORM_MESSAGES } from "./code-bank-route-options";

/**
 * "Add to code bank" on a unique reward's page: the pasted codes or the uploaded CSV, TXT or
 * workbook, all added or none. Answers `{ added, bankLeft }`, or the problems one per line (each
 * naming its row or line) as plain text. A route handler like the other uploads, so the page shows
 * the upload's progress and a 30 MB list is refused while it arrives.
 */
export const POST = projectRoute<{ projectId: string; rewardId: string }>(
  {
    permission: "edit",
    format: "text",
    crossSite: CODE_BANK_CROSS_SITE_MESSAGE,
    form: { limit: REQUEST_BODY_LIMITS.codeList, messages: CODE_BANK_FORM_MESSAGES },
  },
  async ({ project, user, params, form }) => {
    const list = await readCodeListForm(form);
    const result = await runInTransaction(
      (tx) => addCodesToBankOrThrow(tx, { projectId: project.id, rewardId: params.rewardId, list, actorId: user.id }),
      CODE_BANK_TRANSACTION_OPTIONS,
    );
    revalidatePath(`/projects/${project.id}/digital-rewards`, "layout");
    return jsonRouteResponse(result);
  },
);
