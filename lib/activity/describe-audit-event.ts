import { formatZonedDateTime } from "@/lib/projects/zoned-time";
import { asTeamEvent, describeTeamEvent } from "./describe-team-event";

// Pure: turns an audit event (as other parts of the app record it) into words for the activity
// timeline. Each action's details are read defensively: the JSON was written by code that may have
// changed since, so a missing or odd field degrades the sentence instead of breaking the page.

export type AuditEventCategory = "import" | "tracking" | "digital-reward" | "segment" | "incentive" | "mail" | "team" | "other";

export type AuditEventDescription = {
  /** What happened, to follow the actor's name: "imported 1,204 backers from backers.csv". */
  sentence: string;
  /** The counts worth seeing at a glance, in order; zero counts that say nothing are left out. */
  facts: { label: string; value: string }[];
  /** Where to see what the action touched. */
  link: { href: string; label: string } | null;
  category: AuditEventCategory;
};

const SETTING_LABELS: Record<string, string> = {
  name: "Name",
  platform: "Platform",
  currency: "Currency",
  timeZone: "Time zone",
  launchedAt: "Launch",
  endedAt: "End",
  earlyBirdHours: "Early-bird hours",
};
const LEVEL_FIELD_LABELS: Record<string, string> = {
  name: "Name",
  price: "Price (minor units)",
  kind: "Kind",
  collectsShippingAddress: "Collect Shipping Address",
  weightBasedShipping: "Weight-based shipping",
  contents: "Contents",
};
const LEVEL_VALUE_LABELS: Record<string, string> = { PHYSICAL: "Physical", DIGITAL: "Digital only", NO_REWARD: "No reward", true: "yes", false: "no" };
const ITEM_FIELD_LABELS: Record<string, string> = { name: "Name", sku: "SKU", physical: "Physical", weightGrams: "Weight (g)", options: "New options", optionRenamed: "Option renamed", optionRemoved: "Option removed" };
const SENDER_LABELS: Record<string, string> = { mailSenderName: "Sender name", mailReplyTo: "Reply-To" };
const SUPPRESSION_REASONS: Record<string, string> = {
  HARD_BOUNCE: "a permanent bounce",
  COMPLAINT: "a spam complaint",
  UNSUBSCRIBE: "an unsubscribe from all email",
};
const TIME_SETTINGS = new Set(["launchedAt", "endedAt"]);

type EventInput = { action: string; targetCount: number; details: Record<string, unknown> | null };

const number = (n: number) => n.toLocaleString("en-US");

/** "1 backer", "2,040 backers". */
export function pluralize(n: number, singular: string, plural = `${singular}s`): string {
  return `${number(n)} ${n === 1 ? singular : plural}`;
}

/** "backer #12, Ada Lovelace" from an event's backer fields; "one backer" for events written before they were recorded. */
function namedBacker(d: ReturnType<typeof reader>): string {
  const name = d.text("backerName") || d.text("backerEmail");
  const backerNumber = d.count("backerNumber");
  if (name) return `${backerNumber !== null ? `backer #${number(backerNumber)}, ` : ""}${name}`;
  return backerNumber !== null ? `backer #${number(backerNumber)}` : "one backer";
}

function reader(details: Record<string, unknown> | null) {
  const source = details ?? {};
  return {
    text: (key: string): string | null => {
      const value = source[key];
      return typeof value === "string" && value.trim() !== "" ? value : null;
    },
    count: (key: string): number | null => {
      const value = source[key];
      return typeof value === "number" && Number.isFinite(value) ? value : null;
    },
    flag: (key: string): boolean => source[key] === true,
  };
}

/** "the digital reward “Soundtrack”", or "a digital reward" when the name was not recorded. */
const named = (what: string, name: string | null) =>
  name ? `the ${what} “${name}”` : `${/^[aeiou]/.test(what) ? "an" : "a"} ${what}`;

/**
 * The sentence, counts and link for one audit event of the project at `projectPath`
 * (`/projects/<id>`). Unknown actions get a generic sentence naming the action.
 */
export function describeAuditEvent(event: EventInput, projectPath: string): AuditEventDescription {
  const d = reader(event.details);
  const n = event.targetCount;
  const facts: { label: string; value: string }[] = [];
  // Counts of zero are only worth showing when they are the point (nothing was added).
  const fact = (label: string, value: number | null, showZero = false) => {
    if (value !== null && (value !== 0 || showZero)) facts.push({ label, value: number(value) });
  };
  const reward = () => named("digital reward", d.text("rewardName"));
  const rewardLink = () => {
    const id = d.text("rewardId");
    return id ? { href: `${projectPath}/digital-rewards/${id}`, label: "Open the reward" } : null;
  };

  const teamEvent = asTeamEvent(event);
  if (teamEvent) return { ...describeTeamEvent(teamEvent), link: { href: `${projectPath}/team`, label: "Team" }, category: "team" };

  switch (event.action) {
    case "backers.import": {
      const file = d.text("fileName");
      const from = file ? ` from ${file}` : "";
      fact("Added", d.count("add"), true);
      fact("Updated", d.count("update"), true);
      fact("Unchanged", d.count("unchanged"));
      fact("New pledge levels", d.count("newPledgeLevels"));
      fact("New items", d.count("newItems"));
      fact("Rows read", d.count("rows"));
      return {
        sentence:
          n > 0
            ? `imported ${pluralize(n, "backer")}${from}`
            : `imported${from || " a file"}: every backer was already up to date`,
        facts,
        link: { href: `${projectPath}/imports`, label: "Import history" },
        category: "import",
      };
    }
    case "tracking.upload": {
      const file = d.text("fileName");
      fact("First tracking number", d.count("newBackers"));
      fact("Number replaced", d.count("replacedBackers"));
      fact("Extra package", d.count("addedBackers"));
      fact("Already had it", d.count("unchangedBackers"));
      fact("Skipped", d.count("skippedBackers"));
      fact("Problem rows left out", d.count("skippedProblemRows"));
      fact("Emails queued", d.count("emailsQueued"), true);
      return {
        sentence: `added tracking numbers for ${pluralize(n, "backer")}${file ? ` from ${file}` : ""}`,
        facts,
        link: (d.count("emailsQueued") ?? 0) > 0 ? { href: `${projectPath}/mail`, label: "See the emails" } : null,
        category: "tracking",
      };
    }
    case "tracking.add": {
      const trackingNumber = d.text("trackingNumber");
      const carrier = d.text("carrier");
      const backerId = d.text("backerId");
      const what = trackingNumber
        ? `tracking number ${trackingNumber}${carrier ? ` (${carrier})` : ""}`
        : "a tracking number";
      const backer = namedBacker(d);
      return {
        sentence: `added ${what} for ${backer}${(d.count("replaced") ?? 0) > 0 ? ", replacing the previous number" : ""}`,
        facts,
        link: backerId
          ? { href: `${projectPath}/backers/${backerId}/tracking`, label: "The backer's tracking numbers" }
          : null,
        category: "tracking",
      };
    }
    case "contact-list.upload": {
      const matched = d.count("matchedBackers");
      fact("Emails", d.count("entries") ?? n, true);
      fact("Backers of this project", matched, true);
      fact("Not backers", d.count("unmatched"), true);
      const kind = d.text("kind");
      const what = kind === "PARTNER_PROJECT" ? "partner list" : "contact list";
      const segmentId = d.text("segmentId");
      return {
        sentence: `uploaded the ${what} “${d.text("name") ?? "untitled"}”${d.text("fileName") ? ` from ${d.text("fileName")}` : ""}`,
        facts,
        link: segmentId
          ? { href: `${projectPath}/segments/${segmentId}`, label: "Open the segment" }
          : { href: `${projectPath}/segments/advanced`, label: "See the contact lists" },
        category: "segment",
      };
    }
    case "digital-reward.create": {
      const kind = d.text("kind");
      const described =
        kind === "UNIQUE"
          ? " (a unique code per backer)"
          : kind === "SHARED"
            ? " (one value shared by every backer)"
            : "";
      return {
        sentence: `created ${reward()}${described}`,
        facts,
        link: rewardLink(),
        category: "digital-reward",
      };
    }
    case "digital-reward.bank-upload": {
      const added = d.count("added") ?? n;
      fact("Codes left in the bank", d.count("bankLeft"), true);
      return {
        sentence: `added ${pluralize(added, "code")} to the code bank of ${reward()}`,
        facts,
        link: rewardLink(),
        category: "digital-reward",
      };
    }
    case "digital-reward.send": {
      const sent = d.count("sent") ?? n;
      fact("Sent", sent, true);
      fact("Already had it", d.count("skipped"));
      fact("Without a pledge", d.count("withoutPledge"));
      fact("Left out: payment not collected", d.count("excluded"));
      const source = d.text("source");
      const from =
        source === "bank"
          ? " with codes from the code bank"
          : source === "list"
            ? " with codes pasted or uploaded"
            : "";
      return {
        sentence: `sent ${reward()} to ${pluralize(sent, "backer")}${from}`,
        facts,
        link: rewardLink(),
        category: "digital-reward",
      };
    }
    case "digital-reward.resend": {
      fact("Times sent to this backer", d.count("sendCount"));
      return {
        sentence: `re-sent ${reward()} to ${namedBacker(d)}`,
        facts,
        link: rewardLink(),
        category: "digital-reward",
      };
    }
    case "segment.add-backers": {
      const selected = d.count("selected");
      fact("Selected", selected);
      if (selected !== null && selected > n) fact("Already in it", selected - n);
      const segmentId = d.text("segmentId");
      return {
        sentence: `added ${pluralize(n, "backer")} to ${named(d.flag("createdSegment") ? "new segment" : "segment", d.text("segmentName"))}`,
        facts,
        link: segmentId ? { href: `${projectPath}/segments/${segmentId}`, label: "Open the segment" } : null,
        category: "segment",
      };
    }
    case "incentive.apply": {
      const gift = d.text("gift");
      const segment = d.text("segmentName");
      fact("Given", n, true);
      fact("Already had it", d.count("skipped"));
      fact("Emails queued", d.count("emailsQueued"));
      return {
        sentence: `gave ${named("incentive", d.text("incentiveName"))}${gift ? ` (${gift})` : ""} to ${pluralize(n, "backer")}${segment ? ` in the segment “${segment}”` : ""}`,
        facts,
        link: { href: `${projectPath}/segments/incentives`, label: "Incentives" },
        category: "incentive",
      };
    }
    case "incentive.undo":
      fact("Emails not sent after all", d.count("emailsCancelled"));
      return {
        sentence: `undid ${named("incentive", d.text("incentiveName"))} for ${pluralize(n, "backer")}`,
        facts,
        link: { href: `${projectPath}/segments/incentives`, label: "Incentives" },
        category: "incentive",
      };
    case "mail.retry": {
      const to = d.text("toEmail");
      return {
        sentence: to
          ? `queued the failed email to ${to} to be sent again`
          : `queued ${pluralize(n, "failed email")} to be sent again`,
        facts,
        link: { href: `${projectPath}/mail`, label: "Mail log" },
        category: "mail",
      };
    }
    case "mail.sender": {
      const changes = Array.isArray(event.details?.changes) ? (event.details.changes as unknown[]) : [];
      for (const change of changes) {
        if (typeof change !== "object" || change === null) continue;
        const { field, from, to } = change as { field?: unknown; from?: unknown; to?: unknown };
        if (typeof field !== "string") continue;
        const show = (value: unknown) => (typeof value === "string" ? value : "not set");
        facts.push({ label: SENDER_LABELS[field] ?? field, value: `${show(from)} → ${show(to)}` });
      }
      return {
        sentence: `changed the sender of backer email (${facts.map((f) => f.label).join(", ") || "no change"})`,
        facts,
        link: { href: `${projectPath}/mail`, label: "Mail" },
        category: "mail",
      };
    }
    case "mail.suppression-lifted": {
      const email = d.text("email");
      const name = d.text("backerName");
      const who = email ? `${name ? `${name}, ` : ""}${email}` : "a backer's address";
      const reason = SUPPRESSION_REASONS[d.text("reason") ?? ""];
      if (reason) facts.push({ label: "Was suppressed for", value: reason });
      const provider = d.text("provider");
      if (provider) facts.push({ label: "Reported by", value: provider });
      return {
        sentence: `lifted the email suppression of ${who}: it receives email again`,
        facts,
        link: { href: `${projectPath}/mail`, label: "Mail log" },
        category: "mail",
      };
    }
    case "item.create":
    case "item.update": {
      const changes = Array.isArray(event.details?.changes) ? (event.details.changes as unknown[]) : [];
      for (const change of changes) {
        if (typeof change !== "object" || change === null) continue;
        const { field, from, to } = change as { field?: unknown; from?: unknown; to?: unknown };
        if (typeof field !== "string") continue;
        const show = (value: unknown) => (typeof value !== "string" ? "not set" : (LEVEL_VALUE_LABELS[value] ?? value));
        facts.push({ label: ITEM_FIELD_LABELS[field] ?? field, value: event.action === "item.create" ? show(to) : `${show(from)} → ${show(to)}` });
      }
      return {
        sentence: `${event.action === "item.create" ? "added" : "changed"} ${named("item", d.text("itemName"))}`,
        facts,
        link: { href: `${projectPath}/items`, label: "Items" },
        category: "other",
      };
    }
    case "item.archive":
    case "item.restore":
      return {
        sentence: `${event.action === "item.archive" ? "archived" : "restored"} ${named("item", d.text("itemName"))}`,
        facts,
        link: { href: `${projectPath}/items`, label: "Items" },
        category: "other",
      };
    case "pledge-level.update": {
      const changes = Array.isArray(event.details?.changes) ? (event.details.changes as unknown[]) : [];
      for (const change of changes) {
        if (typeof change !== "object" || change === null) continue;
        const { field, from, to } = change as { field?: unknown; from?: unknown; to?: unknown };
        if (typeof field !== "string" || field === "kindConfirmed") continue;
        const show = (value: unknown) => (typeof value !== "string" ? "not set" : (LEVEL_VALUE_LABELS[value] ?? value));
        facts.push({ label: LEVEL_FIELD_LABELS[field] ?? field, value: `${show(from)} → ${show(to)}` });
      }
      return {
        sentence: `changed ${named("pledge level", d.text("levelName"))}${facts.length === 0 ? " (confirmed its kind)" : ""}`,
        facts,
        link: { href: `${projectPath}/pledge-levels`, label: "Pledge levels" },
        category: "other",
      };
    }
    case "project.settings": {
      const zone = d.text("timeZone") ?? "UTC";
      const changes = Array.isArray(event.details?.changes) ? (event.details.changes as unknown[]) : [];
      for (const change of changes) {
        if (typeof change !== "object" || change === null) continue;
        const { field, from, to } = change as { field?: unknown; from?: unknown; to?: unknown };
        if (typeof field !== "string") continue;
        const label = SETTING_LABELS[field] ?? field;
        const show = (value: unknown) =>
          typeof value !== "string" ? "not set" : TIME_SETTINGS.has(field) ? formatZonedDateTime(new Date(value), zone) : value;
        facts.push({ label, value: `${show(from)} → ${show(to)}` });
      }
      return {
        sentence: `changed the project settings (${facts.map((f) => f.label.toLowerCase()).join(", ") || "no change"})`,
        facts,
        link: { href: `${projectPath}/settings`, label: "Settings" },
        category: "other",
      };
    }
    default:
      return {
        sentence: n > 0 ? `ran “${event.action}” on ${pluralize(n, "record")}` : `ran “${event.action}”`,
        facts,
        link: null,
        category: "other",
      };
  }
}
