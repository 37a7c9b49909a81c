"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { formatInZone } from "@/lib/projects/zoned-time";
import { Input } from "@/components/ui/input";
import { resendDigitalRewardAction } from "@/app/projects/[projectId]/digital-rewards/actions";
import { postForm } from "@/components/uploads/post-form";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import type { DigitalRewardSendResult } from "@/lib/digital-rewards/apply-digital-reward-send";
import { AccessValue } from "./access-value";
import { DigitalRewardKindBadge } from "./digital-reward-kind-badge";

type BackerReward = {
  id: string;
  name: string;
  kind: "UNIQUE" | "SHARED";
  sharedValue: string | null;
  codesLeft: number;
  delivery: { value: string; sendCount: number; lastSentAt: Date } | null;
};

type Mode = "typed" | "bank";

const radioClasses =
  "size-4 border-slate-300 text-indigo-600 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/**
 * One reward on the single-backer page: re-send the code the backer already has, or send them one
 * (typed in, or the next from the bank; the shared code or URL for a shared reward). The send
 * token is renewed after every success, so a double click sends once.
 */
export function SendToBackerForm({
  projectId,
  backerId,
  backerLabel,
  reward,
  timeZone,
}: {
  projectId: string;
  backerId: string;
  backerLabel: string;
  reward: BackerReward;
  /** The project's zone: times are on its clock. */
  timeZone: string;
}) {
  const [mode, setMode] = useState<Mode>(reward.codesLeft > 0 ? "bank" : "typed");
  const [value, setValue] = useState(reward.kind === "SHARED" ? (reward.sharedValue ?? "") : "");
  const [token, setToken] = useState(() => crypto.randomUUID());
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const idPrefix = `reward-${reward.id}`;

  const finish = (ok: boolean, text: string) => {
    setMessage({ tone: ok ? "success" : "error", text });
    if (ok) setToken(crypto.randomUUID());
  };

  const send = () =>
    startTransition(async () => {
      setMessage(null);
      const source = reward.kind === "SHARED" ? "shared" : mode === "bank" ? "bank" : "paste";
      // The same route as the backer report's send dialog, for a selection of this one backer.
      const form = new FormData();
      form.set("selection", JSON.stringify({ kind: "ids", ids: [backerId] }));
      form.set("source", source);
      if (source === "paste") form.set("codes", value);
      if (source === "shared") form.set("sharedValue", value);
      form.set("token", token);
      let jobId: string;
      try {
        const answer = await postForm(`/projects/${projectId}/digital-rewards/${reward.id}/send`, form);
        if (answer.status !== 202) return finish(false, answer.text.trim() || "The reward could not be sent. Nothing was sent.");
        jobId = (JSON.parse(answer.text) as { jobId: string }).jobId;
      } catch (caught) {
        return finish(false, caught instanceof Error ? caught.message : String(caught));
      }
      const finished = await followStartedProjectJob(projectId, jobId, () => {});
      if (finished.status === "DONE") {
        const result = finished.result as DigitalRewardSendResult;
        finish(true, `Sent “${result.rewardName}” to ${backerLabel}. Their email is on its way.`);
        // The send ran in the worker: the page's server parts still show the reward as unsent.
        router.refresh();
      } else finish(false, describeUnfinishedProjectJob(finished, "The reward could not be sent. Nothing was sent."));
    });

  const resend = () =>
    startTransition(async () => {
      setMessage(null);
      const answer = await resendDigitalRewardAction({ projectId, rewardId: reward.id, backerId, token });
      if (answer.ok)
        finish(
          true,
          `Sent ${backerLabel} their ${reward.kind === "UNIQUE" ? "code" : "link"} “${answer.data.value}” again.`,
        );
      else finish(false, answer.message);
    });

  return (
    <Card
      title={reward.name}
      actions={<DigitalRewardKindBadge kind={reward.kind} />}
      className="h-full"
      data-testid={`reward-card-${reward.name}`}
    >
      <div className="space-y-4">
        {reward.delivery ? (
          <>
            <div>
              <p className="mb-1.5 text-sm text-slate-600">
                {backerLabel} has this reward
                {reward.delivery.sendCount > 1 ? ` (sent ${reward.delivery.sendCount} times, last ` : " (sent "}
                {formatInZone(reward.delivery.lastSentAt, timeZone)}):
              </p>
              <AccessValue value={reward.delivery.value} />
            </div>
            <p className="text-sm text-slate-600">
              A backer holds one code per reward. Re-sending emails them this same code again.
            </p>
            <Button variant="secondary" onClick={resend} disabled={pending}>
              {pending ? "Sending…" : "Re-send this code"}
            </Button>
          </>
        ) : reward.kind === "SHARED" ? (
          <>
            <FormField
              id={`${idPrefix}-shared`}
              label="Shared access code or URL"
              hint="Links must start with http:// or https://."
            >
              {(field) => (
                <Input {...field} value={value} autoComplete="off" onChange={(event) => setValue(event.target.value)} />
              )}
            </FormField>
            <Button onClick={send} disabled={pending || value.trim() === ""}>
              {pending ? "Sending…" : "Send digital reward"}
            </Button>
          </>
        ) : (
          <>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium text-slate-900">Unique access code</legend>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="radio"
                  name={`${idPrefix}-mode`}
                  checked={mode === "bank"}
                  onChange={() => setMode("bank")}
                  className={radioClasses}
                  disabled={reward.codesLeft === 0}
                />
                Next code from the bank ({reward.codesLeft.toLocaleString("en-US")} left)
              </label>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="radio"
                  name={`${idPrefix}-mode`}
                  checked={mode === "typed"}
                  onChange={() => setMode("typed")}
                  className={radioClasses}
                />
                Type a code
              </label>
            </fieldset>
            {mode === "typed" && (
              <FormField id={`${idPrefix}-code`} label="Code">
                {(field) => (
                  <Input
                    {...field}
                    value={value}
                    autoComplete="off"
                    className="font-mono"
                    onChange={(event) => setValue(event.target.value)}
                  />
                )}
              </FormField>
            )}
            <Button onClick={send} disabled={pending || (mode === "typed" && value.trim() === "")}>
              {pending ? "Sending…" : "Send digital reward"}
            </Button>
          </>
        )}
        {message && (
          <Alert tone={message.tone}>
            {message.text.split("\n").map((line) => (
              <p key={line}>{line}</p>
            ))}
          </Alert>
        )}
      </div>
    </Card>
  );
}
