"use client";

import { Dialog, DropdownMenu } from "radix-ui";
import { useId, useState, useTransition, type FormEvent } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";
import type { BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { formatCount } from "@/components/ui/format";

export type SegmentTargetInput = { kind: "existing"; segmentId: string } | { kind: "new"; name: string };

export type AddToSegmentResult = { added: number; selected: number; segment: { id: string; name: string } };

/** Adds the selection to a static segment (existing, or new with `target.name`) of the project. */
export type AddToSegmentAction = (input: {
  projectId: string;
  target: SegmentTargetInput;
  selection: BackerSelection;
}) => Promise<ActionResult<AddToSegmentResult>>;

export type SelectionBarMessage = { tone: "ok" | "error"; text: string };

const itemClasses =
  "cursor-default rounded-md px-2.5 py-2 text-sm text-slate-700 outline-none select-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900";

const backers = (n: number) => formatCount(n, "backer");

function resultMessage(result: AddToSegmentResult): string {
  const already = result.selected - result.added;
  const name = `“${result.segment.name}”`;
  if (result.added === 0) return `All ${backers(result.selected)} were already in ${name}.`;
  return already > 0
    ? `Added ${backers(result.added)} to ${name} (${already.toLocaleString("en-US")} already in it).`
    : `Added ${backers(result.added)} to ${name}.`;
}

/**
 * "Add to segment" in the selection bar: a menu of the project's static segments, and "New static
 * segment…" which asks for a name in a dialog, creates the segment and adds the selection to it.
 */
export function AddToSegmentMenu({
  selection,
  count,
  segments,
  projectId,
  action,
  onMessage,
}: {
  selection: BackerSelection;
  /** How many backers the selection holds (shown in the dialog). */
  count: number;
  segments: { id: string; name: string }[];
  projectId: string;
  action: AddToSegmentAction;
  onMessage: (message: SelectionBarMessage | null) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const nameId = useId();

  const run = (target: SegmentTargetInput, after?: () => void) => {
    onMessage(null);
    startTransition(async () => {
      const result = await action({ projectId, target, selection });
      if (result.ok) {
        onMessage({ tone: "ok", text: resultMessage(result.data) });
        after?.();
      } else if (target.kind === "new" && (result.fieldErrors?.["target.name"] || result.fieldErrors?.name)) {
        // Keep the dialog open so the name can be fixed where it was typed.
        setNameError((result.fieldErrors["target.name"] ?? result.fieldErrors.name)[0]);
      } else {
        onMessage({ tone: "error", text: result.message });
        after?.();
      }
    });
  };

  const submitNew = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError("Give the segment a name.");
      return;
    }
    setNameError(null);
    run({ kind: "new", name: trimmed }, () => {
      setDialogOpen(false);
      setName("");
    });
  };

  return (
    <>
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className={buttonClasses("secondary", "sm")} disabled={pending}>
          {pending ? "Adding…" : "Add to segment"}
          <span aria-hidden="true" className="text-slate-400">
            ▾
          </span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            side="top"
            align="end"
            sideOffset={6}
            className="z-50 max-h-80 min-w-60 overflow-y-auto rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-900/10"
          >
            <DropdownMenu.Label className="px-2.5 py-1.5 text-xs font-medium text-slate-500">
              {segments.length > 0 ? "Add to a static segment" : "No static segments yet"}
            </DropdownMenu.Label>
            {segments.map((segment) => (
              <DropdownMenu.Item key={segment.id} onSelect={() => run({ kind: "existing", segmentId: segment.id })} className={itemClasses}>
                {segment.name}
              </DropdownMenu.Item>
            ))}
            {segments.length > 0 && <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />}
            <DropdownMenu.Item
              onSelect={() => {
                setNameError(null);
                setDialogOpen(true);
              }}
              className={`${itemClasses} font-medium text-indigo-700`}
            >
              New static segment…
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>

      <Dialog.Root open={dialogOpen} onOpenChange={(open) => !pending && setDialogOpen(open)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl ring-1 ring-slate-900/10 focus:outline-none">
            <Dialog.Title className="text-base font-semibold text-slate-900">New static segment</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              A list of backers you choose by hand. The {backers(count)} you selected will be added to it.
            </Dialog.Description>
            <form onSubmit={submitNew} className="mt-4 space-y-4" noValidate>
              <div className="space-y-1.5">
                <label htmlFor={nameId} className="block text-sm font-medium text-slate-900">
                  Segment name
                </label>
                <Input
                  id={nameId}
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  maxLength={120}
                  autoComplete="off"
                  placeholder="e.g. Reshipments"
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={nameError ? `${nameId}-error` : undefined}
                />
                {nameError && (
                  <p id={`${nameId}-error`} className="text-sm text-red-700">
                    {nameError}
                  </p>
                )}
              </div>
              <div className="flex flex-wrap justify-end gap-2">
                <Dialog.Close className={buttonClasses("secondary", "sm")} disabled={pending}>
                  Cancel
                </Dialog.Close>
                <button type="submit" className={buttonClasses("primary", "sm")} disabled={pending}>
                  {pending ? "Creating…" : "Create and add"}
                </button>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}
