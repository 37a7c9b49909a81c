import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/**
 * Says that some pledge levels' kinds were only suggested by an import, so anything that relies on
 * kinds ("Pledge level kind", "Exclude digital-only pledges", tracking warnings) may be wrong.
 */
export function UnconfirmedLevelKindsNotice({ projectId, names }: { projectId: string; names: string[] }) {
  if (names.length === 0) return null;
  const shown = names.slice(0, 5).map((name) => `“${name}”`).join(", ");
  const more = names.length > 5 ? ` and ${names.length - 5} more` : "";
  return (
    <Alert tone="warning" title={names.length === 1 ? "A pledge level's kind is not confirmed" : "Pledge levels' kinds are not confirmed"}>
      The kind of {shown}
      {more} (physical, digital only or no reward) was suggested by an import and nobody has confirmed it yet, so
      conditions and exclusions by kind may be wrong.{" "}
      <Link href={`/projects/${projectId}/pledge-levels`} className="font-semibold underline">
        Confirm the kinds on Pledge levels
      </Link>
      .
    </Alert>
  );
}
