"use client";

import { Dialog } from "radix-ui";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useBackerSelection } from "@/components/backer-report/backer-selection-context";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { FormField } from "@/components/ui/form-field";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { DigitalRewardSendResult } from "@/lib/digital-rewards/apply-digital-reward-send";
import type { DigitalRewardSendContext } from "@/lib/digital-rewards/get-digital-reward-send-context";
import {
  DEFAULT_SEND_EXCLUSIONS,
  type DigitalRewardSendExclusions,
} from "@/lib/digital-rewards/send-exclusions";
import type { DigitalRewardSendPreview } from "@/lib/digital-rewards/preview-digital-reward-send";
import { loadDigitalRewardSendContextAction } from "@/app/projects/[projectId]/digital-rewards/actions";
import { UploadProgress } from "@/components/uploads/upload-progress";
import { useFormUpload } from "@/components/uploads/use-form-upload";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import { ProjectJobProgress, type ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { SendPreview } from "./send-preview";

type Source = "paste" | "file" | "bank" | "shared";
type Reward = { id: string; name: string; kind: "UNIQUE" | "SHARED" };

const n = (value: number) => value.toLocaleString("en-US");
const backers = (value: number) => `${n(value)} ${value === 1 ? "backer" : "backers"}`;

const radioClasses =
  "size-4 border-slate-300 text-indigo-600 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/**
 * "Send digital reward" in the backer report's selection bar: choose a reward, give the codes
 * (pasted, a CSV/TXT file, the code bank, or the one shared code or URL), preview who gets what
 * and who is skipped, then send. Each opening of the dialog has its own send token, so a double
 * click or a retry sends once.
 */
export function SendDigitalRewardBulkAction({ projectId, rewards }: { projectId: string; rewards: Reward[] }) {
  const { selection, count } = useBackerSelection();
  const [open, setOpen] = useState(false);
  const [rewardId, setRewardId] = useState(rewards[0]?.id ?? "");
  // Keyed by reward, so a stale answer for another reward is never shown.
  const [loaded, setLoaded] = useState<{ rewardId: string; context: DigitalRewardSendContext } | null>(null);
  const context = loaded?.rewardId === rewardId ? loaded.context : null;
  const [source, setSource] = useState<Source>("paste");
  const [codes, setCodes] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [sharedValue, setSharedValue] = useState("");
  const [exclusions, setExclusions] = useState<DigitalRewardSendExclusions>(DEFAULT_SEND_EXCLUSIONS);
  const [preview, setPreview] = useState<DigitalRewardSendPreview | null>(null);
  const [result, setResult] = useState<DigitalRewardSendResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState("");
  // The send runs as a job in the worker; its reading while the dialog follows it.
  const [job, setJob] = useState<ProjectJobProgressReading | null>(null);
  // The preview and the send post the form (and its file of codes) with the upload's progress.
  const { progress, post } = useFormUpload();
  const [following, setFollowing] = useState(false);
  const pending = progress !== null || following;
  const router = useRouter();
  const reward = rewards.find((candidate) => candidate.id === rewardId) ?? null;

  // Reward details (kind, shared code, codes left) when the dialog opens or the reward changes.
  useEffect(() => {
    if (!open || !rewardId) return;
    let cancelled = false;
    loadDigitalRewardSendContextAction({ projectId, rewardId }).then((answer) => {
      if (cancelled) return;
      if (!answer.ok) return setError(answer.message);
      setLoaded({ rewardId, context: answer.data });
      setSource(answer.data.kind === "SHARED" ? "shared" : answer.data.codesLeft > 0 ? "bank" : "paste");
      setSharedValue(answer.data.sharedValue ?? "");
    });
    return () => {
      cancelled = true;
    };
  }, [open, projectId, rewardId]);

  const openChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setToken(crypto.randomUUID());
      setPreview(null);
      setResult(null);
      setError(null);
      setJob(null);
      setCodes("");
      setFile(null);
      setExclusions(DEFAULT_SEND_EXCLUSIONS);
    }
  };

  const edited = () => {
    setPreview(null);
    setError(null);
  };

  function formData(withToken: boolean, excluded: DigitalRewardSendExclusions = exclusions): FormData {
    const data = new FormData();
    data.set("selection", JSON.stringify(selection));
    data.set("source", source);
    if (source === "paste") data.set("codes", codes);
    if (source === "file" && file) data.set("file", file);
    if (source === "shared") data.set("sharedValue", sharedValue);
    data.set("excludeFailedPayments", String(excluded.failedPayments));
    data.set("excludeDroppedPledges", String(excluded.droppedPledges));
    if (withToken) data.set("token", token);
    return data;
  }

  const sendUrl = `/projects/${projectId}/digital-rewards/${rewardId}/send`;
  const errorOf = (caught: unknown) => (caught instanceof Error ? caught.message : String(caught));

  const runPreview = async (excluded: DigitalRewardSendExclusions = exclusions) => {
    setError(null);
    try {
      const answer = await post(`${sendUrl}/preview`, formData(false, excluded), {
        uploading: "Uploading the codes",
        checking: "Checking the selection and the codes",
      });
      if (answer.status === 200) setPreview(JSON.parse(answer.text) as DigitalRewardSendPreview);
      else setError(answer.text.trim() || "The send could not be checked. Try again.");
    } catch (caught) {
      setError(errorOf(caught));
    }
  };

  const runSend = async () => {
    setError(null);
    let jobId: string;
    try {
      const answer = await post(sendUrl, formData(true), { uploading: "Uploading the codes", checking: "Queueing the send" });
      if (answer.status !== 202) {
        setError(answer.text.trim() || "The reward could not be sent. Nothing was sent.");
        setPreview(null);
        return;
      }
      jobId = (JSON.parse(answer.text) as { jobId: string }).jobId;
    } catch (caught) {
      setError(errorOf(caught));
      return;
    }
    setFollowing(true);
    const finished = await followStartedProjectJob(projectId, jobId, setJob);
    setFollowing(false);
    setJob(null);
    if (finished.status === "DONE") {
      setResult(finished.result as DigitalRewardSendResult);
      setToken(crypto.randomUUID());
      // The send ran in the worker, so no action revalidated the report's reward columns.
      router.refresh();
    } else {
      setError(describeUnfinishedProjectJob(finished, "The reward could not be sent. Nothing was sent."));
      setPreview(null);
    }
  };

  if (!selection) return null;
  const canPreview = Boolean(reward) && context !== null && (source !== "file" || file !== null);

  return (
    <Dialog.Root open={open} onOpenChange={openChange}>
      <Dialog.Trigger className={buttonClasses("secondary", "sm")}>Send digital reward</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <Dialog.Content className="fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-xl bg-white p-5 shadow-xl focus:outline-none sm:inset-auto sm:top-1/2 sm:left-1/2 sm:w-full sm:max-w-xl sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-xl sm:p-6">
          <Dialog.Title className="text-lg font-semibold text-slate-900">Send digital reward</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            To the {backers(count)} you selected. Each gets an email with their code or link and the reward’s
            instructions.
          </Dialog.Description>

          {result ? (
            <div className="mt-5 space-y-4">
              <Alert tone="success" title={result.repeated ? "This send had already gone out" : "Sent"}>
                “{result.rewardName}” was sent to {backers(result.sent)}.
                {result.skipped > 0 &&
                  ` ${backers(result.skipped)} already had it and ${result.skipped === 1 ? "was" : "were"} skipped.`}
                {result.withoutPledge > 0 &&
                  ` ${backers(result.withoutPledge)} without a pledge ${result.withoutPledge === 1 ? "was" : "were"} skipped.`}
                {result.excluded > 0 &&
                  ` ${backers(result.excluded)} whose payment was not collected ${result.excluded === 1 ? "was" : "were"} left out.`}{" "}
                Their emails are on their way.
              </Alert>
              <div className="flex justify-end">
                <Dialog.Close className={buttonClasses("primary", "md")}>Done</Dialog.Close>
              </div>
            </div>
          ) : rewards.length === 0 ? (
            <div className="mt-5 space-y-4">
              <p className="text-sm text-slate-700">
                This project has no digital rewards yet. Create one first: its name, instructions, and whether it uses
                unique access codes or a shared access code.
              </p>
              <div className="flex justify-end gap-2">
                <Dialog.Close className={buttonClasses("secondary", "md")}>Cancel</Dialog.Close>
                <a href={`/projects/${projectId}/digital-rewards/new`} className={buttonClasses("primary", "md")}>
                  Create a digital reward
                </a>
              </div>
            </div>
          ) : (
            <div className="mt-5 space-y-5">
              <FormField id="send-reward" label="Digital reward">
                {(field) => (
                  <Select
                    {...field}
                    value={rewardId}
                    onChange={(event) => {
                      setRewardId(event.target.value);
                      edited();
                    }}
                  >
                    {rewards.map((candidate) => (
                      <option key={candidate.id} value={candidate.id}>
                        {candidate.name} — {candidate.kind === "UNIQUE" ? "unique access codes" : "shared access code"}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>

              {!context && reward && <p className="text-sm text-slate-500">Loading the reward…</p>}

              {reward?.kind === "SHARED" && context && (
                <FormField
                  id="send-shared-value"
                  label="Shared access code or URL"
                  hint="Every selected backer gets this one code or link. Links must start with http:// or https://."
                >
                  {(field) => (
                    <Input
                      {...field}
                      value={sharedValue}
                      autoComplete="off"
                      placeholder="https://example.com/download"
                      onChange={(event) => {
                        setSharedValue(event.target.value);
                        edited();
                      }}
                    />
                  )}
                </FormField>
              )}

              {reward?.kind === "UNIQUE" && context && (
                <fieldset className="space-y-3">
                  <legend className="text-sm font-medium text-slate-900">Unique access codes</legend>
                  <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:gap-4">
                    {(
                      [
                        ["paste", "Paste codes"],
                        ["file", "Upload CSV, TXT or .xlsx"],
                        ["bank", `From the code bank (${n(context.codesLeft)} left)`],
                      ] as const
                    ).map(([value, label]) => (
                      <label key={value} className="flex items-center gap-2 text-sm text-slate-700">
                        <input
                          type="radio"
                          name="send-source"
                          value={value}
                          checked={source === value}
                          onChange={() => {
                            setSource(value);
                            edited();
                          }}
                          className={radioClasses}
                        />
                        {label}
                      </label>
                    ))}
                  </div>
                  {source === "paste" && (
                    <FormField
                      id="send-codes"
                      label="Codes"
                      hint="One per recipient, separated by commas or new lines. Backers who already have a code of this reward are skipped and need none."
                    >
                      {(field) => (
                        <Textarea
                          {...field}
                          rows={6}
                          value={codes}
                          className="font-mono"
                          placeholder={"KEY-0001, KEY-0002\nKEY-0003"}
                          onChange={(event) => {
                            setCodes(event.target.value);
                            edited();
                          }}
                        />
                      )}
                    </FormField>
                  )}
                  {source === "file" && (
                    <FormField
                      id="send-file"
                      label="CSV, TXT or Excel (.xlsx) file"
                      hint="One code per row. A header named “Code” is skipped."
                    >
                      {(field) => (
                        <Input
                          {...field}
                          type="file"
                          accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                          className="file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-2.5 file:py-1 file:text-sm file:font-medium"
                          onChange={(event) => {
                            setFile(event.target.files?.[0] ?? null);
                            edited();
                          }}
                        />
                      )}
                    </FormField>
                  )}
                  {source === "bank" && (
                    <p className="text-sm text-slate-600">
                      The next {context.codesLeft === 0 ? "" : "unused "}codes of the bank are assigned, one per
                      recipient. The bank has {n(context.codesLeft)} unused {context.codesLeft === 1 ? "code" : "codes"}
                      .
                      {context.codesLeft < count && (
                        <span className="mt-2 block rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200">
                          That may not cover the {backers(count)} selected: preview to see how many need a code.
                        </span>
                      )}
                    </p>
                  )}
                </fieldset>
              )}

              {preview && (
                <SendPreview
                  preview={preview}
                  disabled={pending}
                  onToggleExclusion={(key, value) => {
                    const next = { ...exclusions, [key]: value };
                    setExclusions(next);
                    void runPreview(next);
                  }}
                />
              )}
              {progress && <UploadProgress label={progress.label} fraction={progress.fraction} />}
              {job && <ProjectJobProgress reading={job} />}
              {error && (
                <Alert tone="error" title="Nothing was sent">
                  <ul className="list-disc space-y-1 pl-5">
                    {error.split("\n").map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </Alert>
              )}

              <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                <Dialog.Close className={buttonClasses("secondary", "md")}>Cancel</Dialog.Close>
                {preview && preview.problems.length === 0 ? (
                  <Button onClick={() => void runSend()} disabled={pending}>
                    {pending ? "Sending…" : `Send to ${backers(preview.recipientCount)}`}
                  </Button>
                ) : (
                  <Button onClick={() => void runPreview()} disabled={pending || !canPreview}>
                    {pending ? "Checking…" : "Preview"}
                  </Button>
                )}
              </div>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
