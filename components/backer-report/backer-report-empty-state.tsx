import { EmptyState } from "@/components/ui/empty-state";
import { FilterIcon, UsersIcon } from "@/components/ui/icons";
import { LinkButton } from "@/components/ui/link-button";

/** The project has no backers at all: point at the import. */
export function NoBackersYet({ importHref }: { importHref: string }) {
  return (
    <EmptyState
      title="No backers yet — import your Kickstarter backer report"
      icon={<UsersIcon />}
      action={<LinkButton href={importHref}>Import backers</LinkButton>}
    >
      Export the backer report from your campaign&apos;s dashboard (a CSV, or the ZIP with one CSV per reward) and upload it here.
    </EmptyState>
  );
}

/** Backers exist, but none match the search and filters. */
export function NoBackersMatch({ clearHref }: { clearHref: string }) {
  return (
    <EmptyState
      title="No backers match these filters"
      icon={<FilterIcon />}
      action={
        <LinkButton href={clearHref} variant="secondary">
          Clear filters
        </LinkButton>
      }
    >
      Try a shorter search, or remove a filter.
    </EmptyState>
  );
}
