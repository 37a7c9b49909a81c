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
    /** Quantity of each item the level includes, by item id. */
    contents: Record<string, number>;
  };
  /** The items a level can include: the project's active items, and archived ones it already includes. */
  items: { id: string; name: string; sku: string | null; archived: boolean }[];
  /** The Items page, where items are added. */
  itemsHref: string;
  currency: string;
  action: (
    previous: ActionResult<{ changed: number }> | null,
    formData: FormData,
  ) => Promise<ActionResult<{ changed: number }>>;
};

/** One pledge level: its name, price, kind, shipping settings and contents; saving confirms the kind. */
export function PledgeLevelForm({ projectId, level, items, itemsHref, currency, action }: PledgeLevelFormProps) {
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
          <input
            type="checkbox"
            name="collectsShippingAddress"
            defaultChecked={level.collectsShippingAddress}
            className="size-4 rounded border-slate-300"
          />
          Collect Shipping Address
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            name="weightBasedShipping"
            defaultChecked={level.weightBasedShipping}
            className="size-4 rounded border-slate-300"
          />
          Shipping charged by the weight of the whole order
        </label>
      </div>
      <fieldset className="space-y-2" aria-describedby={id("contents-help")}>
        <legend className="text-sm font-medium text-slate-900">Contents</legend>
        <p id={id("contents-help")} className="text-xs text-slate-500">
          How many of each item a backer of this level receives; leave 0 for items it does not include. Exports and
          &ldquo;has an item&rdquo; conditions count these.
        </p>
        {errors.contents && <p className="text-sm text-red-700">{errors.contents[0]}</p>}
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">
            This project has no items yet.{" "}
            <a href={itemsHref} className="font-medium text-indigo-700 underline">
              Add items
            </a>{" "}
            to say what the level includes.
          </p>
        ) : (
          <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2 lg:grid-cols-3">
            {items.map((item, index) => {
              const error = errors[`contentQuantity.${index}`]?.[0];
              return (
                <div key={item.id} className="rounded-md bg-slate-50 px-2 py-1.5">
                  <div className="flex items-center justify-between gap-2">
                    <label htmlFor={id(`qty-${item.id}`)} className="min-w-0 truncate text-sm text-slate-800">
                      {item.name}
                      {item.sku && <span className="text-slate-500"> ({item.sku})</span>}
                      {item.archived && <span className="text-slate-500"> (archived)</span>}
                      <span className="sr-only"> in {level.name}</span>
                    </label>
                    <input type="hidden" name="contentItemId" value={item.id} />
                    <Input
                      id={id(`qty-${item.id}`)}
                      name="contentQuantity"
                      type="number"
                      min={0}
                      max={1000}
                      step={1}
                      inputMode="numeric"
                      defaultValue={level.contents[item.id] ?? 0}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? id(`qty-${item.id}-error`) : undefined}
                      className="w-20 shrink-0 text-right tabular-nums"
                    />
                  </div>
                  {error && (
                    <p id={id(`qty-${item.id}-error`)} className="mt-1 text-xs text-red-700">
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">{level.kindConfirmed ? "Save" : "Save and confirm kind"}</SubmitButton>
    </form>
  );
}
