"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { UploadProgress } from "@/components/uploads/upload-progress";
import { useFormUpload } from "@/components/uploads/use-form-upload";

type CodeBankUploadFormProps = { projectId: string; rewardId: string };

type Outcome = { ok: true; added: number; bankLeft: number } | { ok: false; message: string };

const n = (value: number) => value.toLocaleString("en-US");

/**
 * Adds codes to a reward's bank: pasted (commas or new lines) or a CSV/TXT/Excel file with one code
 * per row, posted to the reward's codes route with the upload's progress shown while it is sent.
 */
export function CodeBankUploadForm({ projectId, rewardId }: CodeBankUploadFormProps) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { progress, post } = useFormUpload();

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setOutcome(null);
    try {
      const answer = await post(`/projects/${projectId}/digital-rewards/${rewardId}/codes`, new FormData(form), {
        uploading: "Uploading the codes",
        checking: "Checking every code",
      });
      if (answer.status === 200) {
        const { added, bankLeft } = JSON.parse(answer.text) as { added: number; bankLeft: number };
        setOutcome({ ok: true, added, bankLeft });
        form.reset();
        router.refresh();
      } else setOutcome({ ok: false, message: answer.text.trim() || "The codes could not be added. Try again." });
    } catch (caught) {
      setOutcome({ ok: false, message: caught instanceof Error ? caught.message : String(caught) });
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      {outcome && !outcome.ok && (
        <Alert tone="error" title="Nothing was added">
          <ul className="list-disc space-y-1 pl-5">
            {outcome.message.split("\n").map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
      {outcome?.ok && (
        <Alert tone="success">
          Added {n(outcome.added)} {outcome.added === 1 ? "code" : "codes"}. The bank now has {n(outcome.bankLeft)} unused.
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
      {progress && <UploadProgress label={progress.label} fraction={progress.fraction} />}
      <Button type="submit" disabled={progress !== null} aria-disabled={progress !== null}>
        {progress ? "Adding codes…" : "Add to code bank"}
      </Button>
    </form>
  );
}
