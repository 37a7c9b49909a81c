import type { ImportItem } from "./backer-import-types";

const ADD_ON = /^\[\s*add-?on\s*:?\s*([^\]]+?)\s*\]\s*(.*)$/i;

/**
 * A quantity column header → the item it counts. Kickstarter names add-on columns
 * `[Addon: 123] Name` (123 is the add-on's id, kept to match re-imports); other columns are reward
 * items named by their header.
 */
export function readItemColumn(header: string): ImportItem {
  const match = ADD_ON.exec(header.trim());
  if (match) {
    const externalId = match[1];
    const name = match[2].trim() || `Add-on ${externalId}`;
    return { key: `addon:${externalId}`, name, externalId, isAddOn: true };
  }
  const name = header.trim();
  return { key: `name:${name.toLowerCase()}`, name, externalId: null, isAddOn: false };
}

/** Whether a header is one of Kickstarter's add-on columns. */
export function isAddOnColumn(header: string): boolean {
  return ADD_ON.test(header.trim());
}
