import type { RouteFormMessages } from "@/lib/http/read-route-form";
import { codeListFormMessages } from "../../code-list-form";

/** Refused before anything is read: codes are added from the reward's own page only. */
export const CODE_BANK_CROSS_SITE_MESSAGE =
  "Codes can only be added from the digital reward's page. Open it and try again; nothing was added.";

/** How the code bank's uploads are refused. */
export const CODE_BANK_FORM_MESSAGES: RouteFormMessages = codeListFormMessages("Nothing was added.");
