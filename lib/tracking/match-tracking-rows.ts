import { createHash } from "node:crypto";
import { FileProblemCollector } from "@/lib/csv/collect-file-problems";
import { clipValue, type FileProblem } from "@/lib/csv/file-problem";
import { detachString } from "@/lib/node/detach-string";
import { detectCarrier } from "./detect-carrier";
import { cutDigitsProblem, normalizeTrackingNumber } from "./normalize-tracking-number";
import type { TrackingFileRow } from "./read-tracking-file";
import { resolveCarrierAndUrl } from "./resolve-carrier-and-url";
import { TrackingBackerIndex, type TrackingBacker } from "./tracking-backer-index";
import { fillTrackingUrl } from "./tracking-carriers";

export { TrackingBackerIndex, type TrackingBacker } from "./tracking-backer-index";

export type MatchTrackingOptions = {
  fileName: string;
  /** "Skip backers who already have a tracking number"; otherwise their numbers are replaced. */
  skipExisting: boolean;
  /** "These are separate packages": several rows for one backer are several packages, not a mistake. */
  separatePackages: boolean;
  /** How many problems of one kind are listed before the rest are counted (default 50). */
  problemsPerKind?: number;
  /**
   * False: `changes` stays empty. The preview needs only the summary, the problems and the
   * fingerprint, and a change per backer of a 250,000-row file is a lot of memory to build for nothing.
   */
  collectChanges?: boolean;
  /**
   * With `collectChanges`: `finish` yields the changes in rounds of this many as it plans them, and
   * the plan's `changes` stays empty, so an apply writes a quarter of a million changes a round at a
   * time instead of holding them all beside the backers and rows they came from.
   */
  changeRound?: number;
  /**
   * With `collectChanges`: the index was loaded without pledge ids, names and shipment ids (a
   * quarter of a million UUIDs and names the apply would hold all at once), so each change is
   * planned with `pending` and completed a round at a time by completeTrackingChanges.
   */
  detailsLater?: boolean;
  /**
   * False: the plan's `rowIssues` stays empty and only whether each row has an error or warnings
   * is kept, which is all the summary counts. Only the problem-rows export reads the issues row by
   * row; an apply would otherwise hold a message per warned row (50,000 "pledge not collected" at
   * 250,000 backers) until matching ends. Default true.
   */
  keepRowIssues?: boolean;
};

export type PlannedPackage = { row: number; trackingNumber: string; carrier: string | null; trackingUrl: string | null };

/** What happens to one backer: the packages added and the current shipments superseded. */
export type PlannedBackerChange = {
  pledgeId: string;
  backerNumber: number | null;
  email: string;
  name: string;
  /** new: first number; replaced: current numbers superseded; added: another package next to the current ones. */
  outcome: "new" | "replaced" | "added";
  add: PlannedPackage[];
  /** Ids of current shipments that the new numbers replace (kept as history). */
  supersede: string[];
  /** Current packages the backer keeps beside the new ones: the email numbers the new ones after them. */
  keptPackages?: number;
  /**
   * Planned with `detailsLater`: `pledgeId`, `name` and `supersede` are still empty, and this is
   * what completeTrackingChanges needs to fill them in and prove the shipments are the ones planned.
   */
  pending?: PendingChangeDetails;
};

/** The current shipments a change was planned against (version and count), and the positions of those it supersedes. */
export type PendingChangeDetails = { shipmentVersion: number; shipmentCount: number; supersedeAt: number[] };

export type TrackingRowIssue = { severity: "error" | "warning"; column?: string; value?: string; message: string; fix: string };

export type TrackingPlanSummary = {
  /** Data rows read (blank lines excluded). */
  rows: number;
  /** Rows whose tracking cell is empty: skipped, never marking anyone as shipped. */
  blankRows: number;
  /** The first BLANK_ROWS_LISTED of them by row number, so the creator can find them. */
  blankRowNumbers: number[];
  /** Backers who get their first tracking number(s). */
  newBackers: number;
  /** Backers whose current number(s) would be replaced. */
  replacedBackers: number;
  /** Backers who keep their current number(s) and get another package (separate packages). */
  addedBackers: number;
  /** Backers whose numbers in the file are already saved. */
  unchangedBackers: number;
  /** Backers left alone because they already have a number ("Skip backers who already have a tracking number"). */
  skippedBackers: number;
  /** New shipment rows (packages) the apply writes. */
  packages: number;
  /** Rows with at least one error; such rows (and their backers' other rows) are never applied. */
  errorRows: number;
  /** Rows with warnings only. */
  warningRows: number;
  /** Backers with several different numbers: "These are separate packages" would make them packages. */
  backersWithSeveralNumbers: number;
};

export type TrackingPlan = {
  summary: TrackingPlanSummary;
  /** Backers that change, in file order. */
  changes: PlannedBackerChange[];
  /** For the preview: every problem, with repeats of one kind beyond the limit counted in a summary line. */
  problems: FileProblem[];
  /** Every row with a problem (row number → issues), for the downloadable problem rows (empty with `keepRowIssues: false`). */
  rowIssues: Map<number, TrackingRowIssue[]>;
  /**
   * sha256 of what applying would write (the errors and counts, and per change its pledge,
   * outcome, superseded shipments and packages), so the apply can prove it does what the preview showed.
   */
  fingerprint: string;
};

const COLUMN = {
  backerNumber: "Backer Number",
  email: "Email",
  trackingNumber: "Tracking Number",
  carrier: "Carrier (optional)",
  trackingUrl: "Tracking URL (optional)",
};

/**
 * A row's package while matching: a carrier's own tracking page is kept as the carrier's shared
 * template (`trackingUrl` null) and filled in only for the packages applied, rather than a link
 * per row kept until matching ends.
 */
type Entry = PlannedPackage & { urlTemplate: string | null };

/** The package an entry stands for, with its link filled in. */
function toPackage(entry: Entry): PlannedPackage {
  const trackingUrl = entry.urlTemplate === null ? entry.trackingUrl : fillTrackingUrl(entry.urlTemplate, entry.trackingNumber);
  return { row: entry.row, trackingNumber: entry.trackingNumber, carrier: entry.carrier, trackingUrl };
}

/** A Backer Number cell: the number, null when blank, or "invalid". Accepts "#12" and "12.0". */
export function parseBackerNumberCell(cell: string): number | null | "invalid" {
  if (isShortDigitString(cell)) return Number(cell);
  const text = cell.trim().replace(/^#\s*/, "");
  if (text === "") return null;
  // "12.0" is what some tools write for a whole number.
  const match = /^(\d{1,9})(?:\.0+)?$/.exec(text);
  return match ? Number(match[1]) : "invalid";
}

// The template's own cells: 250,000 of them skip the trim and the regular expression.
function isShortDigitString(text: string): boolean {
  if (text.length === 0 || text.length > 9) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * detachString for a normalised tracking number (letters and digits only, so it is a valid JSON
 * string as it is): JSON.parse makes one flat string, where detachString leaves a slice of a copy,
 * 32 bytes more for each of 250,000 rows.
 */
function detachTrackingNumber(value: string): string {
  return JSON.parse(`"${value}"`) as string;
}

/** An Int32Array that grows as it is written past its end (unwritten positions read -1). */
class GrowableInt32Array {
  private values = new Int32Array(1024).fill(-1);

  get(at: number): number {
    return at < this.values.length ? this.values[at] : -1;
  }

  set(at: number, value: number): void {
    if (at >= this.values.length) {
      const grown = new Int32Array(Math.max(at + 1, this.values.length * 2)).fill(-1);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[at] = value;
  }
}

/** Whether a backer's current tracking numbers include `trackingNumber` (compared upper-cased). */
function hasShipment(numbers: readonly string[], trackingNumber: string): boolean {
  for (const number of numbers) {
    if (number === trackingNumber || number.toUpperCase() === trackingNumber) return true;
  }
  return false;
}

/**
 * Matches the rows of an uploaded tracking file to the project's backers and decides, without
 * touching the database, what applying it would do: which backers get a first number, whose
 * number is replaced (or skipped), which are already up to date, and every problem with its row,
 * value and fix. Pure: plain data in, plan out.
 *
 * A row is matched by Backer Number and/or Email; when both are given they must name the same
 * backer. Blank tracking cells are skipped. Any error on a row keeps that backer out of the plan
 * entirely (applying a backer's other rows alone would send a half-right email).
 */
export function matchTrackingRows(
  rows: readonly TrackingFileRow[],
  backers: readonly TrackingBacker[] | TrackingBackerIndex,
  options: MatchTrackingOptions,
): TrackingPlan {
  const matcher = createTrackingMatcher(backers, options);
  for (const row of rows) matcher.add(row);
  const steps = matcher.finish();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** matchTrackingRows one row at a time, so a large file is matched as it is parsed and never held. */
export type TrackingMatcher = {
  /** Matches the next row of the file (rows in file order). */
  add: (row: TrackingFileRow) => void;
  /**
   * The plan for every row added; call once. A generator: each `yield` is a point where a caller
   * may let other work run before the next few hundred backers are planned; with `changeRound`,
   * some yields hand out the next round of changes (the caller must take them: the plan keeps none).
   */
  finish: (saved?: SavedTrackingNumbers) => Generator<readonly PlannedBackerChange[] | void, TrackingPlan, void>;
  /**
   * Each tracking number of the file with the email of the backer it was matched to (its first
   * row's), for looking up which of them are already saved for someone else before `finish`.
   */
  numbersWithBackers: () => { numbers: string[]; emails: string[] };
  /** How many backers the rows added so far matched: the most changes `finish` can plan. */
  backerCount: () => number;
};

/** Tracking numbers already saved for a backer of the project: number → that backer's email and description. */
export type SavedTrackingNumbers = ReadonlyMap<string, { email: string; backer: string }>;

/** How many blank tracking cells are named by row; the rest are counted. */
export const BLANK_ROWS_LISTED = 50;

/** matchTrackingRows for rows that arrive one at a time (see TrackingMatcher). */
export function createTrackingMatcher(backers: readonly TrackingBacker[] | TrackingBackerIndex, options: MatchTrackingOptions): TrackingMatcher {
  const { fileName } = options;
  const collector = new FileProblemCollector(options.problemsPerKind ?? 50);
  const rowIssues = new Map<number, TrackingRowIssue[]>();
  const index = backers instanceof TrackingBackerIndex ? backers : TrackingBackerIndex.of(backers);
  const describeBacker = (backer: number) => index.describe(backer);

  const keepRowIssues = options.keepRowIssues ?? true;
  // Per row: -1 no issue, 0 warnings only, 1 an error; the summary's errorRows and warningRows
  // are counted as rows change state, so no issue need be kept to count them.
  const rowSeverity = new GrowableInt32Array();

  const report = (row: number, kind: string, issue: TrackingRowIssue, summaryText?: string) => {
    if (keepRowIssues) {
      const list = rowIssues.get(row);
      if (list) list.push(issue);
      else rowIssues.set(row, [issue]);
    }
    const was = rowSeverity.get(row);
    const now = issue.severity === "error" ? 1 : 0;
    if (now > was) {
      if (was === 0) summary.warningRows--;
      if (now === 1) summary.errorRows++;
      else summary.warningRows++;
      rowSeverity.set(row, now);
    }
    collector.add({ file: fileName, row, ...issue }, kind, summaryText);
  };

  const summary: TrackingPlanSummary = {
    rows: 0,
    blankRows: 0,
    blankRowNumbers: [],
    newBackers: 0,
    replacedBackers: 0,
    addedBackers: 0,
    unchangedBackers: 0,
    skippedBackers: 0,
    packages: 0,
    errorRows: 0,
    warningRows: 0,
    backersWithSeveralNumbers: 0,
  };
  // Backers are positions in the index, so what is kept per backer lives in arrays, not maps.
  // Most backers have one row: their entry is kept as is, and in an array only from the second.
  const entries: (Entry | Entry[] | undefined)[] = new Array(index.size);
  // Backers with entries, in the order of their first entry (the order of the changes).
  const entryOrder: number[] = [];
  const blocked = new Uint8Array(index.size);
  // The first row of each tracking number, and the backer of every row: a number's owner is the
  // backer of its first row.
  const numberFirstRow = new Map<string, number>();
  const rowBacker = new GrowableInt32Array();

  // Made once rather than per row: a quarter of a million closures is garbage the collector has to chase.
  let row = 0;
  let rowHasError = false;
  const error = (kind: string, issue: Omit<TrackingRowIssue, "severity">, summaryText?: string) => {
    rowHasError = true;
    report(row, kind, { severity: "error", ...issue }, summaryText);
  };
  const warn = (kind: string, issue: Omit<TrackingRowIssue, "severity">, summaryText?: string) =>
    report(row, kind, { severity: "warning", ...issue }, summaryText);

  const add = (input: TrackingFileRow) => {
    summary.rows++;
    row = input.row;
    rowHasError = false;
    if (input.trackingNumber.trim() === "") {
      summary.blankRows++;
      if (summary.blankRowNumbers.length < BLANK_ROWS_LISTED) summary.blankRowNumbers.push(row);
      return;
    }

    // Which backer?
    let backer = -1;
    const number = parseBackerNumberCell(input.backerNumber);
    const email = input.email.trim().toLowerCase();
    if (number === "invalid") {
      error(
        "backer-number-invalid",
        {
          column: COLUMN.backerNumber,
          value: clipValue(input.backerNumber.trim()),
          message: `Backer Number "${clipValue(input.backerNumber.trim(), 40)}" is not a whole number.`,
          fix: "Copy the backer number from the template or the backer report (digits only).",
        },
        "Backer Number is not a whole number",
      );
    } else if (number === null && email === "") {
      error("no-backer", {
        message: "This row has a tracking number but neither a Backer Number nor an Email, so it cannot be matched to a backer.",
        fix: "Fill in the backer's number or email (copy them from the template), or delete the row.",
      });
    } else {
      const viaNumber = number === null ? -1 : index.findByNumber(number);
      // A template row's email is its backer's: compared, not looked up (hashing 250,000 emails is
      // a good part of matching). It is looked up only when the number does not settle the row.
      const viaEmail = email === "" || (viaNumber >= 0 && index.email(viaNumber) === email) ? -1 : index.findByEmail(email);
      if (number !== null && viaNumber < 0) {
        error(
          "not-in-project",
          {
            column: COLUMN.backerNumber,
            value: String(number),
            message: viaEmail >= 0
              ? `There is no backer #${number} in this project, but ${email} is ${describeBacker(viaEmail)}.`
              : `There is no backer #${number} in this project.`,
            fix: "Check the number against the template or the backer report; delete the row if this backer is from another project.",
          },
          "backer not in this project",
        );
      } else if (number === null && viaEmail < 0) {
        error(
          "not-in-project",
          {
            column: COLUMN.email,
            value: clipValue(email),
            message: `No backer of this project has the email ${clipValue(email, 60)}.`,
            fix: "Check the email against the template or the backer report; delete the row if this backer is from another project.",
          },
          "backer not in this project",
        );
      } else if (viaNumber >= 0 && email !== "" && index.email(viaNumber) !== email) {
        error(
          "number-email-mismatch",
          {
            column: COLUMN.email,
            value: clipValue(email),
            message: viaEmail >= 0
              ? `Backer Number ${number} and Email ${clipValue(email, 60)} point at different backers: #${number} is ${index.email(viaNumber)}, and ${clipValue(email, 60)} is ${describeBacker(viaEmail)}.`
              : `Backer Number ${number} belongs to ${index.email(viaNumber)}, not to ${clipValue(email, 60)}.`,
            fix: "The row was probably edited or sorted by one column only. Copy both cells from the template again, or clear the one that is wrong.",
          },
          "backer number and email point at different backers",
        );
      } else {
        backer = viaNumber >= 0 ? viaNumber : viaEmail;
      }
    }

    if (backer >= 0 && !index.inSelection(backer)) {
      error(
        "not-in-selection",
        {
          column: COLUMN.backerNumber,
          value: String(index.backerNumber(backer) ?? index.email(backer)),
          message: `${describeBacker(backer)} was not in the selection this template was made for.`,
          fix: "Delete the row, or close this dialog, add the backer to your selection in the backer report, and upload the file again.",
        },
        "backer not in the selection the template was made for",
      );
    } else if (backer >= 0 && !index.hasPledge(backer)) {
      error("no-pledge", {
        message: `${describeBacker(backer)} has no pledge in this project, so there is nothing to ship.`,
        fix: "Delete the row, or import the backer's pledge first.",
      });
    }

    // Which number, carrier and link?
    const normalized = normalizeTrackingNumber(input.trackingNumber);
    let entry: Entry | null = null;
    if (!normalized.ok) {
      const { kind, message, fix } = normalized.problem;
      const summaries: Record<string, string> = {
        "scientific-notation": "tracking number destroyed by a spreadsheet (scientific notation)",
        "cut-digits": "tracking number cut to 15 digits by a spreadsheet",
        characters: "characters that cannot be in a tracking number",
      };
      error(kind, { column: COLUMN.trackingNumber, value: clipValue(input.trackingNumber.trim()), message, fix }, summaries[kind]);
    } else {
      const value = detachTrackingNumber(normalized.value);
      const carrierCell = input.carrier.trim();
      const resolved = resolveCarrierAndUrl(value, input.carrier, input.trackingUrl);
      const { detection, known } = resolved;

      if (normalized.zerosAfterFifteen > 0 && !detection.carrier && !detectCarrier(value).carrier) {
        const problem = cutDigitsProblem(value, normalized.zerosAfterFifteen);
        const issue = { column: COLUMN.trackingNumber, value, message: problem.message, fix: problem.fix };
        if (normalized.zerosAfterFifteen >= 2) error("cut-digits", issue, "tracking number cut to 15 digits by a spreadsheet");
        else warn("maybe-cut-digits", issue, "16-digit tracking number ending in 0 (possibly cut by a spreadsheet)");
      } else if (!detection.carrier && detection.failedCheck && (carrierCell === "" || known)) {
        warn(
          "check-digit",
          {
            column: COLUMN.trackingNumber,
            value,
            message: `${value} has the format of a ${detection.failedCheck.name} number (${detection.failedCheck.format}), but its check digit does not match.`,
            fix: "Check the number for a typo against the carrier's label. If it is exactly right, ignore this warning.",
          },
          "check digit does not match the carrier",
        );
      }

      if (resolved.invalidUrl) {
        const urlCell = input.trackingUrl.trim();
        error("url-invalid", {
          column: COLUMN.trackingUrl,
          value: clipValue(urlCell),
          message: `"${clipValue(urlCell, 60)}" is not a web address.`,
          fix: "Paste the full link, starting with https://, or leave the cell empty to use the carrier's own tracking page.",
        });
      } else if (resolved.unknownCarrierWithoutUrl) {
        warn(
          "unknown-carrier",
          {
            column: COLUMN.carrier,
            value: clipValue(carrierCell),
            message: `Pledgehouse does not know the carrier "${clipValue(carrierCell, 40)}", so the email and the Backing details page will show the number without a "Track shipment" link.`,
            fix: "Add the link in the Tracking URL (optional) column, or write the carrier as UPS, USPS, FedEx, DHL, Canada Post, Royal Mail, Australia Post, Deutsche Post, La Poste, OnTrac or Amazon Logistics.",
          },
          "carrier not recognised",
        );
      }
      const { carrier, trackingUrl, urlTemplate } = resolved;
      // A carrier or link the creator typed is a cell of the file (see detachString).
      entry =
        urlTemplate !== null
          ? { row, trackingNumber: value, carrier, trackingUrl: null, urlTemplate }
          : { row, trackingNumber: value, carrier: carrier !== null && carrierCell !== "" && !resolved.known ? detachString(carrier) : carrier, trackingUrl: trackingUrl === null ? null : detachString(trackingUrl), urlTemplate };

      if (backer >= 0) {
        rowBacker.set(row, backer);
        const ownerRow = numberFirstRow.get(value);
        const owner = ownerRow === undefined ? -1 : rowBacker.get(ownerRow);
        if (owner >= 0 && owner !== backer) {
          warn(
            "shared-number",
            {
              column: COLUMN.trackingNumber,
              value,
              message: `${value} is also the tracking number of ${describeBacker(owner)} in row ${ownerRow}.`,
              fix: "Each parcel has its own number; check that the number was not copied down by mistake. Ignore this if both backers share one parcel.",
            },
            "tracking number given to several backers",
          );
        } else if (owner < 0) {
          numberFirstRow.set(value, row);
        }
      }
    }

    const level = backer >= 0 && !rowHasError ? index.nothingToShip(backer) : null;
    if (level !== null) {
      warn(
        "nothing-to-ship",
        {
          message: `The pledge of ${describeBacker(backer)} is for “${level.levelName}”, ${level.kind === "DIGITAL" ? "a digital-only reward" : "a no-reward pledge"}: there is nothing to ship.`,
          fix: "Check the row: the number may belong to another backer. If this backer really gets a parcel, the number is added anyway.",
        },
        "pledge that ships nothing (digital only or no reward)",
      );
    }

    const status = backer >= 0 ? index.uncollectedStatus(backer) : null;
    if (status !== null && !rowHasError) {
      warn(
        "pledge-status",
        {
          message: `The pledge of ${describeBacker(backer)} is ${status.toLowerCase()}, not collected.`,
          fix: "Check that you meant to ship to this backer; the number is added anyway.",
        },
        "pledge not collected",
      );
    }

    if (backer >= 0) {
      if (rowHasError) blocked[backer] = 1;
      else if (entry) {
        const kept = entries[backer];
        if (kept === undefined) {
          entries[backer] = entry;
          entryOrder.push(backer);
        } else if (Array.isArray(kept)) kept.push(entry);
        else entries[backer] = [kept, entry];
      }
    }
  };

  const numbersWithBackers = () => {
    const numbers: string[] = [];
    const emails: string[] = [];
    for (const [number, firstRow] of numberFirstRow) {
      numbers.push(number);
      emails.push(index.email(rowBacker.get(firstRow)));
    }
    return { numbers, emails };
  };

  const finish = function* (saved: SavedTrackingNumbers = new Map()): Generator<readonly PlannedBackerChange[] | void, TrackingPlan, void> {
    const collectChanges = options.collectChanges ?? true;
    const round = collectChanges ? options.changeRound : undefined;
    let changes: PlannedBackerChange[] = [];
    const digest = createPlanDigest();
    let planned = 0;
    // A matcher is finished once, after the saved numbers were looked up: the first rows of the
    // numbers and each backer's entries are let go as the plan takes their place, so a quarter of
    // a million changes do not sit beside the entries they came from.
    numberFirstRow.clear();
    for (const backer of entryOrder) {
      const kept = entries[backer]!;
      entries[backer] = undefined;
      const list = Array.isArray(kept) ? kept : [kept];
      if (++planned % 256 === 0) yield;
      // Identical rows are the same package written twice.
      const unique: Entry[] = [];
      for (const entry of list) {
        const first = unique.find((candidate) => candidate.trackingNumber === entry.trackingNumber);
        if (!first) unique.push(entry);
        else
          report(entry.row, "repeated-row", {
            severity: "warning",
            column: COLUMN.trackingNumber,
            value: entry.trackingNumber,
            message: `Row ${entry.row} repeats row ${first.row} (${describeBacker(backer)}, same tracking number); it counts once.`,
            fix: "Delete one of the two rows, or leave it: nothing is sent twice.",
          }, "row repeats an earlier row");
      }
      if (unique.length > 1 && !options.separatePackages) {
        summary.backersWithSeveralNumbers++;
        const where = unique.map((entry) => `row ${entry.row} (${entry.trackingNumber})`).join(", ");
        for (const entry of unique) {
          report(
            entry.row,
            "several-numbers",
            {
              severity: "error",
              column: COLUMN.trackingNumber,
              value: entry.trackingNumber,
              message: `${describeBacker(backer)} has ${unique.length} different tracking numbers in this file: ${where}.`,
              fix: 'If these are separate packages, tick "These are separate packages". Otherwise delete the rows that are wrong.',
            },
            "backer with several different tracking numbers",
          );
        }
        blocked[backer] = 1;
      }
      if (blocked[backer] === 1 || !index.hasPledge(backer)) continue;
      const current = index.shipmentNumbersOf(backer);

      // Linear scans instead of a Set per backer: a backer has one or two numbers, and there are 250,000 of them.
      const added = unique.filter((entry) => !hasShipment(current, entry.trackingNumber));
      if (added.length === 0) {
        summary.unchangedBackers++;
        continue;
      }
      for (const entry of added) {
        const owner = saved.get(entry.trackingNumber);
        if (owner && owner.email !== index.email(backer)) {
          report(
            entry.row,
            "saved-for-another",
            {
              severity: "warning",
              column: COLUMN.trackingNumber,
              value: entry.trackingNumber,
              message: `${entry.trackingNumber} is already saved as the tracking number of ${owner.backer}; this row adds it to ${describeBacker(backer)} too.`,
              fix: "Each parcel has its own number: check the row was not copied from another backer's. Ignore this if both backers share one parcel.",
            },
            "tracking number already saved for another backer",
          );
        }
      }
      const hasCurrent = current.length > 0;
      if (hasCurrent && options.skipExisting) {
        summary.skippedBackers++;
        continue;
      }
      // The current numbers the file does not repeat are replaced.
      const superseded: string[] = [];
      const supersededAt: number[] = [];
      for (let at = 0; at < current.length; at++) {
        const number = current[at].toUpperCase();
        if (!unique.some((entry) => entry.trackingNumber === number)) {
          superseded.push(current[at]);
          supersededAt.push(at);
        }
      }
      const outcome = !hasCurrent ? "new" : superseded.length > 0 ? "replaced" : "added";
      if (outcome === "new") summary.newBackers++;
      else if (outcome === "replaced") summary.replacedBackers++;
      else summary.addedBackers++;
      summary.packages += added.length;
      const backerNumber = index.backerNumber(backer);
      digest.add(backerNumber ?? index.email(backer), outcome, index.shipmentVersion(backer), superseded, added);
      if (collectChanges && options.detailsLater) {
        changes.push({
          pledgeId: "",
          backerNumber,
          email: index.email(backer),
          name: "",
          outcome,
          add: added.map(toPackage),
          supersede: [],
          keptPackages: current.length - supersededAt.length,
          pending: { shipmentVersion: index.shipmentVersion(backer), shipmentCount: current.length, supersedeAt: supersededAt },
        });
      } else if (collectChanges) {
        const pledgeId = index.pledgeId(backer);
        const ids = index.shipmentIdsOf(backer);
        if (pledgeId === null || ids.length !== current.length) {
          throw new Error("createTrackingMatcher: collectChanges needs the backers' pledge and shipment ids (or detailsLater)");
        }
        changes.push({
          pledgeId,
          backerNumber,
          email: index.email(backer),
          name: index.name(backer),
          outcome,
          add: added.map(toPackage),
          supersede: supersededAt.map((at) => ids[at]),
          keptPackages: current.length - supersededAt.length,
        });
      }
      if (collectChanges) {
        if (round !== undefined && changes.length >= round) {
          yield changes;
          changes = [];
        }
      }
    }
    if (round !== undefined && changes.length > 0) {
      yield changes;
      changes = [];
    }

    const problems = collector.toList().sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
    return { summary, changes, problems, rowIssues, fingerprint: digest.finish(summary) };
  };
  return { add, finish, numbersWithBackers, backerCount: () => entryOrder.length };
}

/**
 * The plan's fingerprint, fed change by change: the backer (by number, or email without one), the
 * outcome, the version of their current shipments (which changes with any of their ids) and the
 * numbers superseded, and the packages added. Changes are batched into large strings because a
 * quarter of a million small hash updates cost more than the hashing itself.
 */
function createPlanDigest() {
  const changes = createHash("sha256");
  let pending = "";
  return {
    add(backer: number | string, outcome: string, shipmentVersion: number, superseded: readonly string[], packages: readonly Entry[]) {
      pending += `${backer}|${outcome}|${shipmentVersion}|${superseded.join(",")}|`;
      // A carrier's link as its template: the same information as the filled link, without making it.
      for (const pkg of packages) pending += `${pkg.trackingNumber}:${pkg.carrier ?? ""}:${pkg.urlTemplate ?? ""}:${pkg.trackingUrl ?? ""};`;
      pending += "\n";
      if (pending.length > 1 << 16) {
        changes.update(pending);
        pending = "";
      }
    },
    finish(summary: TrackingPlanSummary): string {
      changes.update(pending);
      return createHash("sha256")
        .update(`${summary.errorRows}|${summary.unchangedBackers}|${summary.skippedBackers}\n${changes.digest("hex")}`)
        .digest("hex");
    },
  };
}
