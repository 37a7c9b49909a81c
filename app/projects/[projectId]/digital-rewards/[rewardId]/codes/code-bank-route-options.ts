import type { RouteFormMessages } from "@/lib/http/read-route-form";
import { MAX_CODE_FILE_BYTES } from "@/lib/digital-rewards/read-code-file";

/** Refused before anything is read: codes are added from the reward's own page only. */
export const CODE_BANK_CROSS_SITE_MESSAGE =
  "Codes can only be added from the digital reward's page. Open it and try again; nothing was added.";

/** How the code bank's uploads are refused. */
export const CODE_BANK_FORM_MESSAGES: RouteFormMessages = {
  sizeSentence: true,
  fileLimit: MAX_CODE_FILE_BYTES,
  tooLarge: "Split the codes into smaller files and upload them one after the other. Nothing was added.",
  incomplete: "The upload did not arrive complete. Try again; nothing was added.",
  notAForm: "The upload was not a form. Reload the page and add the codes again.",
};
