"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useSubmittedValues } from "@/components/ui/use-submitted-values";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ImportedContactList } from "@/lib/contact-lists/import-contact-list";
import { toCsv } from "@/lib/csv/to-csv";

type UploadResult = {
  contactList: ImportedContactList;
  segment: { id: string; name: string } | null;
  duplicateCount: number;
  warnings: string[];
};

type Props = {
  projectId: string;
  /** "partner": Create Partner Project Segment; "leads": landing-page or email-campaign leads. */
  variant: "partner" | "leads";
  action: (previous: ActionResult<UploadResult> | null, formData: FormData) => Promise<ActionResult<UploadResult>>;
};

const nf = (n: number) => n.toLocaleString("en-US");

/**
 * How many of the list's emails are backers of this project and how many are not, the first
 * unmatched emails, and all of them (as returned) as a CSV download: a partner may want to know
 * who is missing, and a leads list to follow them up.
 */
function UploadCounts({ list, duplicateCount }: { list: ImportedContactList; duplicateCount: number }) {
  const shown = list.unmatchedEmails.slice(0, 10);
  const csv = toCsv(
    ["Email"],
    list.unmatchedEmails.map((email) => [email]),
  );
  return (
    <div className="space-y-1">
      <dl className="flex flex-wrap gap-x-6 gap-y-1" data-testid="contact-list-counts">
        <div>
          <dt className="inline">Emails: </dt>
          <dd className="inline font-semibold">{nf(list.entries)}</dd>
        </div>
        <div>
          <dt className="inline">Backers of this project: </dt>
          <dd className="inline font-semibold">{nf(list.matchedBackers)}</dd>
        </div>
        <div>
          <dt className="inline">Not backers: </dt>
          <dd className="inline font-semibold">{nf(list.unmatchedCount)}</dd>
        </div>
      </dl>
      {duplicateCount > 0 && <p>{nf(duplicateCount)} repeated emails were ignored.</p>}
      {list.unmatchedCount > 0 && (
        <p className="break-words">
          Not backers: {shown.join(", ")}
          {list.unmatchedCount > shown.length ? ` and ${nf(list.unmatchedCount - shown.length)} more` : ""}.{" "}
          <a
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`}
            download={`${list.name} - not backers.csv`}
            className="font-semibold underline"
          >
            Download{" "}
            {list.unmatchedEmails.length === 1 ? "this email" : `these ${nf(list.unmatchedEmails.length)} emails`} (CSV)
          </a>
        </p>
      )}
    </div>
  );
}

/** Upload of a CSV with an email column as a contact list (and, for a partner project, its segment). */
export function ContactListUploadForm({ projectId, variant, action }: Props) {
  const [result, formAction] = useActionState(action, null);
  const [values, remember] = useSubmittedValues();
  const failure = result && !result.ok ? result : null;
  const errors = failure?.fieldErrors ?? {};
  const p = `${variant}-list`;
  return (
    <form action={formAction} onSubmit={remember} className="space-y-4" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {variant === "partner" && <input type="hidden" name="kind" value="PARTNER_PROJECT" />}
      {failure && (
        <Alert tone="error">
          {failure.message}
          {(errors.file ?? []).length > 1 && (
            <ul className="mt-1 list-disc pl-5">
              {errors.file!.slice(1).map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${p}-name`} label={variant === "partner" ? "Partner project" : "List name"} error={errors.name}>
          {(field) => (
            <Input
              {...field}
              name="name"
              required
              defaultValue={values.name}
              placeholder={variant === "partner" ? "Harbour Lights backers" : "Teaser page leads"}
            />
          )}
        </FormField>
        {variant === "partner" ? (
          <FormField id={`${p}-segment`} label="Segment name" error={errors.segmentName}>
            {(field) => (
              <Input {...field} name="segmentName" defaultValue={values.segmentName ?? "Cross Collab Backers"} />
            )}
          </FormField>
        ) : (
          <FormField id={`${p}-kind`} label="Where the list comes from" error={errors.kind}>
            {(field) => (
              <Select {...field} name="kind" defaultValue={values.kind ?? "LANDING_PAGE_LEADS"}>
                <option value="LANDING_PAGE_LEADS">Landing page / teaser page leads</option>
                <option value="EMAIL_CAMPAIGN">Email campaign (clicked)</option>
                <option value="OTHER">Other list</option>
              </Select>
            )}
          </FormField>
        )}
      </div>
      <FormField
        id={`${p}-file`}
        label="CSV file or Excel workbook (.xlsx)"
        hint="An export with an email column (“Email”, “Backer Email”, …)."
        error={errors.file?.[0]}
      >
        {(field) => (
          <input
            {...field}
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-slate-900 hover:file:bg-slate-200"
          />
        )}
      </FormField>
      {variant === "leads" && (
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="createSegment"
            defaultChecked
            className="size-4 rounded border-slate-300 text-indigo-600"
          />
          Also create a segment of the backers on this list
        </label>
      )}
      <SubmitButton pendingLabel="Uploading…">
        {variant === "partner" ? "Create Partner Project Segment" : "Import leads"}
      </SubmitButton>
      {result?.ok && (
        <Alert tone="success" title={`“${result.data.contactList.name}” imported`}>
          <UploadCounts list={result.data.contactList} duplicateCount={result.data.duplicateCount} />
          {result.data.warnings.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-amber-900">
              {result.data.warnings.slice(0, 5).map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {result.data.segment && (
            <p className="mt-2 flex flex-wrap gap-x-4">
              <Link
                href={`/projects/${projectId}/segments/${result.data.segment.id}`}
                className="font-semibold underline"
              >
                Open “{result.data.segment.name}”
              </Link>
              <Link
                href={`/projects/${projectId}/segments/new?inSegment=${result.data.segment.id}`}
                className="font-semibold underline"
              >
                Create a New Segment of it in specific pledge levels
              </Link>
            </p>
          )}
        </Alert>
      )}
    </form>
  );
}
