import type { ProjectJobKind } from "./project-job-types";

const n = (value: number) => value.toLocaleString("en-US");
const fileSize = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-US")} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** A finished job's result in one sentence, for the Activity page ("3 backers got a tracking number…"). */
export function describeProjectJobResult(kind: ProjectJobKind, result: unknown): string {
  if (kind === "TRACKING_APPLY" && result && typeof result === "object") {
    const r = result as { summary?: { newBackers?: number; replacedBackers?: number; addedBackers?: number }; emailsQueued?: number; skippedProblemRows?: number };
    const parts: string[] = [];
    if (r.summary?.newBackers) parts.push(`${plural(r.summary.newBackers, "backer", "backers")} got a tracking number`);
    if (r.summary?.replacedBackers) parts.push(`${plural(r.summary.replacedBackers, "backer", "backers")} had theirs replaced`);
    if (r.summary?.addedBackers) parts.push(`${plural(r.summary.addedBackers, "backer", "backers")} got another package`);
    if (parts.length === 0) parts.push("Nothing new: every number was already saved");
    const emails = r.emailsQueued ?? 0;
    let text = `${parts.join(", ")}. ${emails > 0 ? `${plural(emails, "email", "emails")} queued.` : "No email needed sending."}`;
    if (r.skippedProblemRows) text += ` ${plural(r.skippedProblemRows, "row", "rows")} with problems left out.`;
    return text;
  }
  if (kind === "DIGITAL_REWARD_SEND" && result && typeof result === "object") {
    const r = result as { rewardName?: string; sent?: number; skipped?: number; withoutPledge?: number; excluded?: number; repeated?: boolean };
    if (r.repeated) return `This send of “${r.rewardName ?? ""}” had already gone out; nothing new was sent.`;
    let text = `“${r.rewardName ?? ""}” was sent to ${plural(r.sent ?? 0, "backer", "backers")}.`;
    if (r.skipped) text += ` ${plural(r.skipped, "backer", "backers")} already had it.`;
    if (r.withoutPledge) text += ` ${plural(r.withoutPledge, "backer", "backers")} without a pledge skipped.`;
    if (r.excluded) text += ` ${plural(r.excluded, "backer", "backers")} whose payment was not collected left out.`;
    return text;
  }
  if (kind === "INCENTIVE_APPLY" && result && typeof result === "object") {
    const r = result as { name?: string; granted?: number; skipped?: number; emailsQueued?: number };
    let text = `Gave “${r.name ?? ""}” to ${plural(r.granted ?? 0, "backer", "backers")}.`;
    if (r.skipped) text += ` ${plural(r.skipped, "backer", "backers")} already had it.`;
    if (r.emailsQueued) text += ` ${plural(r.emailsQueued, "email", "emails")} queued.`;
    return text;
  }
  if (kind === "INCENTIVE_UNDO" && result && typeof result === "object") {
    const r = result as { name?: string; pledges?: number };
    return `Took “${r.name ?? ""}” back from ${plural(r.pledges ?? 0, "pledge", "pledges")}.`;
  }
  if (kind === "BACKER_IMPORT" && result && typeof result === "object") {
    const r = result as { added?: number; updated?: number; unchanged?: number; pledgeLevelsCreated?: number; itemsCreated?: number };
    let text = `${plural(r.added ?? 0, "backer", "backers")} added, ${n(r.updated ?? 0)} updated, ${n(r.unchanged ?? 0)} unchanged.`;
    if (r.pledgeLevelsCreated) text += ` ${plural(r.pledgeLevelsCreated, "new pledge level", "new pledge levels")}.`;
    if (r.itemsCreated) text += ` ${plural(r.itemsCreated, "new item", "new items")}.`;
    return text;
  }
  if (kind === "BACKER_REPORT_EXPORT" && result && typeof result === "object") {
    const r = result as { rows?: number; format?: string; file?: { name?: string; bytes?: number } };
    const size = r.file?.bytes !== undefined ? ` (${fileSize(r.file.bytes)})` : "";
    return `${plural(r.rows ?? 0, "backer", "backers")} exported to ${r.file?.name ?? (r.format === "xlsx" ? "an Excel file" : "a CSV file")}${size}.`;
  }
  if (kind === "SEGMENT_SKU_EXPORT" && result && typeof result === "object") {
    const r = result as { rows?: number; segmentName?: string; format?: string; file?: { name?: string; bytes?: number } };
    const size = r.file?.bytes !== undefined ? ` (${fileSize(r.file.bytes)})` : "";
    const what = r.file?.name ?? (r.format === "xlsx" ? "an Excel file" : "a CSV file");
    return `SKU per Column of “${r.segmentName ?? ""}”: ${plural(r.rows ?? 0, "backer", "backers")} exported to ${what}${size}.`;
  }
  return "Done.";
}
