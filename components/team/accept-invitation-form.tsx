"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";

type AcceptAction = (previous: ActionResult<never> | null, formData: FormData) => Promise<ActionResult<never>>;

export function AcceptInvitationForm({ token, action }: { token: string; action: AcceptAction }) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {result && !result.ok && <Alert tone="error">{result.message}</Alert>}
      <SubmitButton pendingLabel="Joining…">Accept and open the project</SubmitButton>
    </form>
  );
}
