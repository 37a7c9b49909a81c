"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ButtonVariant } from "@/components/ui/button-classes";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * A button that runs one server action, optionally after a confirmation, and says what happened;
 * a result with a segment links to it.
 */
export function ActionButton<Input>({
  input,
  action,
  label,
  pendingLabel,
  confirm,
  variant,
  success,
  segmentsHref,
  jobOfProject,
}: {
  input: Input;
  action: (input: NoInfer<Input>) => Promise<ActionResult<unknown>>;
  label: string;
  pendingLabel: string;
  /** Asked before running, e.g. "Undo “Early bird pin” for 1,234 backers?". */
  confirm?: string;
  variant?: ButtonVariant;
  success: string;
  /** The segments page: a result holding a segment (id and name) links to it. */
  segmentsHref?: string;
  /**
   * The action queues a job of this project (its result is `{ jobId }`): the button follows the
   * job and says what happened once it ends.
   */
  jobOfProject?: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const run = () =>
    start(async () => {
      let r = await action(input);
      setConfirming(false);
      if (r.ok && jobOfProject) {
        const finished = await followStartedProjectJob(jobOfProject, (r.data as { jobId: string }).jobId, () => {});
        r =
          finished.status === "DONE"
            ? { ok: true, data: finished.result }
            : { ok: false, code: "CONFLICT", message: describeUnfinishedProjectJob(finished, "Nothing was changed.") };
      }
      setResult(r);
      if (r.ok) router.refresh();
    });
  const segment = result?.ok ? (result.data as { id?: string; name?: string }) : null;
  const target =
    segmentsHref && segment?.id ? { href: `${segmentsHref}/${segment.id}`, label: `Open “${segment.name}”` } : null;
  return (
    <div className="space-y-2">
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          {/* A long question takes its own line above the buttons rather than squeezing them. */}
          <p className="basis-full text-sm text-slate-800 sm:max-w-md">{confirm}</p>
          <Button variant={variant} size="sm" onClick={run} disabled={pending}>
            {pending ? pendingLabel : "Confirm"}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant={variant} size="sm" onClick={() => (confirm ? setConfirming(true) : run())} disabled={pending}>
          {pending ? pendingLabel : label}
        </Button>
      )}
      {result && !result.ok && <Alert tone="error">{result.message}</Alert>}
      {result?.ok && (
        <Alert tone="success">
          {success}{" "}
          {target && (
            <Link href={target.href} className="font-semibold underline">
              {target.label}
            </Link>
          )}
        </Alert>
      )}
    </div>
  );
}
