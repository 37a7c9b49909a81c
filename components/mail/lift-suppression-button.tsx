"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

export type LiftSuppressionAction = (input: {
  projectId: string;
  email: string;
}) => Promise<ActionResult<{ email: string }>>;

type Props = { projectId: string; email: string; action: LiftSuppressionAction };

/** Lifts one address's suppression, after the creator confirms the backer asked for mail again. */
export function LiftSuppressionButton({ projectId, email, action }: Props) {
  const router = useRouter();
  const questionId = useId();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lift = () =>
    start(async () => {
      const outcome = await action({ projectId, email });
      if (outcome.ok) {
        setConfirming(false);
        router.refresh();
      } else setError(outcome.message);
    });
  if (!confirming) {
    return (
      <Button
        variant="secondary"
        size="sm"
        onClick={() => setConfirming(true)}
        aria-label={`Lift the suppression of ${email}`}
      >
        Lift suppression
      </Button>
    );
  }
  return (
    <div role="group" aria-labelledby={questionId} className="space-y-2">
      <p id={questionId} className="text-sm text-slate-800">
        Send to {email} again? Only do this if the backer told you the address works now or asked for your emails.
        Emails skipped meanwhile stay unsent; a new bounce or complaint suppresses it again.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={lift} disabled={pending} autoFocus>
          {pending ? "Lifting…" : "Yes, lift it"}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
