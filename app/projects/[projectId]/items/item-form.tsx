"use client";

import { useActionState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";

type SaveResult = ActionResult<{ id: string; changed: number }>;

type ItemFormProps = {
  projectId: string;
  /** Absent: the form adds a new item. */
  item?: {
    id: string;
    name: string;
    sku: string | null;
    physical: boolean;
    weightGrams: number | null;
    options: string[];
    /** The existing options, each with how many pledges and incentives use it. */
    optionDetails: { id: string; name: string; uses: number }[];
    archived: boolean;
  };
  save: (previous: SaveResult | null, formData: FormData) => Promise<SaveResult>;
  archive?: (input: { projectId: string; itemId: string; archived: boolean }) => Promise<ActionResult<{ archived: boolean }>>;
};

/** Adds an item, or edits one: name, SKU, physical or digital, weight, options; archive or restore. */
export function ItemForm({ projectId, item, save, archive }: ItemFormProps) {
  const [result, formAction] = useActionState(save, null);
  const [pending, start] = useTransition();
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const id = (field: string) => `${field}-${item?.id ?? "new"}`;
  return (
    <form action={formAction} className="space-y-4" noValidate aria-label={item ? `Item ${item.name}` : "Add an item"}>
      <input type="hidden" name="projectId" value={projectId} />
      {item && <input type="hidden" name="itemId" value={item.id} />}
      {failure && <Alert tone="error">{failure.message}</Alert>}
      {result?.ok && <Alert tone="success">{item ? (result.data.changed === 0 ? "Nothing had changed." : "Saved.") : "Item added."}</Alert>}
      <div className="grid gap-4 sm:grid-cols-4">
        <FormField id={id("name")} label="Name" error={errors.name}>
          {(field) => <Input {...field} name="name" defaultValue={item?.name} required maxLength={200} />}
        </FormField>
        <FormField id={id("sku")} label="SKU" optional error={errors.sku}>
          {(field) => <Input {...field} name="sku" defaultValue={item?.sku ?? ""} maxLength={100} />}
        </FormField>
        <FormField id={id("weightGrams")} label="Weight (g)" optional error={errors.weightGrams}>
          {(field) => <Input {...field} name="weightGrams" inputMode="numeric" defaultValue={item?.weightGrams ?? ""} />}
        </FormField>
        <FormField
          id={id("options")}
          label={item && item.options.length > 0 ? "Add options" : "Options"}
          optional
          error={errors.options}
          hint={item && item.options.length > 0 ? "Comma-separated new options, e.g. XL, XXL" : "Comma-separated, e.g. S, M, L"}
        >
          {(field) => <Input {...field} name="options" />}
        </FormField>
      </div>
      {item && item.optionDetails.length > 0 && (
        <fieldset className="space-y-2" aria-describedby={id("options-help")}>
          <legend className="text-sm font-medium text-slate-900">Options</legend>
          <p id={id("options-help")} className="text-xs text-slate-500">
            Rename an option by editing its name: pledges and incentives that use it keep it under the new name. An
            option no pledge or incentive uses can be removed; one in use cannot, so no backer loses their choice.
          </p>
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {item.optionDetails.map((option) => (
              <li key={option.id} className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 px-2 py-1.5">
                <input type="hidden" name="optionId" value={option.id} />
                <label htmlFor={id(`option-${option.id}`)} className="sr-only">
                  Name of option {option.name}
                </label>
                <Input id={id(`option-${option.id}`)} name="optionName" defaultValue={option.name} maxLength={100} className="w-32" />
                {option.uses > 0 ? (
                  <span className="text-xs text-slate-500">
                    Used by {option.uses.toLocaleString("en-US")}: cannot be removed
                  </span>
                ) : (
                  <label className="flex items-center gap-1.5 text-xs text-slate-700">
                    <input type="checkbox" name="removeOptionId" value={option.id} className="size-4 rounded border-slate-300" />
                    Remove<span className="sr-only"> {option.name}</span>
                  </label>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="physical" defaultChecked={item?.physical ?? true} className="size-4 rounded border-slate-300" />
        Physical (shipped; leave unticked for a digital item)
      </label>
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="Saving…">{item ? "Save item" : "Add item"}</SubmitButton>
        {item && archive && (
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() => start(async () => void (await archive({ projectId, itemId: item.id, archived: !item.archived })))}
          >
            {item.archived ? "Restore" : "Archive"}
          </Button>
        )}
      </div>
    </form>
  );
}
