/**
 * The words of the single-backer form when the backer already has packages: what each choice
 * would do (in the conditional, so neither reads as done) and what the backer's email will say
 * for the choice made, "package 2 of 2" when one is added.
 */
export function describeTrackingMode(
  currentNumbers: readonly string[],
  mode: "replace" | "add" | "",
  backerLabel: string,
): { replaceHint: string; addHint: string; emailNote: string } {
  const current = currentNumbers.join(", ");
  const next = currentNumbers.length + 1;
  const them = currentNumbers.length === 1 ? "it" : "them";
  return {
    replaceHint: `The backer would no longer see ${current}; you keep ${them} in the history.`,
    addHint: `The backer keeps ${current} and gets the new number as package ${next} of ${next}.`,
    emailNote:
      mode === "add"
        ? `${backerLabel} gets an email saying this is package ${next} of ${next}, with the number and a Track shipment link.`
        : mode === "replace"
          ? `${backerLabel} gets an email with the new number and a Track shipment link.`
          : `${backerLabel} gets an email with the number and a Track shipment link.`,
  };
}
