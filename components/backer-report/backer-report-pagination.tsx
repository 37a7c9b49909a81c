import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { PageLink } from "@/components/ui/page-link";
import { backerReportHref, type BackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";

type Props = {
  query: BackerReportQuery;
  path: string;
  shown: number;
  totalCount: number;
  nextCursor: string | null;
  prevCursor: string | null;
};

/** Previous / next page links (keyset cursors in the URL) and how many backers match. */
export function BackerReportPagination({ query, path, shown, totalCount, nextCursor, prevCursor }: Props) {
  const prev = prevCursor ? backerReportHref(path, query, { cursor: { direction: "before", token: prevCursor } }) : null;
  const next = nextCursor ? backerReportHref(path, query, { cursor: { direction: "after", token: nextCursor } }) : null;
  const first = query.cursor ? backerReportHref(path, query, { cursor: null }) : null;
  return (
    <nav aria-label="Backer report pages" className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-600">
        Showing {shown.toLocaleString("en-US")} of{" "}
        <span className="font-semibold text-slate-900">{totalCount.toLocaleString("en-US")}</span>{" "}
        {totalCount === 1 ? "backer" : "backers"}
      </p>
      <div className="flex items-center gap-2">
        {first && prevCursor && (
          <Link href={first} className={buttonClasses("ghost", "sm")}>
            First page
          </Link>
        )}
        <PageLink href={prev} label="← Previous" rel="prev" />
        <PageLink href={next} label="Next →" rel="next" />
      </div>
    </nav>
  );
}
