import { z } from "zod";
import type { CodeList } from "@/lib/digital-rewards/parse-code-list";
import { MAX_CODE_FILE_BYTES } from "@/lib/digital-rewards/read-code-file";
import { readCodesInput } from "@/lib/digital-rewards/read-codes-input";
import { DomainError } from "@/lib/errors";
import type { RouteFormMessages } from "@/lib/http/read-route-form";

const CodeListFieldsSchema = z.object({
  codes: z.string({ message: "The pasted codes must be text." }).optional(),
  file: z.unknown().optional(),
});

/**
 * The code list of a posted form (the code bank's, the send dialog's): the pasted `codes` or the
 * uploaded CSV, TXT or workbook in `file`, read as every code-list route reads it, with its
 * problems (each naming its file and row, or its line) on the list.
 */
export async function readCodeListForm(form: FormData): Promise<CodeList> {
  const parsed = CodeListFieldsSchema.safeParse({ codes: form.get("codes") ?? undefined, file: form.get("file") ?? undefined });
  if (!parsed.success) throw new DomainError("INVALID_INPUT", parsed.error.issues[0].message);
  return readCodesInput(parsed.data);
}

/** How a code-list upload is refused while it arrives; `nothing` says what did not happen ("Nothing was added."). */
export function codeListFormMessages(nothing: string): RouteFormMessages {
  return {
    sizeSentence: true,
    fileLimit: MAX_CODE_FILE_BYTES,
    tooLarge: `Split the codes into smaller files and upload them one after the other. ${nothing}`,
    incomplete: `The upload did not arrive complete. Try again; ${nothing.charAt(0).toLowerCase()}${nothing.slice(1)}`,
    notAForm: "The upload was not a form. Reload the page and try again.",
  };
}
