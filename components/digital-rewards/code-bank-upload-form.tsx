"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";

type CodeBankUploadFormProps = {
  projectId: string;
  rewardId: string;
  action: (
    previous: ActionResult<{ added: number; bankLeft: number }> | null,
    formData: FormData,
  ) => Promise<ActionResult<{ added: number; bankLeft: number }>>;
};

const n = (value: number) => value.toLocaleString("en-US");

/** Adds codes to a reward's bank: pasted (commas or new lines) or a CSV/TXT file with one code per row. */
export function CodeBankUploadForm({ projectId, rewardId, action }: CodeBankUploadFormProps) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="rewardId" value={rewardId} />
      {result && !result.ok && (
        <Alert tone="error" title="Nothing was added">
          <ul className="list-disc space-y-1 pl-5">
            {result.message.split("\n").map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
      {result?.ok && (
        <Alert tone="success">
          Added {n(result.data.added)} {result.data.added === 1 ? "code" : "codes"}. The bank now has{" "}
          {n(result.data.bankLeft)} unused.
        </Alert>
      )}
      <FormField id="bank-codes" label="Paste codes" hint="Separated by commas or new lines.">
        {(field) => (
          <Textarea {...field} name="codes" rows={5} className="font-mono" placeholder={"KEY-0001\nKEY-0002"} />
        )}
      </FormField>
      <FormField
        id="bank-file"
        label="Or upload a CSV, TXT or Excel (.xlsx) file"
        hint="One code per row. A header named “Code” is skipped."
      >
        {(field) => (
          <Input
            {...field}
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-2.5 file:py-1 file:text-sm file:font-medium"
          />
        )}
      </FormField>
      <SubmitButton pendingLabel="Adding codes…">Add to code bank</SubmitButton>
    </form>
  );
}
