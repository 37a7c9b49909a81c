import { z } from "zod";
import { BackerSelectionSchema, type BackerSelection } from "@/lib/backers/report/resolve-backer-selection";
import { SendTokenSchema } from "@/lib/digital-rewards/digital-reward-schemas";
import type { DigitalRewardCodes } from "@/lib/digital-rewards/plan-digital-reward-send";
import { isChosenFile } from "@/lib/digital-rewards/read-codes-input";
import type { DigitalRewardSendExclusions } from "@/lib/digital-rewards/send-exclusions";
import type { DigitalRewardSendJobCodes } from "@/lib/digital-rewards/start-digital-reward-send-job";
import { DomainError } from "@/lib/errors";
import type { RouteFormMessages } from "@/lib/http/read-route-form";
import { codeListFormMessages, readCodeListForm } from "../../code-list-form";

/** Refused before anything is read: a send starts from this project's own pages. */
export const SEND_CROSS_SITE_MESSAGE =
  "Digital rewards can only be sent from this project's pages. Open the backer report and try again; nothing was sent.";

/** How a send's upload (its list of codes) is refused while it arrives. */
export const SEND_FORM_MESSAGES: RouteFormMessages = codeListFormMessages("Nothing was sent.");

// The selection travels as JSON in a form field.
const SelectionFieldSchema = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}, BackerSelectionSchema);

const SendFieldsSchema = z.object({
  selection: SelectionFieldSchema,
  source: z.enum(["paste", "file", "bank", "shared"], { message: "Choose where the codes come from." }),
  sharedValue: z.string().optional(),
  // Unpaid pledges are left out unless the form says "false" for that exclusion.
  excludeFailedPayments: z.enum(["true", "false"]).optional(),
  excludeDroppedPledges: z.enum(["true", "false"]).optional(),
});

export type SendForm = {
  selection: BackerSelection;
  exclusions: DigitalRewardSendExclusions;
  /** The codes as the preview reads them. */
  codes: DigitalRewardCodes;
  /** The codes as the send job keeps them: the pasted text or the file as given (the job reads them again). */
  jobCodes: () => Promise<DigitalRewardSendJobCodes>;
};

const field = (form: FormData, name: string) => form.get(name) ?? undefined;

/**
 * The send dialog's form (also the single-backer page's): the selection, where the codes come from
 * (pasted `codes`, an uploaded `file`, the bank, or the shared `sharedValue`) and the exclusions.
 * A list of codes is read by the code-list pipeline the code bank uses (readCodeListForm).
 */
export async function readSendFormOrThrow(form: FormData): Promise<SendForm> {
  const parsed = SendFieldsSchema.safeParse({
    selection: field(form, "selection"),
    source: field(form, "source"),
    sharedValue: field(form, "sharedValue"),
    excludeFailedPayments: field(form, "excludeFailedPayments"),
    excludeDroppedPledges: field(form, "excludeDroppedPledges"),
  });
  if (!parsed.success) throw new DomainError("INVALID_INPUT", parsed.error.issues[0].message);
  const fields = parsed.data;
  const exclusions = {
    failedPayments: fields.excludeFailedPayments !== "false",
    droppedPledges: fields.excludeDroppedPledges !== "false",
  };
  const base = { selection: fields.selection, exclusions };
  switch (fields.source) {
    case "bank":
      return { ...base, codes: { source: "bank" }, jobCodes: async () => ({ source: "bank" }) };
    case "shared": {
      const value = fields.sharedValue ?? "";
      return { ...base, codes: { source: "shared", value }, jobCodes: async () => ({ source: "shared", value }) };
    }
    case "paste":
    case "file": {
      const list = await readCodeListForm(form);
      const file = form.get("file");
      const jobCodes = async (): Promise<DigitalRewardSendJobCodes> => {
        // The same checks the preview made, so a list with problems is refused at once.
        if (list.problems.length > 0) throw new DomainError("INVALID_INPUT", list.problems.join("\n"));
        if (fields.source === "paste") {
          const codes = form.get("codes");
          return { source: "paste", text: typeof codes === "string" ? codes : "" };
        }
        if (!isChosenFile(file)) throw new DomainError("INVALID_INPUT", "Choose the file of codes to send.");
        return { source: "file", fileName: file.name || "codes.csv", bytes: new Uint8Array(await file.arrayBuffer()) };
      };
      return { ...base, codes: { source: "list", list }, jobCodes };
    }
  }
}

/** The send token of a form that starts a send. */
export function readSendTokenOrThrow(form: FormData): string {
  const parsed = SendTokenSchema.safeParse(form.get("token"));
  if (!parsed.success) throw new DomainError("INVALID_INPUT", parsed.error.issues[0].message);
  return parsed.data;
}
