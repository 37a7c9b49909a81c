import { PageHeader } from "@/components/ui/page-header";

/**
 * Shown at once when the report is opened from elsewhere, while its rows load. (Changing a
 * filter on the report itself keeps the current rows on screen until the new ones arrive.) Kept
 * small: it travels inside every report page's payload. It sits in the (report) group so that it
 * wraps the report alone: a boundary above backers/[backerId] would stream those pages before they
 * know the backer is the project's, and an unknown backer would get the 404 page with status 200.
 */
export default function BackerReportLoading() {
  return (
    <div aria-busy="true">
      <PageHeader title="Backer report" />
      <p role="status" className="mb-4 text-sm text-slate-500">
        Loading backers…
      </p>
      <div aria-hidden="true" className="skeleton-rows" />
    </div>
  );
}
