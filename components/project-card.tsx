import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatInZone } from "@/lib/projects/zoned-time";

export type ProjectCardProps = {
  id: string;
  name: string;
  platform: string;
  currency: string;
  launchedAt: Date | null;
  endedAt: Date | null;
  /** The project's zone: the campaign's dates are on its calendar. */
  timeZone: string;
  role: string;
  backerCount: number;
};

const platformNames: Record<string, string> = {
  KICKSTARTER: "Kickstarter",
  INDIEGOGO: "Indiegogo",
  BACKERKIT: "BackerKit",
  GAMEFOUND: "Gamefound",
  OTHER: "Other platform",
};

/** A project in the projects list; the whole card is one link. */
export function ProjectCard({
  id,
  name,
  platform,
  currency,
  launchedAt,
  endedAt,
  timeZone,
  role,
  backerCount,
}: ProjectCardProps) {
  return (
    <Link
      href={`/projects/${id}`}
      className="group block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow-md"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900 group-hover:text-indigo-700">{name}</h2>
        {role === "COLLABORATOR" && <Badge>Collaborator</Badge>}
      </div>
      <p className="mt-1 text-sm text-slate-500">
        {platformNames[platform] ?? platform} · {currency}
        {launchedAt &&
          ` · ${formatInZone(launchedAt, timeZone, "date")}${endedAt ? ` – ${formatInZone(endedAt, timeZone, "date")}` : ""}`}
      </p>
      <p className="mt-4 text-2xl font-bold tracking-tight text-slate-900">
        {backerCount.toLocaleString("en-US")}
        <span className="ml-1.5 text-sm font-medium text-slate-500">{backerCount === 1 ? "backer" : "backers"}</span>
      </p>
    </Link>
  );
}

export { platformNames };
