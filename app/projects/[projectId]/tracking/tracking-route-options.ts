import type { RouteFormMessages } from "@/lib/http/read-route-form";

/** Refused before anything is read: tracking changes start from the backer report only. */
export const TRACKING_CROSS_SITE_MESSAGE =
  "Tracking numbers can only be added from the backer report. Open it and try again.";

/** How the tracking dialog's uploads (and its template request) are refused. */
export const TRACKING_FORM_MESSAGES: RouteFormMessages = {
  sizeSentence: true,
  tooLarge: "Split the file into smaller files (for example one per reward). Nothing was changed.",
  incomplete: "The upload did not arrive complete. Try again; nothing was changed.",
  notAForm: "The upload was not a form. Reload the page and upload the file again.",
};
