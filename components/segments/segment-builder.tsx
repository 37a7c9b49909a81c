"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { cn } from "@/components/ui/cn";
import { FormField } from "@/components/ui/form-field";
import { PlusIcon } from "@/components/ui/icons";
import { Input, Select, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";
import type { SegmentBuilderOptions } from "@/lib/segments/list-segment-builder-options";
import {
  SEGMENT_CONDITION_LABELS,
  type SegmentConditionType,
  type SegmentFilter,
} from "@/lib/segments/segment-filter-schema";
import { ConditionEditor } from "./condition-editor";
import {
  draftToFilter,
  filterToDraft,
  newCondition,
  newGroup,
  updateNode,
  type DraftGroup,
  type DraftNode,
} from "./filter-draft";

/** Condition names in the builder, in the reference's words (its capitalisation included). */
export const CONDITION_MENU: { group: string; types: SegmentConditionType[] }[] = [
  { group: "Pledge Levels", types: ["inPledgeLevels", "pledgeLevelKind"] },
  {
    group: "Pledges",
    types: ["pledgedMoreThan", "pledgedLessThan", "pledgedWithinFirstHours", "pledgedBetween", "paymentStatus"],
  },
  { group: "Backers", types: ["backersWithEmails", "returningBacker", "country", "inContactList"] },
  { group: "Segments", types: ["inAnyOfTheseSegments", "notInAnyOfTheseSegments"] },
  { group: "Rewards", types: ["hasItem", "hasTrackingNumber", "receivedDigitalReward"] },
];

export const CONDITION_LABELS: Record<SegmentConditionType, string> = {
  ...SEGMENT_CONDITION_LABELS,
  inAnyOfTheseSegments: "In any of these Segments",
};

type PreviewData = {
  count: number;
  unmatchedEmails: string[];
  unmatchedCount: number;
  backers: { backerId: string; name: string; email: string; pledgeLevelName: string | null; status: string }[];
};

type SegmentBuilderProps = {
  projectId: string;
  options: SegmentBuilderOptions;
  /** Set when editing. */
  segmentId?: string;
  initialName?: string;
  initialDescription?: string | null;
  initialFilter?: SegmentFilter | null;
  preview: (input: { projectId: string; filter: unknown }) => Promise<ActionResult<PreviewData>>;
  save: (input: {
    projectId: string;
    /** Empty when creating. */
    segmentId: string;
    name: string;
    description: string | null;
    filter: unknown;
  }) => Promise<ActionResult<{ id: string }>>;
};

const nf = (n: number) => n.toLocaleString("en-US");

/**
 * "Create a New Segment" (and editing one): conditions combined in AND / OR groups, any of them
 * negated (NOT), with the number of matching backers and the first of them updated live while
 * the creator edits.
 */
export function SegmentBuilder({
  projectId,
  options,
  segmentId,
  initialName = "",
  initialDescription = "",
  initialFilter,
  preview,
  save,
}: SegmentBuilderProps) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription ?? "");
  const [root, setRoot] = useState<DraftGroup>(() =>
    initialFilter ? filterToDraft(initialFilter, options.currency, options.timeZone) : newGroup("and", []),
  );
  // The last answer from the server, for the filter it answered.
  const [answer, setAnswer] = useState<{ key: string; data?: PreviewData; message?: string } | null>(null);
  const [saving, startSaving] = useTransition();
  const [saveError, setSaveError] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const request = useRef(0);

  const converted = useMemo(
    () => draftToFilter(root, options.currency, options.timeZone),
    [root, options.currency, options.timeZone],
  );
  const filterKey = JSON.stringify(converted);

  useEffect(() => {
    const current = ++request.current;
    if (!converted.filter) return;
    const filter = converted.filter;
    const timer = setTimeout(async () => {
      const result = await preview({ projectId, filter });
      if (current !== request.current) return;
      setAnswer(result.ok ? { key: filterKey, data: result.data } : { key: filterKey, message: result.message });
    }, 350);
    return () => clearTimeout(timer);
    // filterKey stands for `converted`; the preview action is stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey, projectId]);

  // A filter the builder can already tell is unfinished needs no server; otherwise the last answer
  // is shown (marked as updating) until the answer for the current filter arrives.
  const live: { state: "loading" | "ok" | "problem"; data?: PreviewData; message?: string } = !converted.filter
    ? { state: "problem", message: converted.problems[0] }
    : answer?.key === filterKey
      ? answer.message !== undefined
        ? { state: "problem", message: answer.message }
        : { state: "ok", data: answer.data }
      : { state: "loading", data: answer?.data };

  const change = (id: string, replacement: DraftNode | null) => setRoot((r) => updateNode(r, id, replacement));

  const onSave = () => {
    setSaveError(null);
    if (!converted.filter) {
      setSaveError({ message: converted.problems[0] });
      return;
    }
    startSaving(async () => {
      const result = await save({
        projectId,
        segmentId: segmentId ?? "",
        name,
        description: description || null,
        filter: converted.filter,
      });
      if (result.ok) {
        router.push(`/projects/${projectId}/segments/${result.data.id}`);
        router.refresh();
      } else setSaveError({ message: result.message, fieldErrors: result.fieldErrors });
    });
  };

  const data = live.data;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-5">
        {saveError && <Alert tone="error">{saveError.message}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="segment-name" label="Segment name" error={saveError?.fieldErrors?.name}>
            {(field) => (
              <Input
                {...field}
                value={name}
                maxLength={120}
                onChange={(e) => setName(e.target.value)}
                placeholder="Early birds in physical tiers"
              />
            )}
          </FormField>
          <FormField id="segment-description" label="Description" optional>
            {(field) => (
              // Grows with its text: a one-line box cut the description off.
              <Textarea
                {...field}
                rows={2}
                className="field-sizing-content min-h-16"
                value={description}
                onChange={(e) => setDescription(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <GroupEditor
          node={root}
          isRoot
          onChange={change}
          options={options}
          selfId={segmentId}
          unmatchedEmails={data?.unmatchedEmails ?? []}
        />
        <div className="flex flex-wrap gap-3">
          <Button onClick={onSave} disabled={saving}>
            {saving ? "Saving…" : "Save This Segment"}
          </Button>
          <Link
            href={segmentId ? `/projects/${projectId}/segments/${segmentId}` : `/projects/${projectId}/segments`}
            className={buttonClasses("secondary")}
          >
            Cancel
          </Link>
        </div>
      </div>
      <aside className="space-y-3 lg:sticky lg:top-4 lg:self-start" aria-label="Matching backers">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm font-medium text-slate-600">Matching backers</p>
          <p className="mt-1 text-3xl font-bold text-slate-900" aria-live="polite" data-testid="segment-live-count">
            {live.state === "problem" ? "—" : data ? nf(data.count) : "…"}
            {live.state === "loading" && <span className="ml-2 text-sm font-normal text-slate-500">updating…</span>}
          </p>
          {live.state === "problem" && (
            <p className="mt-2 text-sm text-amber-800" role="status">
              Finish the filter: {live.message}
            </p>
          )}
          {data && data.unmatchedCount > 0 && live.state !== "problem" && (
            <p className="mt-2 text-sm text-amber-800">
              {nf(data.unmatchedCount)} pasted email{data.unmatchedCount === 1 ? "" : "s"} match no backer.
            </p>
          )}
        </div>
        {data && data.backers.length > 0 && live.state !== "problem" && (
          <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <p className="border-b border-slate-200 px-4 py-2 text-sm font-medium text-slate-600">
              First {data.backers.length} of {nf(data.count)}
            </p>
            <ul className="divide-y divide-slate-100">
              {data.backers.map((b) => (
                <li key={b.backerId} className="px-4 py-2 text-sm">
                  <p className="truncate font-medium text-slate-900">{b.name || b.email}</p>
                  <p className="flex flex-wrap items-center gap-2 text-slate-500">
                    <span className="truncate">{b.pledgeLevelName ?? "No reward"}</span>
                    <PledgeStatusBadge status={b.status} />
                  </p>
                </li>
              ))}
            </ul>
          </div>
        )}
      </aside>
    </div>
  );
}

type NodeEditorProps = {
  onChange: (id: string, replacement: DraftNode | null) => void;
  options: SegmentBuilderOptions;
  selfId?: string;
  unmatchedEmails: string[];
};

function NegateToggle({
  node,
  onChange,
  label,
}: {
  node: DraftNode;
  onChange: NodeEditorProps["onChange"];
  label: string;
}) {
  return (
    <label className="inline-flex items-center gap-2 text-sm text-slate-700">
      <input
        type="checkbox"
        className="size-4 rounded border-slate-300 text-indigo-600"
        checked={node.negate}
        onChange={(e) => onChange(node.id, { ...node, negate: e.target.checked })}
      />
      {label}
    </label>
  );
}

function GroupEditor({ node, isRoot, ...props }: NodeEditorProps & { node: DraftGroup; isRoot?: boolean }) {
  const { onChange } = props;
  const add = (child: DraftNode) => onChange(node.id, { ...node, children: [...node.children, child] });
  return (
    <fieldset
      className={cn(
        "space-y-3 rounded-lg border p-3 sm:p-4",
        isRoot ? "border-slate-200 bg-white shadow-sm" : "border-indigo-200 bg-indigo-50/40",
        node.negate && "border-red-200 bg-red-50/40",
      )}
    >
      <legend className="sr-only">{isRoot ? "Filter" : "Group of conditions"}</legend>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-800">
          <span>{node.negate ? "Backers who do NOT match" : "Backers who match"}</span>
          <div className="w-36">
            <Select
              aria-label="Combine conditions with"
              value={node.op}
              onChange={(e) => onChange(node.id, { ...node, op: e.target.value as "and" | "or" })}
            >
              <option value="and">all (AND)</option>
              <option value="or">any (OR)</option>
            </Select>
          </div>
          <span>of these conditions</span>
        </div>
        {!isRoot && (
          <>
            <NegateToggle node={node} onChange={onChange} label="NOT (exclude backers who match this group)" />
            <Button variant="ghost" size="sm" onClick={() => onChange(node.id, null)}>
              Remove group
            </Button>
          </>
        )}
      </div>
      {node.children.length === 0 && (
        <p className="text-sm text-slate-500">
          {node.op === "and" ? "No conditions: every backer matches." : "Add at least one condition."}
        </p>
      )}
      <ol className="space-y-3">
        {node.children.map((child, index) => (
          <li key={child.id}>
            {index > 0 && (
              <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase" aria-hidden="true">
                {node.op}
              </p>
            )}
            {child.kind === "group" ? (
              <GroupEditor node={child} {...props} />
            ) : (
              <ConditionRow node={child} {...props} />
            )}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <AddConditionMenu onAdd={(type) => add(newCondition(type))} />
        <Button variant="ghost" size="sm" onClick={() => add(newGroup(node.op === "and" ? "or" : "and", []))}>
          <PlusIcon className="size-4" /> Add a group
        </Button>
      </div>
    </fieldset>
  );
}

function AddConditionMenu({ onAdd }: { onAdd: (type: SegmentConditionType) => void }) {
  return (
    <div className="w-full sm:w-72">
      <Select
        aria-label="Add a condition"
        value=""
        onChange={(e) => {
          if (e.target.value) onAdd(e.target.value as SegmentConditionType);
        }}
      >
        <option value="">+ Add a condition…</option>
        {CONDITION_MENU.map((g) => (
          <optgroup key={g.group} label={g.group}>
            {g.types.map((t) => (
              <option key={t} value={t}>
                {CONDITION_LABELS[t]}
              </option>
            ))}
          </optgroup>
        ))}
      </Select>
    </div>
  );
}

function ConditionRow({ node, ...props }: NodeEditorProps & { node: Extract<DraftNode, { kind: "condition" }> }) {
  const { onChange } = props;
  return (
    <div
      className={cn("space-y-3 rounded-lg border bg-white p-3", node.negate ? "border-red-200" : "border-slate-200")}
      data-testid="segment-condition"
    >
      <div className="flex flex-wrap items-center gap-2">
        {node.negate && (
          <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">NOT</span>
        )}
        <div className="w-full sm:w-80">
          <Select
            className="font-medium"
            aria-label="Condition"
            value={node.type}
            onChange={(e) => onChange(node.id, { ...node, type: e.target.value as SegmentConditionType })}
          >
            {CONDITION_MENU.map((g) => (
              <optgroup key={g.group} label={g.group}>
                {g.types.map((t) => (
                  <option key={t} value={t}>
                    {CONDITION_LABELS[t]}
                  </option>
                ))}
              </optgroup>
            ))}
          </Select>
        </div>
        <div className="ml-auto flex items-center gap-3">
          <NegateToggle node={node} onChange={onChange} label="NOT" />
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onChange(node.id, null)}
            aria-label={`Remove ${CONDITION_LABELS[node.type]}`}
          >
            Remove
          </Button>
        </div>
      </div>
      <ConditionEditor
        id={node.id}
        type={node.type}
        values={node.values}
        onChange={(values) => onChange(node.id, { ...node, values })}
        options={props.options}
        selfId={props.selfId}
        unmatchedEmails={props.unmatchedEmails}
      />
    </div>
  );
}
