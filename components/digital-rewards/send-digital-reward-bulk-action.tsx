"use client";

/**
 * Bulk action in the backer report's selection bar (reads the selection with useBackerSelection).
 * Filled in by the digital-rewards work; renders nothing until then.
 */
export function SendDigitalRewardBulkAction(_props: { projectId: string; rewards: { id: string; name: string; kind: "UNIQUE" | "SHARED" }[] }) {
  return null;
}
