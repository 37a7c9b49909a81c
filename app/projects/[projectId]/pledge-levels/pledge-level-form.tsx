"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";
import { PLEDGE_LEVEL_KIND_LABELS } from "@/lib/pledge-levels/pledge-level-kind-labels";

type PledgeLevelFormProps = {
  projectId: string;
  level: {
    id: string;
    name: string;
    /** In currency units, as typed: "45.00". */
    price: string;
    kind: keyof typeof PLEDGE_LEVEL_KIND_LABELS;
    kindConfirmed: boolean;
    collectsShippingAddress: boolean;
    weightBasedShipping: boolean;
    backers: number;
    contents: string;
  };
  currency: string;
  action: (previous: ActionResult<{ changed: number }> | null, formData: FormData) => Promise<ActionResult<{ changed: number }>>;
};

/** One pledge level: its name, price, kind and shipping settings; saving confirms the kind. */
export function PledgeLevelForm({ projectId, level, currency, action }: PledgeLevelFormProps) {
  const [result, formAction] = useActionState(action, null);
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const id = (field: string) => `${field}-${level.id}`;
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label={`Pledge level ${level.name}`}>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="levelId" value={level.id} />
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold text-slate-900">{level.name}</h2>
        <span className="text-sm text-slate-500">
          {level.backers.toLocaleString("en-US")} {level.backers === 1 ? "backer" : "backers"}
        </span>
        {level.kindConfirmed ? (
          <Badge tone="green">Kind confirmed</Badge>
        ) : (
          <Badge tone="amber">Kind suggested by the import: not confirmed</Badge>
        )}
      </div>
      {failure && <Alert tone="error">{failure.message}</Alert>}
      {result?.ok && <Alert tone="success">{result.data.changed === 0 ? "Nothing had changed." : "Saved."}</Alert>}
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField id={id("name")} label="Name" error={errors.name}>
          {(field) => <Input {...field} name="name" defaultValue={level.name} required maxLength={200} />}
        </FormField>
        <FormField id={id("price")} label={`Price (${currency})`} error={errors.price}>
          {(field) => <Input {...field} name="price" inputMode="decimal" defaultValue={level.price} />}
        </FormField>
        <FormField id={id("kind")} label="Kind" error={errors.kind}>
          {(field) => (
            <Select {...field} name="kind" defaultValue={level.kind}>
              {(Object.keys(PLEDGE_LEVEL_KIND_LABELS) as (keyof typeof PLEDGE_LEVEL_KIND_LABELS)[]).map((kind) => (
                <option key={kind} value={kind}>
                  {PLEDGE_LEVEL_KIND_LABELS[kind]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-800">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="collectsShippingAddress" defaultChecked={level.collectsShippingAddress} className="size-4 rounded border-slate-300" />
          Collect Shipping Address
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="weightBasedShipping" defaultChecked={level.weightBasedShipping} className="size-4 rounded border-slate-300" />
          Shipping charged by the weight of the whole order
        </label>
      </div>
      <p className="text-sm text-slate-600">
        <span className="font-medium text-slate-900">Contents:</span> {level.contents || "no items recorded"}
      </p>
      <SubmitButton pendingLabel="Saving…">{level.kindConfirmed ? "Save" : "Save and confirm kind"}</SubmitButton>
    </form>
  );
}
