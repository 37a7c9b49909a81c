import { TabNav } from "@/components/ui/tab-nav";

/** The sections of a project, in the order a creator works through them. */
export const projectSections = [
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

export function ProjectNav({ projectId }: { projectId: string }) {
  return (
    <TabNav
      label="Project"
      base={`/projects/${projectId}/`}
      items={projectSections.map((section) => ({ href: section.slug, label: section.label }))}
    />
  );
}
