"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/components/ui/format";
import type { ActionResult } from "@/lib/actions/action-result";
import { RetryIcon } from "@/components/ui/icons";

export type RetryEmailTarget = { emailId: string } | { allFailed: true };
export type RetryEmailAction = (input: {
  projectId: string;
  target: RetryEmailTarget;
}) => Promise<ActionResult<{ retried: number }>>;

type Props = {
  projectId: string;
  target: RetryEmailTarget;
  action: RetryEmailAction;
  /** Button text: "Retry", "Retry all 12". */
  label: string;
  /** Names the button for screen readers when its text alone is ambiguous: "Retry the email to ada@example.com". */
  accessibleLabel?: string;
  /** Asked before retrying many messages at once. */
  confirm?: string;
};

/** Puts failed messages back in the queue, then refreshes the log so their new status shows. */
export function RetryEmailButton({ projectId, target, action, label, accessibleLabel, confirm }: Props) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionResult<{ retried: number }> | null>(null);
  const run = () =>
    start(async () => {
      const outcome = await action({ projectId, target });
      setResult(outcome);
      setConfirming(false);
      if (outcome.ok) router.refresh();
    });
  return (
    <div className="space-y-2">
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-800">{confirm}</span>
          <Button size="sm" onClick={run} disabled={pending}>
            {pending ? "Queuing…" : "Confirm"}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          onClick={() => (confirm ? setConfirming(true) : run())}
          disabled={pending}
          aria-label={accessibleLabel}
        >
          <RetryIcon className="size-4" />
          {pending ? "Queuing…" : label}
        </Button>
      )}
      {result && !result.ok && <Alert tone="error">{result.message}</Alert>}
      {result?.ok && (
        <Alert tone="success">
          {result.data.retried === 1
            ? "Queued again: the mail worker will try it within seconds."
            : `${formatCount(result.data.retried, "email")} queued again: the mail worker will try ${result.data.retried === 1 ? "it" : "them"} within seconds.`}
        </Alert>
      )}
    </div>
  );
}
