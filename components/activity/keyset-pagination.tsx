import Link from "next/link";
import { buttonClasses } from "@/components/ui/button-classes";
import { PageLink } from "@/components/ui/page-link";

type Props = {
  /** Names the navigation for screen readers: "Activity pages". */
  label: string;
  /** Link to the newer page, the older page and the newest (first) page; null when there is none. */
  newerHref: string | null;
  olderHref: string | null;
  newestHref: string | null;
  summary?: string;
};

/** Newer / older page links of a newest-first list paged by keyset cursors in the URL. */
export function KeysetPagination({ label, newerHref, olderHref, newestHref, summary }: Props) {
  if (!newerHref && !olderHref && !newestHref)
    return summary ? <p className="py-4 text-sm text-slate-600">{summary}</p> : null;
  return (
    <nav aria-label={label} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-slate-600">{summary}</p>
      <div className="flex flex-wrap items-center gap-2">
        {newestHref && (
          <Link href={newestHref} className={buttonClasses("ghost", "sm")}>
            Newest
          </Link>
        )}
        <PageLink href={newerHref} label="← Newer" rel="prev" />
        <PageLink href={olderHref} label="Older →" rel="next" />
      </div>
    </nav>
  );
}
