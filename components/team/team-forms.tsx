"use client";

import { useActionState, useId } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/action-result";
import type { MemberRole } from "@/lib/db/generated/enums";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/projects/project-permissions";

type FormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

const ROLES: MemberRole[] = ["COLLABORATOR", "VIEWER", "OWNER"];

/** Team → Invite someone: an address and a role; the invitation goes out by email. */
export function InviteForm({ projectId, action }: { projectId: string; action: FormAction<{ invitationId: string; email: string; replaced: boolean }> }) {
  const [result, formAction] = useActionState(action, null);
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {failure && !failure.fieldErrors && <Alert tone="error">{failure.message}</Alert>}
      {result?.ok && (
        <Alert tone="success">
          Invitation {result.data.replaced ? "sent again" : "sent"} to {result.data.email}. It works for 7 days; it is listed below until accepted.
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_14rem]">
        <FormField id="invite-email" label="Email address" error={errors.email}>
          {(field) => <Input {...field} name="email" type="email" required autoComplete="off" placeholder="ada@example.com" />}
        </FormField>
        <FormField id="invite-role" label="Role" error={errors.role}>
          {(field) => (
            <Select {...field} name="role" defaultValue="COLLABORATOR">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
      </div>
      <ul className="space-y-1 text-sm text-slate-600">
        {(["OWNER", "COLLABORATOR", "VIEWER"] as const).map((role) => (
          <li key={role}>
            <span className="font-medium text-slate-900">{ROLE_LABELS[role]}:</span> {ROLE_DESCRIPTIONS[role]}
          </li>
        ))}
      </ul>
      <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

/** A member's role, changed in place; the server refuses to demote the last owner and says why. */
export function MemberRoleForm({
  projectId,
  userId,
  role,
  memberLabel,
  action,
}: {
  projectId: string;
  userId: string;
  role: MemberRole;
  memberLabel: string;
  action: FormAction<{ changed: boolean }>;
}) {
  const [result, formAction] = useActionState(action, null);
  const id = useId();
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="userId" value={userId} />
      <label htmlFor={id} className="sr-only">
        Role of {memberLabel}
      </label>
      <Select id={id} name="role" defaultValue={role} className="w-40">
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </Select>
      <SubmitButton variant="secondary" size="sm" pendingLabel="Saving…" aria-label={`Save the role of ${memberLabel}`}>
        Save role
      </SubmitButton>
      {result && !result.ok && (
        <p role="alert" className="w-full text-sm text-red-700">
          {result.message}
        </p>
      )}
      {result?.ok && (
        <p role="status" className="w-full text-sm text-green-700">
          {result.data.changed ? "Role changed." : "That was already the role."}
        </p>
      )}
    </form>
  );
}

/** One button that posts `fields` to `action`, with a confirmation and the refusal shown beside it. */
export function ConfirmButtonForm<T>({
  action,
  fields,
  label,
  pendingLabel,
  confirm,
  variant = "secondary",
}: {
  action: FormAction<T>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  confirm: string;
  variant?: "secondary" | "danger" | "ghost";
}) {
  const [result, formAction] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(confirm)) event.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton variant={variant} size="sm" pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      {result && !result.ok && (
        <p role="alert" className="w-full text-sm text-red-700">
          {result.message}
        </p>
      )}
    </form>
  );
}
