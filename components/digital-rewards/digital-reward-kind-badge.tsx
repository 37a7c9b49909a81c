import { Badge } from "@/components/ui/badge";

/** "Unique access codes" or "Shared access code", in the reference's words. */
export function DigitalRewardKindBadge({ kind }: { kind: "UNIQUE" | "SHARED" }) {
  return (
    <Badge tone={kind === "UNIQUE" ? "indigo" : "neutral"}>
      {kind === "UNIQUE" ? "Unique access codes" : "Shared access code"}
    </Badge>
  );
}
