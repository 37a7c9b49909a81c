"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/action-result";

type StaticSegmentDetailsFormProps = {
  projectId: string;
  segmentId: string;
  initialName: string;
  initialDescription: string | null;
  /** Saves the name and description; a static list has no filter, so none is sent. */
  save: (input: {
    projectId: string;
    segmentId: string;
    name: string;
    description: string | null;
  }) => Promise<ActionResult<{ id: string }>>;
};

/**
 * Renames a static segment (a list of backers added by hand) or changes its description. Its
 * members are managed from the backer report, so this form has no filter.
 */
export function StaticSegmentDetailsForm({
  projectId,
  segmentId,
  initialName,
  initialDescription,
  save,
}: StaticSegmentDetailsFormProps) {
  const router = useRouter();
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription ?? "");
  const [saving, startSaving] = useTransition();
  const [error, setError] = useState<{ message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const segmentUrl = `/projects/${projectId}/segments/${segmentId}`;

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    startSaving(async () => {
      const result = await save({ projectId, segmentId, name, description: description || null });
      if (result.ok) {
        router.push(segmentUrl);
        router.refresh();
      } else setError({ message: result.message, fieldErrors: result.fieldErrors });
    });
  };

  return (
    <form onSubmit={onSubmit} className="max-w-xl space-y-5" noValidate>
      {error && <Alert tone="error">{error.message}</Alert>}
      <FormField id="segment-name" label="Segment name" error={error?.fieldErrors?.name}>
        {(field) => (
          <Input {...field} value={name} required maxLength={120} onChange={(e) => setName(e.target.value)} />
        )}
      </FormField>
      <FormField id="segment-description" label="Description" optional error={error?.fieldErrors?.description}>
        {(field) => (
          <Textarea {...field} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </FormField>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
        <Link href={segmentUrl} className={buttonClasses("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
