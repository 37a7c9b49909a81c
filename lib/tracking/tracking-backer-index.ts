/** A backer of the project as the matching needs it (only the current, non-superseded shipments). */
export type TrackingBacker = {
  backerNumber: number | null;
  /** Trimmed and lower-cased, as stored. */
  email: string;
  name: string;
  pledgeId: string | null;
  pledgeStatus: string | null;
  /** The pledge level's kind and name when it ships nothing (DIGITAL or NO_REWARD); omitted or null otherwise. */
  nothingToShip?: { kind: "DIGITAL" | "NO_REWARD"; levelName: string } | null;
  /** In the selection the template was made for. */
  inSelection: boolean;
  shipments: readonly { id: string; trackingNumber: string }[];
};

/**
 * One chunk of backers as loadTrackingBackers receives them: a column per field (JSON arrays in
 * the same order), so a quarter of a million backers cost a few arrays instead of an object, an
 * array and a shipment object each.
 */
export type TrackingBackerColumns = {
  backerNumbers: (number | null)[];
  emails: string[];
  hasPledge: boolean[];
  /** The pledge's status, null when COLLECTED (by far the most common) or when there is no pledge. */
  statuses: (string | null)[];
  inSelection: boolean[];
  /** Current tracking numbers as stored, oldest first; null without any. */
  shipmentNumbers: (string[] | null)[];
  /** "DIGITAL:<level name>" or "NO_REWARD:<level name>" for a pledge level that ships nothing; null otherwise. */
  nothingToShip?: (string | null)[];
  /**
   * A number that changes whenever the backer's current shipments change (a hash of their ids; 0
   * without any): it stands in for the ids in the plan's fingerprint, so the preview need not load
   * a quarter of a million UUIDs to prove the apply supersedes exactly the shipments it saw.
   */
  shipmentVersions: number[];
  /** Only for the apply (the preview needs none of them): pledge ids, shipment ids, names. */
  pledgeIds?: (string | null)[];
  shipmentIds?: (string[] | null)[];
  names?: string[];
};

const NOTHING: readonly string[] = [];

/** Flags per backer (see TrackingBackerIndex.flags). */
const PLEDGED = 1;
const SELECTED = 2;
const NUMBERED = 4;

/** A typed array that grows as it is appended to. */
class GrowableTypedArray<T extends Uint8Array | Int32Array> {
  length = 0;
  constructor(
    public values: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = this.make(Math.max(1024, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

/**
 * The project's backers as matchTrackingRows looks them up, by backer number and by email, held
 * column by column and referred to by position (a small integer) rather than as an object per
 * backer: at 250,000 backers the objects, their shipment arrays and the maps keyed by them were
 * most of a preview's memory and a good part of its time.
 */
export class TrackingBackerIndex {
  // Numbers, flags and versions in typed arrays (a quarter of a million booleans in a plain array
  // cost 8 bytes each); what most backers lack is kept sparsely. They stay in memory for the whole
  // of an apply, and the collector lets the heap grow to a multiple of what stays.
  private readonly numbers = new GrowableTypedArray(new Int32Array(0), (size) => new Int32Array(size));
  private readonly flags = new GrowableTypedArray(new Uint8Array(0), (size) => new Uint8Array(size));
  private readonly versions = new GrowableTypedArray(new Int32Array(0), (size) => new Int32Array(size));
  private readonly emails: string[] = [];
  // Sparse: COLLECTED (null here) is by far the most common status.
  private readonly statuses = new Map<number, string>();
  // Sparse: most pledges ship something, and only the others are kept.
  private readonly nothingToShipAt = new Map<number, { kind: "DIGITAL" | "NO_REWARD"; levelName: string }>();
  // A backer's one number as itself rather than in an array of its own (most have one or none).
  private readonly shipmentNumbers: (string | readonly string[] | null)[] = [];
  // Holey, and empty for an index loaded without them (see TrackingBackerColumns).
  private readonly pledgeIds: (string | null)[] = [];
  private readonly shipmentIds: (readonly string[] | null)[] = [];
  private readonly names: string[] = [];
  // Built on first use: a template's rows are found by number and their emails only compared, so
  // most uploads never need the email map (250,000 hashed strings).
  private byNumber: Int32Array | Map<number, number> | null = null;
  private byEmail: Map<string, number> | null = null;

  static of(backers: Iterable<TrackingBacker>): TrackingBackerIndex {
    const index = new TrackingBackerIndex();
    for (const backer of backers) index.add(backer);
    return index;
  }

  get size(): number {
    return this.emails.length;
  }

  /** Adds one backer (tests and small projects; loads add theirs a chunk at a time with addColumns). */
  add(backer: TrackingBacker): void {
    if (backer.nothingToShip) this.nothingToShipAt.set(this.size, backer.nothingToShip);
    const ids = backer.shipments.map((shipment) => shipment.id);
    this.push(
      backer.backerNumber,
      backer.email,
      backer.pledgeId !== null,
      backer.pledgeId === null || backer.pledgeStatus === "COLLECTED" ? null : backer.pledgeStatus,
      backer.inSelection,
      backer.shipments.length === 0 ? null : backer.shipments.map((shipment) => shipment.trackingNumber),
      backer.shipments.length === 0 ? 0 : versionOf(ids),
      backer.pledgeId,
      backer.shipments.length === 0 ? null : ids,
      backer.name,
    );
  }

  addColumns(columns: TrackingBackerColumns): void {
    const { backerNumbers, emails, hasPledge, statuses, inSelection, shipmentNumbers, shipmentVersions, pledgeIds, shipmentIds, names, nothingToShip } = columns;
    for (let at = 0; at < emails.length; at++) {
      const level = nothingToShip?.[at];
      if (level) {
        const colon = level.indexOf(":");
        this.nothingToShipAt.set(this.size, {
          kind: level.slice(0, colon) === "DIGITAL" ? "DIGITAL" : "NO_REWARD",
          levelName: level.slice(colon + 1),
        });
      }
      this.push(
        backerNumbers[at],
        emails[at],
        hasPledge[at],
        statuses[at],
        inSelection[at],
        shipmentNumbers[at],
        shipmentVersions[at],
        pledgeIds?.[at] ?? null,
        shipmentIds?.[at] ?? null,
        names?.[at] ?? "",
      );
    }
  }

  private push(
    backerNumber: number | null,
    email: string,
    hasPledge: boolean,
    status: string | null,
    inSelection: boolean,
    numbers: readonly string[] | null,
    version: number,
    pledgeId: string | null,
    ids: readonly string[] | null,
    name: string,
  ): void {
    const at = this.emails.length;
    this.numbers.push(backerNumber ?? 0);
    this.flags.push((hasPledge ? PLEDGED : 0) | (inSelection ? SELECTED : 0) | (backerNumber !== null ? NUMBERED : 0));
    this.versions.push(version);
    this.emails.push(email);
    if (status !== null) this.statuses.set(at, status);
    this.shipmentNumbers.push(numbers !== null && numbers.length === 1 ? numbers[0] : numbers);
    if (pledgeId !== null) this.pledgeIds[at] = pledgeId;
    if (ids !== null) this.shipmentIds[at] = ids;
    if (name !== "") this.names[at] = name;
    this.byNumber = null;
    this.byEmail = null;
  }

  /** The backer with this backer number, or -1. */
  findByNumber(backerNumber: number): number {
    const byNumber = (this.byNumber ??= this.indexNumbers());
    if (byNumber instanceof Int32Array) return backerNumber >= 0 && backerNumber < byNumber.length ? byNumber[backerNumber] : -1;
    return byNumber.get(backerNumber) ?? -1;
  }

  /** The backer with this (trimmed, lower-cased) email, or -1. */
  findByEmail(email: string): number {
    if (this.byEmail === null) {
      this.byEmail = new Map();
      for (let at = 0; at < this.emails.length; at++) this.byEmail.set(this.emails[at], at);
    }
    return this.byEmail.get(email) ?? -1;
  }

  /**
   * Backer numbers run from 1 up with few gaps, so usually an array indexed by number (4 bytes a
   * backer, no hashing) finds them; a map when they are too sparse for that.
   */
  private indexNumbers(): Int32Array | Map<number, number> {
    let max = 0;
    let min = 0;
    const size = this.size;
    const numbers = this.numbers.values;
    const flags = this.flags.values;
    for (let at = 0; at < size; at++) {
      if ((flags[at] & NUMBERED) === 0) continue;
      const number = numbers[at];
      if (number > max) max = number;
      if (number < min) min = number;
    }
    if (min >= 0 && max <= 4 * size + 1024) {
      const byNumber = new Int32Array(max + 1).fill(-1);
      for (let at = 0; at < size; at++) {
        if ((flags[at] & NUMBERED) !== 0) byNumber[numbers[at]] = at;
      }
      return byNumber;
    }
    const byNumber = new Map<number, number>();
    for (let at = 0; at < size; at++) {
      if ((flags[at] & NUMBERED) !== 0) byNumber.set(numbers[at], at);
    }
    return byNumber;
  }

  backerNumber(backer: number): number | null {
    return (this.flags.values[backer] & NUMBERED) !== 0 ? this.numbers.values[backer] : null;
  }

  email(backer: number): string {
    return this.emails[backer];
  }

  name(backer: number): string {
    return this.names[backer] ?? "";
  }

  hasPledge(backer: number): boolean {
    return (this.flags.values[backer] & PLEDGED) !== 0;
  }

  /** The pledge's status when it is not COLLECTED (null when it is, or without a pledge). */
  uncollectedStatus(backer: number): string | null {
    return this.statuses.get(backer) ?? null;
  }

  /** The pledge level's kind and name when it ships nothing (digital only, no reward), else null. */
  nothingToShip(backer: number): { kind: "DIGITAL" | "NO_REWARD"; levelName: string } | null {
    return this.nothingToShipAt.get(backer) ?? null;
  }

  inSelection(backer: number): boolean {
    return (this.flags.values[backer] & SELECTED) !== 0;
  }

  /** Current tracking numbers as stored. */
  shipmentNumbersOf(backer: number): readonly string[] {
    const numbers = this.shipmentNumbers[backer];
    return typeof numbers === "string" ? [numbers] : (numbers ?? NOTHING);
  }

  shipmentVersion(backer: number): number {
    return this.versions.values[backer];
  }

  /** Loaded for the apply only (null otherwise). */
  pledgeId(backer: number): string | null {
    return this.pledgeIds[backer] ?? null;
  }

  /** Ids of the current shipments, in the order of shipmentNumbersOf (loaded for the apply only). */
  shipmentIdsOf(backer: number): readonly string[] {
    return this.shipmentIds[backer] ?? NOTHING;
  }

  /** "backer #12 (ada@example.com)", or "backer ada@example.com" without a number. */
  describe(backer: number): string {
    const number = this.backerNumber(backer);
    return number !== null ? `backer #${number} (${this.emails[backer]})` : `backer ${this.emails[backer]}`;
  }
}

/** A shipment version for backers built in memory (the database computes its own with hashtext). */
function versionOf(ids: readonly string[]): number {
  let hash = 0;
  for (const id of ids) {
    for (let at = 0; at < id.length; at++) hash = (Math.imul(hash, 31) + id.charCodeAt(at)) | 0;
    hash = (Math.imul(hash, 31) + 44) | 0;
  }
  return hash;
}
