import type { RouteFormMessages } from "@/lib/http/read-route-form";

/** Refused before anything is read: imports start from the Imports page only. */
export const IMPORT_CROSS_SITE_MESSAGE = "Backers can only be imported from the Imports page. Open it and try again.";

/** How the import page's uploads are refused. */
export const IMPORT_FORM_MESSAGES: RouteFormMessages = {
  sizeSentence: true,
  tooLarge: "Split the report into smaller files (for example one per reward). Nothing was changed.",
  incomplete: "The upload did not arrive complete. Choose the file and try again; nothing was changed.",
  notAForm: "The upload did not arrive complete. Choose the file and try again; nothing was changed.",
};
