import { parseCodeList, type CodeList } from "./parse-code-list";
import { readCodeFile } from "./read-code-file";

/**
 * An uploaded file from a form. A file input with nothing chosen still sends an empty part (its
 * name is not reliably empty once decoded), so only a non-empty file counts as chosen.
 */
export function isChosenFile(value: unknown): value is File {
  return typeof Blob !== "undefined" && value instanceof Blob && value.size > 0;
}

/**
 * The code list of a form that offers both a text box and a file: the file when one was chosen,
 * else the pasted text. Never both silently: a chosen file with pasted text is refused.
 */
export async function readCodesInput(input: { codes?: string; file?: unknown }): Promise<CodeList> {
  const pasted = input.codes?.trim() ?? "";
  if (isChosenFile(input.file)) {
    if (pasted !== "") {
      return {
        codes: [],
        problems: [
          "You both pasted codes and chose a file. Use one or the other: clear the text box or remove the file.",
        ],
        entryCount: 0,
        caseVariantProblems: [],
      };
    }
    return readCodeFile(new Uint8Array(await input.file.arrayBuffer()), input.file.name || "the uploaded file");
  }
  return parseCodeList(pasted);
}
