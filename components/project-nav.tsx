"use client";

import { TabNav } from "@/components/ui/tab-nav";

/** The sections of a project, in the order a creator works through them. */
const projectSections = [
  { slug: "backers", label: "Backer report" },
  { slug: "segments", label: "Segments" },
  { slug: "digital-rewards", label: "Digital rewards" },
  { slug: "imports", label: "Imports" },
  { slug: "activity", label: "Activity" },
  { slug: "mail", label: "Mail" },
  { slug: "pledge-levels", label: "Pledge levels" },
  { slug: "items", label: "Items" },
  { slug: "settings", label: "Settings" },
  { slug: "team", label: "Team" },
] as const;

/**
 * The project's tabs. A client component, so a page's payload names it with the project id alone
 * instead of carrying the ten links' labels and paths besides the markup.
 */
export function ProjectNav({ projectId }: { projectId: string }) {
  return (
    <TabNav
      label="Project"
      base={`/projects/${projectId}/`}
      items={projectSections.map((section) => ({ href: section.slug, label: section.label }))}
    />
  );
}
