"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { formatCount, formatMoney } from "@/components/ui/format";
import { Input, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ApplyIncentiveResult } from "@/lib/incentives/apply-incentive";
import type { IncentiveFormOptions } from "@/lib/incentives/list-incentive-form-options";
import type { IncentivePreview } from "@/lib/incentives/preview-incentive";
import {
  defaultIncentiveExclusions,
  type IncentiveChoice,
  type IncentiveExclusionKey,
  type IncentiveExclusions,
} from "@/lib/incentives/incentive-schemas";
import { describeUnfinishedProjectJob, followStartedProjectJob } from "@/components/jobs/follow-project-job";
import { ProjectJobProgress, type ProjectJobProgressReading } from "@/components/jobs/project-job-progress";
import { parseMajorAmount } from "./filter-draft";

type IncentiveRequest = {
  projectId: string;
  segmentId: string;
  incentive: IncentiveChoice;
  exclusions: IncentiveExclusions;
};

type IncentiveActionFormProps = {
  kind: "CREDIT" | "ITEM";
  projectId: string;
  segmentId: string;
  currency: string;
  options: IncentiveFormOptions;
  preview: (input: IncentiveRequest) => Promise<ActionResult<IncentivePreview>>;
  /** Queues the apply as a job; the form follows it to its result. */
  apply: (input: IncentiveRequest & { notifyBackers: boolean }) => Promise<ActionResult<{ jobId: string }>>;
};

const nf = (n: number) => n.toLocaleString("en-US");
const backers = (n: number) => `${nf(n)} ${n === 1 ? "backer" : "backers"}`;

/**
 * "Assign Complimentary Credit" or "Manually Add an Item" for a segment: what to give, a live
 * preview of the recipients with each default exclusion (count and toggle) and the warnings, then
 * an explicit confirmation before anything is written.
 */
export function IncentiveActionForm({
  kind,
  projectId,
  segmentId,
  currency,
  options,
  preview,
  apply,
}: IncentiveActionFormProps) {
  const router = useRouter();
  const p = `incentive-${kind.toLowerCase()}`;
  const existing = options.incentives.filter((i) => i.kind === kind);
  const [choice, setChoice] = useState<string>("new");
  const [name, setName] = useState(kind === "CREDIT" ? "Complimentary credit" : "");
  const [amount, setAmount] = useState("");
  const [itemId, setItemId] = useState("");
  const [optionId, setOptionId] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [exclusions, setExclusions] = useState<IncentiveExclusions>(defaultIncentiveExclusions({ kind: "CREDIT" }));
  const [notify, setNotify] = useState(false);
  const [answer, setAnswer] = useState<{ key: string; data?: IncentivePreview; message?: string } | null>(null);
  // Confirming applies to the preview it was asked for; any change asks again.
  const [confirmingKey, setConfirmingKey] = useState<string | null>(null);
  const [done, setDone] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  // The apply runs as a job in the worker; its reading while this form follows it.
  const [job, setJob] = useState<ProjectJobProgressReading | null>(null);
  const [pending, start] = useTransition();
  const request = useRef(0);

  const chosenExisting = existing.find((i) => i.id === choice);
  const itemOf = (id: string | null | undefined) => options.items.find((i) => i.id === id);
  const item = kind === "ITEM" ? itemOf(chosenExisting ? chosenExisting.itemId : itemId) : undefined;

  // A different item means different defaults: digital-only and no-reward pledges are excluded for physical items.
  const resetExclusionsFor = (physical: boolean | undefined) =>
    setExclusions(
      defaultIncentiveExclusions(kind === "CREDIT" ? { kind: "CREDIT" } : { kind: "ITEM", physical: physical ?? true }),
    );

  const built = useMemo((): { incentive: IncentiveChoice | null; problem?: string } => {
    if (chosenExisting) return { incentive: { incentiveId: chosenExisting.id } };
    if (name.trim() === "") return { incentive: null, problem: "Give the incentive a name, such as “Early bird pin”." };
    if (kind === "CREDIT") {
      const creditAmount = parseMajorAmount(amount, currency);
      if (creditAmount === null || creditAmount <= 0) {
        return { incentive: null, problem: `Enter the amount of credit in ${currency}, such as 5.00.` };
      }
      return { incentive: { name, definition: { kind: "CREDIT", creditAmount } } };
    }
    if (!itemId) return { incentive: null, problem: "Choose the item to add." };
    const q = Number(quantity);
    if (!Number.isInteger(q) || q < 1 || q > 100)
      return { incentive: null, problem: "Enter a quantity from 1 to 100." };
    const chosenItem = itemOf(itemId);
    if (chosenItem && chosenItem.options.length > 0 && !optionId) {
      return {
        incentive: null,
        problem: `Choose the option of “${chosenItem.name}” to give (such as a size or colour).`,
      };
    }
    return { incentive: { name, definition: { kind: "ITEM", itemId, itemOptionId: optionId || null, quantity: q } } };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosenExisting, name, kind, amount, currency, itemId, optionId, quantity]);

  const requestKey = JSON.stringify([built, exclusions, refreshKey]);
  useEffect(() => {
    const current = ++request.current;
    if (!built.incentive) return;
    const incentive = built.incentive;
    const key = requestKey;
    const timer = setTimeout(async () => {
      const result = await preview({ projectId, segmentId, incentive, exclusions });
      if (current !== request.current) return;
      setAnswer(result.ok ? { key, data: result.data } : { key, message: result.message });
    }, 300);
    return () => clearTimeout(timer);
    // requestKey stands for built, exclusions and refreshKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, projectId, segmentId]);

  const live: { state: "idle" | "loading" | "ok" | "problem"; data?: IncentivePreview; message?: string } =
    !built.incentive
      ? { state: "problem", message: built.problem }
      : answer?.key === requestKey
        ? answer.message !== undefined
          ? { state: "problem", message: answer.message }
          : { state: "ok", data: answer.data }
        : { state: "loading", data: answer?.data };
  const confirming = confirmingKey === requestKey;
  const setConfirming = (on: boolean) => setConfirmingKey(on ? requestKey : null);

  const data = live.state === "ok" ? live.data : undefined;
  const gift = (() => {
    if (!data) return null;
    const d = data.incentive.definition;
    if (d.kind === "CREDIT") return `${formatMoney(d.creditAmount, currency)} credit`;
    const i = data.incentive.item;
    return `${d.quantity} × ${i ? (i.optionName ? `${i.name} (${i.optionName})` : i.name) : "item"}`;
  })();

  const onApply = () => {
    if (!built.incentive) return;
    const incentive = built.incentive;
    start(async () => {
      setDone(null);
      const started = await apply({ projectId, segmentId, incentive, exclusions, notifyBackers: notify });
      setConfirming(false);
      if (!started.ok) return setDone({ tone: "error", text: started.message });
      const finished = await followStartedProjectJob(projectId, started.data.jobId, setJob);
      setJob(null);
      if (finished.status === "DONE") {
        const r = finished.result as ApplyIncentiveResult;
        setDone({
          tone: "success",
          text: `Gave “${r.name}” to ${backers(r.granted)}${r.skipped > 0 ? ` (${nf(r.skipped)} already had it)` : ""}${r.emailsQueued > 0 ? `; ${formatCount(r.emailsQueued, "email")} queued` : ""}.`,
        });
        setChoice(r.incentiveId);
        setRefreshKey((k) => k + 1);
        router.refresh();
      } else setDone({ tone: "error", text: describeUnfinishedProjectJob(finished, "The incentive could not be applied. Nothing was changed.") });
    });
  };

  return (
    <div className="space-y-5">
      {existing.length > 0 && (
        <FormField
          id={`${p}-choice`}
          label="Incentive"
          hint="Give an incentive again to reach more backers: nobody gets it twice."
        >
          {(field) => (
            <Select
              {...field}
              value={choice}
              onChange={(e) => {
                setChoice(e.target.value);
                const picked = existing.find((i) => i.id === e.target.value);
                if (kind === "ITEM") resetExclusionsFor(itemOf(picked ? picked.itemId : itemId)?.physical);
              }}
            >
              <option value="new">A new incentive</option>
              {existing.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                  {i.kind === "CREDIT" && i.creditAmount !== null ? ` (${formatMoney(i.creditAmount, currency)})` : ""}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      )}
      {!chosenExisting && (
        <div className="grid items-start gap-4 sm:grid-cols-2">
          <FormField id={`${p}-name`} label="Incentive name">
            {(field) => (
              <Input
                {...field}
                value={name}
                maxLength={120}
                onChange={(e) => setName(e.target.value)}
                placeholder="Early bird pin"
              />
            )}
          </FormField>
          {kind === "CREDIT" ? (
            <FormField id={`${p}-amount`} label={`Credit per backer (${currency})`}>
              {(field) => (
                <Input
                  {...field}
                  inputMode="decimal"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  placeholder="5.00"
                />
              )}
            </FormField>
          ) : (
            <>
              <FormField id={`${p}-item`} label="Item">
                {(field) => (
                  <Select
                    {...field}
                    value={itemId}
                    onChange={(e) => {
                      setItemId(e.target.value);
                      setOptionId("");
                      resetExclusionsFor(itemOf(e.target.value)?.physical);
                    }}
                  >
                    <option value="">Choose an item…</option>
                    {options.items.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.name}
                        {i.sku ? ` (${i.sku})` : ""}
                        {i.physical ? "" : " — digital"}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
              {item && item.options.length > 0 && (
                <FormField id={`${p}-option`} label="Option" hint="Such as the size or colour each backer gets.">
                  {(field) => (
                    <Select {...field} value={optionId} onChange={(e) => setOptionId(e.target.value)}>
                      <option value="">Choose an option…</option>
                      {item.options.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </Select>
                  )}
                </FormField>
              )}
              <FormField id={`${p}-quantity`} label="Quantity (free of charge)">
                {(field) => (
                  <Input
                    {...field}
                    type="number"
                    min={1}
                    max={100}
                    value={quantity}
                    onChange={(e) => setQuantity(e.target.value)}
                  />
                )}
              </FormField>
            </>
          )}
        </div>
      )}

      <div className="rounded-lg border border-slate-200 bg-slate-50 p-4" aria-live="polite">
        {live.state === "problem" && <p className="text-sm text-slate-700">{live.message}</p>}
        {live.state === "loading" && !data && <p className="text-sm text-slate-500">Counting recipients…</p>}
        {live.state === "idle" && <p className="text-sm text-slate-500">Preview</p>}
        {(data || (live.state === "loading" && live.data)) && (
          <PreviewPanel
            data={(data ?? live.data)!}
            exclusions={exclusions}
            onToggle={(key, value) => setExclusions((e) => ({ ...e, [key]: value }))}
            idPrefix={p}
            stale={live.state === "loading"}
          />
        )}
      </div>

      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600"
          checked={notify}
          onChange={(e) => setNotify(e.target.checked)}
        />
        <span>
          Email the backers who receive it{" "}
          <span className="text-slate-500">(one message each, never twice for the same incentive)</span>
          {notify && data && data.notEmailed > 0 && (
            <span className="mt-1 block text-slate-600" data-testid="incentive-not-emailed">
              {data.notEmailed === data.newGrants
                ? "None of them will get the email"
                : `${backers(data.notEmailed)} will get no email`}
              : they unsubscribed from this project&rsquo;s announcements or their address bounced or complained. They
              get the gift anyway.
            </span>
          )}
        </span>
      </label>

      {job && <ProjectJobProgress reading={job} />}
      {done && (
        <Alert tone={done.tone === "success" ? "success" : "error"}>
          {done.text}{" "}
          {done.tone === "success" && (
            <Link href={`/projects/${projectId}/segments/incentives`} className="font-semibold underline">
              See all incentives (undo)
            </Link>
          )}
        </Alert>
      )}

      {confirming && data ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-indigo-200 bg-indigo-50 p-3">
          <p className="text-sm text-indigo-900">
            Give {gift} to {backers(data.newGrants)} now? You can undo it from Incentives.
          </p>
          <Button onClick={onApply} disabled={pending}>
            {pending ? "Applying…" : "Confirm"}
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button onClick={() => setConfirming(true)} disabled={!data || data.newGrants === 0 || live.state !== "ok" || job !== null}>
          {kind === "CREDIT" ? "Assign Complimentary Credit" : "Manually Add an Item"}
          {data && data.newGrants > 0 ? ` to ${backers(data.newGrants)}` : ""}
        </Button>
      )}
    </div>
  );
}

function PreviewPanel({
  data,
  exclusions,
  onToggle,
  idPrefix,
  stale,
}: {
  data: IncentivePreview;
  exclusions: IncentiveExclusions;
  onToggle: (key: IncentiveExclusionKey, value: boolean) => void;
  idPrefix: string;
  stale: boolean;
}) {
  return (
    <div className={stale ? "space-y-4 opacity-60" : "space-y-4"}>
      <div>
        <p className="text-sm text-slate-600">Recipients</p>
        <p className="text-2xl font-bold text-slate-900" data-testid={`${idPrefix}-recipients`}>
          {backers(data.newGrants)}
        </p>
        <p className="text-sm text-slate-600">
          of {backers(data.segmentPledges)} in “{data.segment.name}”
          {data.alreadyGranted > 0 && ` · ${nf(data.alreadyGranted)} already have this incentive and are skipped`}
        </p>
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-900">Exclusions</legend>
        <ul className="mt-2 space-y-1.5">
          {data.exclusions.map((e) => (
            <li key={e.key}>
              <label className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="size-4 rounded border-slate-300 text-indigo-600"
                  checked={exclusions[e.key]}
                  onChange={(event) => onToggle(e.key, event.target.checked)}
                />
                <span>
                  Exclude {e.label.charAt(0).toLowerCase() + e.label.slice(1)}{" "}
                  <span className="text-slate-500">({backers(e.count)} in the segment)</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {data.warnings.length > 0 && (
        <Alert tone="warning" title="Check before applying">
          <ul className="list-disc space-y-1 pl-5">
            {data.warnings.map((w) => (
              <li key={w.code}>{w.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {data.sample.length > 0 && (
        <div>
          <p className="text-sm font-medium text-slate-900">First recipients</p>
          <ul className="mt-1 divide-y divide-slate-200 text-sm">
            {data.sample.map((s) => (
              <li key={s.backerId} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                <span className="min-w-0 truncate">
                  {s.name || s.email} <span className="text-slate-500">· {s.pledgeLevelName ?? "No reward"}</span>
                </span>
                <PledgeStatusBadge status={s.status} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
