"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";

type DeleteAction = (previous: ActionResult<never> | null, formData: FormData) => Promise<ActionResult<never>>;

/** The last step of deleting a project: type its name, then the button unlocks. */
export function DeleteProjectForm({ projectId, projectName, action }: { projectId: string; projectName: string; action: DeleteAction }) {
  const [result, formAction] = useActionState(action, null);
  const [typed, setTyped] = useState("");
  const failure = result && !result.ok ? result : null;
  const matches = typed.trim() === projectName.trim();
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {failure && <Alert tone="error">{failure.message}</Alert>}
      <FormField
        id="confirm-name"
        label={
          <>
            Type <span className="font-semibold">{projectName}</span> to confirm
          </>
        }
        error={failure?.fieldErrors?.confirmName}
      >
        {(field) => (
          <Input {...field} name="confirmName" autoComplete="off" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
        )}
      </FormField>
      <SubmitButton variant="danger" disabled={!matches} pendingLabel="Deleting…">
        Delete this project for good
      </SubmitButton>
    </form>
  );
}
