"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import type { ActionResult } from "@/lib/actions/action-result";

type SegmentRowActionsProps = {
  projectId: string;
  segment: { id: string; name: string; usedBy: { id: string; name: string }[] };
  duplicate: (input: { projectId: string; segmentId: string }) => Promise<ActionResult<{ id: string; name: string }>>;
  remove: (input: { projectId: string; segmentId: string }) => Promise<ActionResult<{ deleted: boolean }>>;
  /** Where to go after deleting (the list, when deleting from the segment's own page). */
  afterDeleteHref?: string;
};

/** Edit, duplicate and delete for one segment; a segment other segments use says so instead of deleting. */
export function SegmentRowActions({ projectId, segment, duplicate, remove, afterDeleteHref }: SegmentRowActionsProps) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const usedBy = segment.usedBy.map((s) => `“${s.name}”`).join(", ");

  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      <Link href={`/projects/${projectId}/segments/${segment.id}/edit`} className={buttonClasses("ghost", "sm")}>
        Edit<span className="sr-only"> {segment.name}</span>
      </Link>
      <Button
        variant="ghost"
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await duplicate({ projectId, segmentId: segment.id });
            setMessage(
              result.ok
                ? { tone: "ok", text: `Copied as “${result.data.name}”` }
                : { tone: "error", text: result.message },
            );
            if (result.ok) router.refresh();
          })
        }
      >
        Duplicate<span className="sr-only"> {segment.name}</span>
      </Button>
      {segment.usedBy.length > 0 ? (
        <span className="px-2 text-xs text-slate-500" title={`Remove it from ${usedBy} to delete it`}>
          Used by {usedBy}
        </span>
      ) : confirming ? (
        <span className="inline-flex items-center gap-1">
          <span className="text-sm text-slate-700">Delete “{segment.name}”?</span>
          <Button
            variant="danger"
            size="sm"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const result = await remove({ projectId, segmentId: segment.id });
                if (result.ok) {
                  if (afterDeleteHref) router.push(afterDeleteHref);
                  router.refresh();
                } else setMessage({ tone: "error", text: result.message });
                setConfirming(false);
              })
            }
          >
            Delete
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </span>
      ) : (
        <Button variant="ghost" size="sm" className="text-red-700" onClick={() => setConfirming(true)}>
          Delete<span className="sr-only"> {segment.name}</span>
        </Button>
      )}
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={
            message.tone === "error"
              ? "w-full text-right text-sm text-red-700"
              : "w-full text-right text-sm text-green-700"
          }
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
