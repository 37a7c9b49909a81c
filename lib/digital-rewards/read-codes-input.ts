import { parseCodeList, type CodeList } from "./parse-code-list";
import { readCodeFile } from "./read-code-file";

/** An uploaded file from a form: browsers send an empty, nameless one when none was chosen. */
export function isChosenFile(value: unknown): value is File {
  return typeof File !== "undefined" && value instanceof File && (value.size > 0 || value.name !== "");
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
      };
    }
    return readCodeFile(new Uint8Array(await input.file.arrayBuffer()), input.file.name || "the file");
  }
  return parseCodeList(pasted);
}
