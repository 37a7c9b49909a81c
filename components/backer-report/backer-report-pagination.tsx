import Link from "next/link";
import { Suspense, use } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { formatCount } from "@/components/ui/format";
import { PageLink } from "@/components/ui/page-link";
import { backerReportHref, type BackerReportQuery } from "@/lib/backers/report/backer-report-query-schema";

type Props = {
  query: BackerReportQuery;
  path: string;
  shown: number;
  /** Backers matching the filter; may arrive after the rows (the sentence waits for it alone). */
  totalCount: Promise<number> | number;
  nextCursor: string | null;
  prevCursor: string | null;
};

function Showing({ shown, totalCount }: { shown: number; totalCount: Promise<number> | number }) {
  const total = typeof totalCount === "number" ? totalCount : use(totalCount);
  return (
    <>
      {`Showing ${shown.toLocaleString("en-US")} of `}
      <span className="font-semibold text-slate-900">{total.toLocaleString("en-US")}</span>
      {total === 1 ? " backer" : " backers"}
    </>
  );
}

/** Previous / next page links (keyset cursors in the URL) and how many backers match. */
export function BackerReportPagination({ query, path, shown, totalCount, nextCursor, prevCursor }: Props) {
  const prev = prevCursor
    ? backerReportHref(path, query, { cursor: { direction: "before", token: prevCursor } })
    : null;
  const next = nextCursor ? backerReportHref(path, query, { cursor: { direction: "after", token: nextCursor } }) : null;
  const first = query.cursor ? backerReportHref(path, query, { cursor: null }) : null;
  return (
    <nav
      aria-label="Backer report pages"
      className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between"
    >
      <p className="text-sm text-slate-600">
        <Suspense fallback={`Showing ${formatCount(shown, "backer")}, counting all that match…`}>
          <Showing shown={shown} totalCount={totalCount} />
        </Suspense>
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
