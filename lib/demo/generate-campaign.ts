import type { CartLineSource, PledgeLevelKind, PledgeStatus } from "@/lib/db/generated/enums";
import { createRandom, type Random } from "./create-random";
import { COUNTRIES, type CountryProfile, type ShippingZone } from "./demo-countries";

export type DemoItem = {
  /** Unique per project; cart lines and tier contents refer to items by name. */
  name: string;
  sku: string;
  /** The platform's add-on id (the number in Kickstarter's "[Addon: 1234567]" header); add-ons only. */
  externalId: string | null;
  physical: boolean;
  isAddOn: boolean;
  weightGrams: number | null;
  /** Add-on price in minor units (0 for items only found in tiers); not stored on the item. */
  price: number;
  options: string[];
};

export type DemoPledgeLevel = {
  /** Unique per project; pledges refer to their level by name. */
  name: string;
  /** The platform's reward id (Kickstarter "Reward ID"). */
  externalId: string;
  price: number;
  kind: PledgeLevelKind;
  collectsShippingAddress: boolean;
  weightBasedShipping: boolean;
  position: number;
  contents: { itemName: string; quantity: number }[];
};

export type DemoBacker = {
  backerNumber: number;
  platformUid: string;
  /** Trimmed and lower-cased, on reserved example domains. */
  email: string;
  name: string;
  country: string;
  shippingName: string | null;
  shippingAddress1: string | null;
  shippingAddress2: string | null;
  shippingCity: string | null;
  shippingState: string | null;
  shippingPostalCode: string | null;
  shippingCountryName: string | null;
  shippingPhone: string | null;
  shippingDeliveryNotes: string | null;
  notes: string | null;
};

export type DemoPledge = {
  backerNumber: number;
  /** Null only for a pledge without a level (never generated, allowed by the schema). */
  pledgeLevelName: string | null;
  /** Total: level price + add-ons + bonus + shipping, minor units. */
  amount: number;
  shippingAmount: number;
  bonusAmount: number;
  pledgedAt: Date;
  status: PledgeStatus;
  statusChangedAt: Date;
};

export type DemoCartLine = {
  backerNumber: number;
  itemName: string;
  optionName: string | null;
  quantity: number;
  unitPrice: number;
  source: Extract<CartLineSource, "PLEDGE_LEVEL" | "ADD_ON">;
};

/** A whole campaign as plain data: what `insertCampaign` writes. Arrays are in backer-number order. */
export type CampaignData = {
  project: { name: string; platform: "KICKSTARTER"; currency: string; launchedAt: Date; endedAt: Date };
  items: DemoItem[];
  pledgeLevels: DemoPledgeLevel[];
  backers: DemoBacker[];
  /** One per backer, same order as `backers`. */
  pledges: DemoPledge[];
  cartLines: DemoCartLine[];
};

/** Someone from another campaign of the same creator; passing `CampaignData.backers` works. */
export type ReturningPerson = Pick<DemoBacker, "email" | "name"> &
  Partial<Omit<DemoBacker, "email" | "name" | "backerNumber" | "platformUid">>;

export type GenerateCampaignOptions = {
  seed: number | string;
  backers: number;
  name?: string;
  /** Default: a fixed date, so the output never depends on the clock. */
  launchedAt?: Date;
  durationDays?: number;
  currency?: string;
  backerNumberStart?: number;
  /** People who backed an earlier campaign; `share` of this campaign's backers are drawn from them. */
  emailPool?: { backers: readonly ReturningPerson[]; share?: number };
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_LAUNCH = new Date("2025-03-04T15:00:00.000Z");
const MAX_BACKERS = 1_000_000;

const ITEMS: readonly Omit<DemoItem, "externalId">[] = [
  { name: "Core game box", sku: "CORE", physical: true, isAddOn: false, weightGrams: 2100, price: 0, options: [] },
  { name: "Print-and-play PDF", sku: "PNP", physical: false, isAddOn: false, weightGrams: null, price: 0, options: [] },
  { name: "Deluxe upgrade pack", sku: "DLX", physical: true, isAddOn: false, weightGrams: 900, price: 0, options: [] },
  { name: "Art book", sku: "ART", physical: true, isAddOn: false, weightGrams: 800, price: 0, options: [] },
  { name: "Enamel pin", sku: "PIN", physical: true, isAddOn: true, weightGrams: 20, price: 1200, options: ["Gold", "Silver", "Black"] },
  { name: "T-shirt", sku: "TEE", physical: true, isAddOn: true, weightGrams: 200, price: 2500, options: ["S", "M", "L", "XL", "XXL"] },
  { name: "Neoprene playmat", sku: "MAT", physical: true, isAddOn: true, weightGrams: 600, price: 3000, options: [] },
  { name: "Expansion pack", sku: "EXP1", physical: true, isAddOn: true, weightGrams: 700, price: 2500, options: [] },
  { name: "Metal coin set", sku: "COIN", physical: true, isAddOn: true, weightGrams: 400, price: 2000, options: [] },
  { name: "Card sleeves (200)", sku: "SLV", physical: true, isAddOn: true, weightGrams: 150, price: 800, options: [] },
  { name: "Digital soundtrack", sku: "OST", physical: false, isAddOn: true, weightGrams: null, price: 1000, options: [] },
];

type LevelTemplate = Omit<DemoPledgeLevel, "externalId" | "position"> & { weight: number; earlyBird?: boolean };

const LEVELS: readonly LevelTemplate[] = [
  { name: "Just Support", kind: "NO_REWARD", price: 100, collectsShippingAddress: false, weightBasedShipping: false, contents: [], weight: 3 },
  {
    name: "Digital Edition",
    kind: "DIGITAL",
    price: 1800,
    collectsShippingAddress: false,
    weightBasedShipping: false,
    contents: [{ itemName: "Print-and-play PDF", quantity: 1 }, { itemName: "Digital soundtrack", quantity: 1 }],
    weight: 9,
  },
  {
    name: "Early Bird Core Game",
    kind: "PHYSICAL",
    price: 3900,
    collectsShippingAddress: true,
    weightBasedShipping: false,
    contents: [{ itemName: "Core game box", quantity: 1 }],
    weight: 0,
    earlyBird: true,
  },
  {
    name: "Core Game",
    kind: "PHYSICAL",
    price: 4900,
    collectsShippingAddress: true,
    weightBasedShipping: false,
    contents: [{ itemName: "Core game box", quantity: 1 }],
    weight: 40,
  },
  {
    name: "Deluxe Edition",
    kind: "PHYSICAL",
    price: 8900,
    collectsShippingAddress: true,
    weightBasedShipping: true,
    contents: [
      { itemName: "Core game box", quantity: 1 },
      { itemName: "Deluxe upgrade pack", quantity: 1 },
      { itemName: "Enamel pin", quantity: 1 },
    ],
    weight: 27,
  },
  {
    name: "Collector's Edition",
    kind: "PHYSICAL",
    price: 14900,
    collectsShippingAddress: true,
    weightBasedShipping: true,
    contents: [
      { itemName: "Core game box", quantity: 1 },
      { itemName: "Deluxe upgrade pack", quantity: 1 },
      { itemName: "Art book", quantity: 1 },
      { itemName: "T-shirt", quantity: 1 },
      { itemName: "Neoprene playmat", quantity: 1 },
    ],
    weight: 10,
  },
  {
    name: "Game Store Bundle (6 copies)",
    kind: "PHYSICAL",
    price: 19900,
    collectsShippingAddress: true,
    weightBasedShipping: true,
    contents: [{ itemName: "Core game box", quantity: 6 }],
    weight: 0.6,
  },
];

const OPTION_WEIGHTS: Record<string, Record<string, number>> = {
  "T-shirt": { S: 12, M: 28, L: 30, XL: 20, XXL: 10 },
  "Enamel pin": { Gold: 45, Silver: 35, Black: 20 },
};

// Flat rate per tier and per kilogram for weight-based tiers, USD-like minor units.
const SHIPPING: Record<ShippingZone, { flat: number; perKg: number }> = {
  DOMESTIC: { flat: 900, perKg: 250 },
  NORTH_AMERICA: { flat: 1900, perKg: 600 },
  EUROPE: { flat: 1700, perKg: 550 },
  OCEANIA: { flat: 2700, perKg: 900 },
  ASIA: { flat: 2300, perKg: 800 },
  REST: { flat: 3100, perKg: 1000 },
};

const STATUS_WEIGHTS: readonly (readonly [PledgeStatus, number])[] = [
  ["COLLECTED", 91.5],
  ["ERRORED", 3],
  ["FAILED", 2.5],
  ["DROPPED", 2],
  ["REFUNDED", 1],
];

const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ["example.com", 60],
  ["example.org", 25],
  ["example.net", 15],
];

const DELIVERY_NOTES = [
  "Leave with the neighbour at no. 12 if I'm out.",
  "Buzzer is broken — please call on arrival.",
  "Side door, not the front.",
  "Please don't leave it in the rain!",
  "Concierge accepts parcels 8:00–18:00.",
];

const BACKER_NOTES = [
  "Moving house in June — will send the new address.",
  "Asked to combine shipping with their friend's pledge.",
  "Gift for their daughter; no receipt in the box please.",
  "Reported a duplicate charge, refunded by the platform.",
  "Wants the pin in Silver instead of Gold.",
  "Prefers email in French.",
];

const HANDLES = ["plays", "games", "meeple", "dice", "tabletop"];

const EMAIL_PATTERNS = [
  ["first.last", 35],
  ["firstlast", 15],
  ["flast", 15],
  ["first.last99", 10],
  ["first1984", 10],
  ["last.first", 5],
  ["first_last", 4],
  ["first.handle", 3],
  // Plus-addressing: the same inbox as first.last, a different string for exact matching.
  ["tagged", 3],
] as const;

/**
 * Generates a realistic crowdfunding campaign as plain data, deterministically: the same options
 * always produce the same campaign. Pledge times cluster in the first 48 hours, with a long tail
 * and a last-48-hours bump; backer numbers follow pledge order like Kickstarter's. Sized for up to
 * 250,000 backers in a few seconds.
 */
export function generateCampaign(options: GenerateCampaignOptions): CampaignData {
  const n = options.backers;
  if (!Number.isInteger(n) || n < 0 || n > MAX_BACKERS) {
    throw new Error(`backers must be a whole number from 0 to ${MAX_BACKERS}, got ${n}`);
  }
  const durationDays = options.durationDays ?? 30;
  if (!(durationDays >= 1 && durationDays <= 90)) {
    throw new Error(`durationDays must be between 1 and 90, got ${durationDays}`);
  }
  const backerNumberStart = options.backerNumberStart ?? 1;
  if (!Number.isInteger(backerNumberStart) || backerNumberStart < 1) {
    throw new Error(`backerNumberStart must be a positive whole number, got ${backerNumberStart}`);
  }
  const currency = (options.currency ?? "USD").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`currency must be an ISO 4217 code such as USD, got "${options.currency}"`);

  const root = createRandom(options.seed);
  const launchedAt = new Date(Math.floor((options.launchedAt ?? DEFAULT_LAUNCH).getTime() / 1000) * 1000);
  const duration = durationDays * DAY;
  const endedAt = new Date(launchedAt.getTime() + duration);

  const catalog = root.fork("catalog");
  const name = options.name ?? "Tidewater: A Cooperative Board Game";
  const skuPrefix = toAscii(name).slice(0, 3).toUpperCase() || "SKU";
  const items = buildItems(catalog, skuPrefix);
  const pledgeLevels = buildLevels(catalog);
  const itemByName = new Map(items.map((item) => [item.name, item]));

  const pledgedAt = samplePledgeTimes(root.fork("times"), n, duration);

  const people = root.fork("people");
  const pool = options.emailPool;
  const returningAt = assignReturning(people, n, pool);
  // Every pool email is reserved, not only the chosen ones: a newly invented person who happened
  // to get a pool address would turn up as a returning backer under someone else's name.
  const takenEmails = new Set<string>();
  for (const person of pool?.backers ?? []) takenEmails.add(person.email.trim().toLowerCase());
  const takenUids = new Set<string>();
  const countryByCode = new Map(COUNTRIES.map((c) => [c.code, c]));
  const countryWeights = COUNTRIES.map((c) => [c, c.weight] as const);

  const choices = root.fork("pledges");
  const earlyWindow = Math.min(48 * HOUR, duration / 3);
  let earlyBirdsLeft = Math.ceil(n * 0.15);
  const regularLevels = pledgeLevels
    .map((level, index) => [level, LEVELS[index].weight] as const)
    .filter(([, weight]) => weight > 0);
  const earlyBirdLevel = pledgeLevels.find((_, index) => LEVELS[index].earlyBird)!;
  const addOns = items.filter((item) => item.isAddOn);
  const digitalAddOns = addOns.filter((item) => !item.physical);

  const backers: DemoBacker[] = new Array(n);
  const pledges: DemoPledge[] = new Array(n);
  const cartLines: DemoCartLine[] = [];

  for (let i = 0; i < n; i++) {
    const backerNumber = backerNumberStart + i;
    const offset = pledgedAt[i];
    const at = new Date(launchedAt.getTime() + offset);

    // Early Bird is a limited tier that only the launch rush gets.
    let level: DemoPledgeLevel;
    if (offset < earlyWindow && earlyBirdsLeft > 0 && choices.chance(0.5)) {
      level = earlyBirdLevel;
      earlyBirdsLeft--;
    } else {
      level = choices.weighted(regularLevels);
    }

    const returning = returningAt.get(i);
    const country = (returning?.country && countryByCode.get(returning.country)) || people.weighted(countryWeights);
    const person = returning
      ? { name: returning.name, email: returning.email }
      : makePerson(people, country, backerNumber, takenEmails);

    let platformUid = String(people.int(100_000_000, 2_099_999_999));
    while (takenUids.has(platformUid)) platformUid = String(people.int(100_000_000, 2_099_999_999));
    takenUids.add(platformUid);

    const backer: DemoBacker = {
      backerNumber,
      platformUid,
      email: person.email,
      name: person.name,
      country: country.code,
      shippingName: null,
      shippingAddress1: null,
      shippingAddress2: null,
      shippingCity: null,
      shippingState: null,
      shippingPostalCode: null,
      shippingCountryName: null,
      shippingPhone: null,
      shippingDeliveryNotes: null,
      notes: people.chance(0.01) ? people.pick(BACKER_NOTES) : null,
    };
    if (level.collectsShippingAddress) {
      if (returning?.shippingAddress1 && returning.country === country.code) {
        copyAddress(backer, returning);
      } else {
        fillAddress(people, backer, country, person.name);
      }
    }
    backers[i] = backer;

    // Cart: the tier's contents, then add-ons.
    let physicalGrams = 0;
    for (const content of level.contents) {
      const item = itemByName.get(content.itemName)!;
      if (item.physical) physicalGrams += (item.weightGrams ?? 0) * content.quantity;
      cartLines.push({
        backerNumber,
        itemName: item.name,
        optionName: item.options.length > 0 ? pickOption(choices, item) : null,
        quantity: content.quantity,
        unitPrice: 0,
        source: "PLEDGE_LEVEL",
      });
    }
    let addOnTotal = 0;
    let physicalAddOnCount = 0;
    const available = level.kind === "PHYSICAL" ? addOns : level.kind === "DIGITAL" ? digitalAddOns : [];
    if (available.length > 0 && choices.chance(level.kind === "PHYSICAL" ? 0.35 : 0.2)) {
      const count = Math.min(available.length, choices.weighted([[1, 60], [2, 28], [3, 12]] as const));
      const chosen = choices.shuffle([...available]).slice(0, count);
      for (const item of chosen) {
        const quantity = choices.chance(0.12) ? 2 : 1;
        addOnTotal += item.price * quantity;
        if (item.physical) {
          physicalGrams += (item.weightGrams ?? 0) * quantity;
          physicalAddOnCount += quantity;
        }
        cartLines.push({
          backerNumber,
          itemName: item.name,
          optionName: item.options.length > 0 ? pickOption(choices, item) : null,
          quantity,
          unitPrice: item.price,
          source: "ADD_ON",
        });
      }
    }

    let shippingAmount = 0;
    if (level.kind === "PHYSICAL") {
      const rate = SHIPPING[country.zone];
      shippingAmount = level.weightBasedShipping
        ? rate.flat + Math.round((rate.perKg * physicalGrams) / 1000)
        : rate.flat + physicalAddOnCount * Math.round(rate.flat / 4);
    }
    const bonusAmount =
      level.kind === "NO_REWARD"
        ? choices.chance(0.6) ? choices.pick([400, 900, 1900, 2400, 4900]) : 0
        : choices.chance(0.12) ? choices.pick([100, 200, 500, 500, 1000, 2000, 5000]) : 0;

    const status = choices.weighted(STATUS_WEIGHTS);
    pledges[i] = {
      backerNumber,
      pledgeLevelName: level.name,
      amount: level.price + addOnTotal + bonusAmount + shippingAmount,
      shippingAmount,
      bonusAmount,
      pledgedAt: at,
      status,
      statusChangedAt: statusChangeTime(choices, status, at, endedAt),
    };
  }

  return {
    project: {
      name,
      platform: "KICKSTARTER",
      currency,
      launchedAt,
      endedAt,
    },
    items,
    pledgeLevels,
    backers,
    pledges,
    cartLines,
  };
}

function buildItems(random: Random, skuPrefix: string): DemoItem[] {
  let addOnId = random.int(1_200_000, 1_900_000);
  return ITEMS.map((item) => ({
    ...item,
    sku: `${skuPrefix}-${item.sku}`,
    options: [...item.options],
    externalId: item.isAddOn ? String((addOnId += random.int(1, 40))) : null,
  }));
}

function buildLevels(random: Random): DemoPledgeLevel[] {
  let rewardId = random.int(8_000_000, 9_500_000);
  return LEVELS.map((level, position) => ({
    name: level.name,
    kind: level.kind,
    price: level.price,
    collectsShippingAddress: level.collectsShippingAddress,
    weightBasedShipping: level.weightBasedShipping,
    contents: level.contents.map((content) => ({ ...content })),
    externalId: String((rewardId += random.int(1, 25))),
    position,
  }));
}

/**
 * Offsets from launch in ms, sorted ascending (backer numbers follow pledge order). A uniform
 * pushed through a convex curve piles the mass up at one end of a window: the launch rush, the
 * decay after it, and the final-hours rush before the end.
 */
function samplePledgeTimes(random: Random, n: number, duration: number): Float64Array {
  const early = Math.min(48 * HOUR, duration / 3);
  const late = Math.min(48 * HOUR, duration / 6);
  const middle = duration - early - late;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const roll = random.next();
    const u = random.next();
    let offset: number;
    if (roll < 0.46) offset = early * u * (0.3 + 0.7 * u);
    else if (roll < 0.88) offset = early + middle * u * u;
    else offset = duration - 1000 - late * u * (0.3 + 0.7 * u);
    times[i] = Math.floor(offset / 1000) * 1000;
  }
  return times.sort();
}

/** Which backer positions are taken by people from the pool, chosen at random. */
function assignReturning(
  random: Random,
  n: number,
  pool: GenerateCampaignOptions["emailPool"],
): Map<number, ReturningPerson> {
  const result = new Map<number, ReturningPerson>();
  if (!pool || pool.backers.length === 0 || n === 0) return result;
  const share = pool.share ?? 0.2;
  if (!(share >= 0 && share <= 1)) throw new Error(`emailPool.share must be between 0 and 1, got ${share}`);
  const count = Math.min(pool.backers.length, Math.round(n * share));
  const people = partialShuffle(random, pool.backers.length, count);
  const positions = partialShuffle(random, n, count);
  const seen = new Set<string>();
  for (let k = 0; k < count; k++) {
    const person = pool.backers[people[k]];
    const email = person.email.trim().toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    result.set(positions[k], { ...person, email });
  }
  return result;
}

/** The first `count` entries of a random permutation of 0..size-1. */
function partialShuffle(random: Random, size: number, count: number): Int32Array {
  const indexes = new Int32Array(size);
  for (let i = 0; i < size; i++) indexes[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random.next() * (size - i));
    const swap = indexes[i];
    indexes[i] = indexes[j];
    indexes[j] = swap;
  }
  return indexes.subarray(0, count);
}

const asciiCache = new Map<string, string>();
const SPECIAL_LETTERS: Record<string, string> = { ł: "l", ø: "o", æ: "ae", ß: "ss", þ: "th", ð: "d", đ: "d", œ: "oe" };

/** Email-safe form of a name part: "Łukasz" → "lukasz", "O'Brien" → "obrien". */
function toAscii(text: string): string {
  let ascii = asciiCache.get(text);
  if (ascii === undefined) {
    ascii = text
      .toLowerCase()
      .replace(/[łøæßþðđœ]/g, (letter) => SPECIAL_LETTERS[letter])
      .normalize("NFD")
      .replace(/[^a-z0-9]/g, "");
    asciiCache.set(text, ascii);
  }
  return ascii;
}

function makePerson(
  random: Random,
  country: CountryProfile,
  backerNumber: number,
  taken: Set<string>,
): { name: string; email: string } {
  let name: string;
  let first: string;
  let last: string;
  if (country.nativeNames && random.chance(0.25)) {
    const [display, ascii] = random.pick(country.nativeNames).split("|");
    name = display;
    [first, last] = ascii.split(".");
  } else {
    const given = random.pick(country.firstNames);
    const family = random.pick(country.lastNames);
    name = country.familyNameFirst ? `${family} ${given}` : `${given} ${family}`;
    first = toAscii(given);
    last = toAscii(family);
  }
  const domain = random.weighted(EMAIL_DOMAINS);
  let local: string;
  switch (random.weighted(EMAIL_PATTERNS)) {
    case "first.last":
      local = `${first}.${last}`;
      break;
    case "firstlast":
      local = `${first}${last}`;
      break;
    case "flast":
      local = `${first[0]}${last}`;
      break;
    case "first.last99":
      local = `${first}.${last}${random.int(10, 99)}`;
      break;
    case "first1984":
      local = `${first}${random.int(1960, 2005)}`;
      break;
    case "last.first":
      local = `${last}.${first}`;
      break;
    case "first_last":
      local = `${first}_${last}`;
      break;
    case "first.handle":
      local = `${first}.${random.pick(HANDLES)}`;
      break;
    case "tagged":
      local = `${first}.${last}+kickstarter`;
      break;
  }
  let email = `${local}@${domain}`;
  for (let attempt = 0; taken.has(email); attempt++) {
    email = `${local}.${backerNumber}${attempt === 0 ? "" : `-${attempt}`}@${domain}`;
  }
  taken.add(email);
  return { name, email };
}

function fillTemplate(random: Random, template: string): string {
  let out = "";
  for (const char of template) {
    if (char === "#") out += String(random.int(0, 9));
    else if (char === "@") out += "ABCDEFGHJKLMNPRSTUVWXYZ"[random.int(0, 22)];
    else out += char;
  }
  return out;
}

function fillAddress(random: Random, backer: DemoBacker, country: CountryProfile, name: string): void {
  const [city, state, postal] = random.pick(country.places);
  backer.shippingName = random.chance(0.05) ? `${random.pick(country.firstNames)} ${random.pick(country.lastNames)}` : name;
  backer.shippingAddress1 = random.pick(country.streets).replace("#", String(random.int(1, 240)));
  backer.shippingAddress2 = random.chance(0.15)
    ? random.pick(["Apt #", "Unit #", "Suite #", "2nd floor", "Building #"]).replace("#", String(random.int(1, 60)))
    : null;
  backer.shippingCity = city;
  backer.shippingState = state;
  backer.shippingPostalCode = fillTemplate(random, postal);
  backer.shippingCountryName = country.name;
  backer.shippingPhone = random.chance(0.6) ? fillTemplate(random, country.phone) : null;
  backer.shippingDeliveryNotes = random.chance(0.03) ? random.pick(DELIVERY_NOTES) : null;
}

function copyAddress(backer: DemoBacker, from: ReturningPerson): void {
  backer.shippingName = from.shippingName ?? from.name;
  backer.shippingAddress1 = from.shippingAddress1 ?? null;
  backer.shippingAddress2 = from.shippingAddress2 ?? null;
  backer.shippingCity = from.shippingCity ?? null;
  backer.shippingState = from.shippingState ?? null;
  backer.shippingPostalCode = from.shippingPostalCode ?? null;
  backer.shippingCountryName = from.shippingCountryName ?? null;
  backer.shippingPhone = from.shippingPhone ?? null;
  backer.shippingDeliveryNotes = from.shippingDeliveryNotes ?? null;
}

function pickOption(random: Random, item: DemoItem): string {
  const weights = OPTION_WEIGHTS[item.name];
  return weights ? random.weighted(item.options.map((option) => [option, weights[option] ?? 1] as const)) : random.pick(item.options);
}

/**
 * Kickstarter charges when the campaign ends: collected soon after, errored right away, failed or
 * dropped after the retry week; refunds come later; a drop before the end is a cancelled pledge.
 */
function statusChangeTime(random: Random, status: PledgeStatus, pledgedAt: Date, endedAt: Date): Date {
  const end = endedAt.getTime();
  let at: number;
  switch (status) {
    case "COLLECTED":
      at = end + random.int(5 * 60_000, 3 * HOUR);
      break;
    case "ERRORED":
      at = end + random.int(5 * 60_000, 6 * HOUR);
      break;
    case "FAILED":
      at = end + 7 * DAY + random.int(0, 6 * HOUR);
      break;
    case "DROPPED":
      at = random.chance(0.5)
        ? pledgedAt.getTime() + random.int(HOUR, Math.max(HOUR, end - pledgedAt.getTime()))
        : end + 7 * DAY + random.int(0, 6 * HOUR);
      break;
    case "REFUNDED":
      at = end + random.int(DAY, 25 * DAY);
      break;
  }
  return new Date(Math.floor(at / 1000) * 1000);
}
