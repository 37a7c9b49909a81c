"use client";

/**
 * Bulk action in the backer report's selection bar (reads the selection with useBackerSelection).
 * Filled in by the tracking-numbers work; renders nothing until then.
 */
export function AddTrackingNumbersBulkAction(_props: { projectId: string }) {
  return null;
}
