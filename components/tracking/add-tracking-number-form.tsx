"use client";

import Link from "next/link";
import { useActionState, useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult, ServerAction } from "@/lib/actions/action-result";
import { OTHER_CARRIER, type AddTrackingNumberInput } from "@/lib/tracking/add-tracking-number-schema";
import type { AddTrackingNumberResult } from "@/lib/tracking/add-tracking-number";
import { describeTrackingMode } from "@/lib/tracking/describe-tracking-mode";
import { normalizeTrackingNumber } from "@/lib/tracking/normalize-tracking-number";
import { resolveCarrierAndUrl } from "@/lib/tracking/resolve-carrier-and-url";

const radioClasses =
  "mt-0.5 size-4 border-slate-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export type AddTrackingNumberFormProps = {
  action: ServerAction<AddTrackingNumberInput, AddTrackingNumberResult>;
  projectId: string;
  backerId: string;
  backerLabel: string;
  reportHref: string;
  /** The backer's current (not replaced) packages. */
  current: { trackingNumber: string; carrier: string | null }[];
  carriers: string[];
};

/**
 * The single-backer "Add tracking number" form: the carrier is detected from the number as it is
 * typed (and can be overridden), the tracking link is built from the carrier unless one is given,
 * and when the backer already has a number the creator chooses: replace it, or add another package.
 */
export function AddTrackingNumberForm({ action, projectId, backerId, backerLabel, reportHref, current, carriers }: AddTrackingNumberFormProps) {
  const [state, formAction] = useActionState<ActionResult<AddTrackingNumberResult> | null, FormData>(action, null);
  const [number, setNumber] = useState("");
  const [carrier, setCarrier] = useState("");
  const [otherCarrier, setOtherCarrier] = useState("");
  const [trackingUrl, setTrackingUrl] = useState("");
  const [mode, setMode] = useState<"replace" | "add" | "">("");
  const [formKey, setFormKey] = useState(0);
  const [shown, setShown] = useState<ActionResult<AddTrackingNumberResult> | null>(null);

  // After a success, start a fresh form for the next number (during render, not in an effect).
  if (state !== shown) {
    setShown(state);
    if (state?.ok) {
      setNumber("");
      setCarrier("");
      setOtherCarrier("");
      setTrackingUrl("");
      setMode("");
      setFormKey((key) => key + 1);
    }
  }

  const live = useMemo(() => {
    const normalized = normalizeTrackingNumber(number);
    if (number.trim() === "" || !normalized.ok) return { normalized, resolved: null };
    return { normalized, resolved: resolveCarrierAndUrl(normalized.value, carrier === OTHER_CARRIER ? otherCarrier : carrier, "") };
  }, [number, carrier, otherCarrier]);

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const words = describeTrackingMode(
    current.map((shipment) => shipment.trackingNumber),
    mode,
    backerLabel,
  );
  const detected = live.resolved?.detection.carrier?.name ?? null;
  const failedCheck = live.resolved && !live.resolved.detection.carrier ? live.resolved.detection.failedCheck : null;

  return (
    <Card title="Tracking number">
      <form action={formAction} key={formKey} className="space-y-5" noValidate>
        <input type="hidden" name="projectId" value={projectId} />
        <input type="hidden" name="backerId" value={backerId} />

        {state?.ok && (
          <Alert tone="success" title="Tracking number added">
            {state.data.trackingNumber}
            {state.data.carrier ? ` (${state.data.carrier})` : ""} is saved for {backerLabel}
            {state.data.replaced > 0 ? `, replacing the previous number` : state.data.packageNumber > 1 ? ` as package ${state.data.packageNumber}` : ""}.{" "}
            {state.data.emailQueued ? "Their email is on its way." : ""}{" "}
            <Link href={reportHref} className="font-medium underline underline-offset-2">
              Back to the backer report
            </Link>
          </Alert>
        )}
        {state && !state.ok && Object.keys(errors).length === 0 && <Alert tone="error">{state.message}</Alert>}

        <FormField
          id="tracking-number"
          label="Tracking number"
          error={errors.trackingNumber}
          hint={
            number.trim() === ""
              ? "Paste it as the carrier gave it; spaces and dashes are ignored."
              : !live.normalized.ok
                ? live.normalized.problem.message
                : detected
                  ? `Detected carrier: ${detected}.`
                  : failedCheck
                    ? `Looks like a ${failedCheck.name} number, but its check digit does not match: check for a typo.`
                    : "Carrier not detected from the number: choose it below."
          }
        >
          {(field) => (
            <Input
              {...field}
              name="trackingNumber"
              value={number}
              onChange={(event) => setNumber(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              required
            />
          )}
        </FormField>

        <FormField id="tracking-carrier" label="Carrier" error={errors.carrier} hint="Detected from the number unless you choose one.">
          {(field) => (
            <Select {...field} name="carrier" value={carrier} onChange={(event) => setCarrier(event.target.value)}>
              <option value="">{detected ? `Detect from the number (${detected})` : "Detect from the number"}</option>
              {carriers.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
              <option value={OTHER_CARRIER}>Other…</option>
            </Select>
          )}
        </FormField>
        {carrier === OTHER_CARRIER && (
          <FormField id="tracking-other-carrier" label="Carrier name" error={errors.otherCarrier}>
            {(field) => <Input {...field} name="otherCarrier" value={otherCarrier} onChange={(event) => setOtherCarrier(event.target.value)} />}
          </FormField>
        )}

        <FormField
          id="tracking-url"
          label="Tracking URL"
          optional
          error={errors.trackingUrl}
          hint={
            live.resolved?.trackingUrl
              ? "Leave empty to use the carrier's tracking page shown here."
              : "Leave empty to use the carrier's tracking page (when the carrier is known)."
          }
        >
          {(field) => (
            <Input
              {...field}
              name="trackingUrl"
              type="url"
              inputMode="url"
              value={trackingUrl}
              onChange={(event) => setTrackingUrl(event.target.value)}
              placeholder={live.resolved?.trackingUrl ?? "https://"}
            />
          )}
        </FormField>

        {current.length > 0 && (
          <fieldset className="space-y-2" aria-describedby={errors.mode ? "tracking-mode-error" : undefined}>
            <legend className="text-sm font-medium text-slate-900">
              {backerLabel} already has {current.length === 1 ? "a tracking number" : `${current.length} tracking numbers`}
            </legend>
            <label className="flex gap-2 text-sm text-slate-700">
              <input type="radio" name="mode" value="replace" checked={mode === "replace"} onChange={() => setMode("replace")} className={radioClasses} />
              <span>
                <span className="font-medium text-slate-900">Replace it</span>
                <span className="block text-slate-500">{words.replaceHint}</span>
              </span>
            </label>
            <label className="flex gap-2 text-sm text-slate-700">
              <input type="radio" name="mode" value="add" checked={mode === "add"} onChange={() => setMode("add")} className={radioClasses} />
              <span>
                <span className="font-medium text-slate-900">Add another package</span>
                <span className="block text-slate-500">{words.addHint}</span>
              </span>
            </label>
            {errors.mode && (
              <p id="tracking-mode-error" className="text-sm text-red-700">
                {errors.mode[0]}
              </p>
            )}
          </fieldset>
        )}

        <p className="text-sm text-slate-600">{words.emailNote}</p>
        <SubmitButton pendingLabel="Adding…">Add tracking number</SubmitButton>
      </form>
    </Card>
  );
}
