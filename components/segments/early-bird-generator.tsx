"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";
import type { GeneratedIncentiveSegments } from "@/lib/segments/generate-incentive-segments";
import { formatInZone, formatZonedDateTime } from "@/lib/projects/zoned-time";
import { PledgesPerHourChart } from "./pledges-per-hour-chart";

type Props = {
  projectId: string;
  initialHours: number;
  hours: number[];
  beforeLaunch: number;
  total: number;
  launched: boolean;
  /** The launch moment (ISO) and the project's zone, to say which moment the window counts from. */
  launch: { at: string; timeZone: string } | null;
  /** Where the launch time is set. */
  settingsHref: string;
  generate: (input: { projectId: string; earlyBirdHours: number }) => Promise<ActionResult<GeneratedIncentiveSegments>>;
};

const nf = (n: number) => n.toLocaleString("en-US");

/**
 * "Generate segments of incentives offered": the early-bird window (48 hours by default) with the
 * pledges per hour since launch, so the creator sees whom it catches, then both segments at once.
 */
export function EarlyBirdGenerator({ projectId, initialHours, hours, beforeLaunch, total, launched, launch, settingsHref, generate }: Props) {
  const router = useRouter();
  const [text, setText] = useState(String(initialHours));
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<GeneratedIncentiveSegments> | null>(null);
  const windowHours = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  const valid = Number.isInteger(windowHours) && windowHours >= 1 && windowHours <= 8784;
  const shownHours = Math.min(hours.length, Math.max(72, valid ? Math.ceil(windowHours * 1.5) : 72));
  const caught = valid ? beforeLaunch + hours.slice(0, windowHours).reduce((a, b) => a + b, 0) : 0;
  const busiest = hours.slice(0, shownHours).reduce((best, n, h) => (n > hours[best] ? h : best), 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <div className="w-56">
          <FormField
            id="early-bird-hours"
            label="Early-bird window (hours)"
            error={
              !valid
                ? "Enter a whole number of hours from 1, such as 48"
                : result && !result.ok
                  ? result.fieldErrors?.earlyBirdHours
                  : undefined
            }
          >
            {(field) => (
              <Input {...field} type="number" min={1} value={text} onChange={(e) => setText(e.target.value)} />
            )}
          </FormField>
        </div>
        <Button
          disabled={!valid || pending || !launched}
          onClick={() =>
            start(async () => {
              const r = await generate({ projectId, earlyBirdHours: windowHours });
              setResult(r);
              if (r.ok) router.refresh();
            })
          }
        >
          {pending ? "Generating…" : "Generate segments of incentives offered"}
        </Button>
      </div>
      {launched ? (
        <>
          {launch && (
            <p className="text-sm text-slate-700" data-testid="early-bird-window">
              Launch: <strong>{formatZonedDateTime(new Date(launch.at), launch.timeZone)}</strong>.
              {valid && (
                <>
                  {" "}
                  The window ends{" "}
                  <strong>{formatZonedDateTime(new Date(new Date(launch.at).getTime() + windowHours * 3_600_000), launch.timeZone)}</strong>.
                </>
              )}{" "}
              <Link href={settingsHref} className="text-indigo-700 underline">
                Change the launch time
              </Link>
            </p>
          )}
          <p className="text-sm text-slate-700" aria-live="polite" data-testid="early-bird-summary">
            {valid ? (
              <>
                <strong>{nf(caught)}</strong> of {nf(total)} backers pledged within the first {nf(windowHours)} hours
                {total > 0 ? ` (${Math.round((caught / total) * 100)}%)` : ""}
                {beforeLaunch > 0 ? `, including ${nf(beforeLaunch)} dated before the launch time` : ""}. The busiest
                hour was hour {busiest + 1} after launch, with {nf(hours[busiest] ?? 0)} pledges.
              </>
            ) : (
              "Enter the window to see whom it catches."
            )}
          </p>
          <PledgesPerHourChart
            hours={hours}
            windowHours={valid ? windowHours : 0}
            shownHours={shownHours}
            launchLabel={launch ? formatInZone(launch.at, launch.timeZone) : undefined}
            windowEndLabel={launch && valid ? formatInZone(new Date(launch.at).getTime() + windowHours * 3_600_000, launch.timeZone) : undefined}
          />
        </>
      ) : (
        <Alert tone="warning">
          The project has no launch time, so the Early Bird Incentive backers segment cannot be generated.{" "}
          <Link href={settingsHref} className="font-semibold underline">
            Set the launch date and time in Settings
          </Link>{" "}
          first.
        </Alert>
      )}
      {result && !result.ok && <Alert tone="error">{result.message}</Alert>}
      {result?.ok && (
        <Alert tone="success" title="Segments ready">
          <ul className="list-disc pl-5">
            {[result.data.earlyBird, result.data.returning].map((s) => (
              <li key={s.id}>
                <Link href={`/projects/${projectId}/segments/${s.id}`} className="font-semibold underline">
                  {s.name}
                </Link>{" "}
                {s.created ? "created" : "refreshed"}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </div>
  );
}
