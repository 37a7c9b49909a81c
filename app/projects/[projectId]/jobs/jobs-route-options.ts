/**
 * Refused before anything is read: job progress feeds this project's own pages (a dialog, the
 * header's indicator, Activity), never another site's script.
 */
export const JOBS_CROSS_SITE_MESSAGE =
  "Job progress can only be read from this project's pages. Open the project in Pledgehouse and try again.";
