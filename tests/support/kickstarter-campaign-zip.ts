import { strToU8, zipSync } from "fflate";

/**
 * A Kickstarter backer report as Kickstarter writes it: a ZIP with one CSV per reward, named
 * "Backer Report - <reward>.csv", each with a UTF-8 byte-order mark, CRLF line ends, the current
 * layout's columns, amounts like "$8.00 USD" and "Pledged At" in UTC as "2026/10/24, 12:30".
 * The digital-only tier's backers paid no shipping and have no address; the "No reward" file's
 * backers pledged without a reward; some physical backers bought the "Brass Pin" add-on.
 */

export const KICKSTARTER_REWARD_HEADERS = [
  "Backer Number",
  "Backer UID",
  "Backer Name",
  "Email",
  "Shipping Country",
  "Shipping Amount",
  "Reward Title",
  "Backing Minimum",
  "Reward ID",
  "Bonus Support",
  "Pledge Amount",
  "Pledged At",
  "Fulfillment Status",
  "Pledged Status",
  "Notes",
  "[Addon: 4567] Brass Pin",
  "Survey Response",
  "Shipping Name",
  "Shipping Address 1",
  "Shipping Address 2",
  "Shipping City",
  "Shipping State",
  "Shipping Postal Code",
  "Shipping Country Name",
  "Shipping Country Code",
  "Shipping Phone Number",
  "Shipping Delivery Notes",
];

export type CampaignReward = { id: string; title: string; minimum: number; physical: boolean };

export type CampaignBacker = {
  number: number;
  name: string;
  email: string;
  reward: CampaignReward;
  pledgedAt: Date;
  status?: "collected" | "errored" | "dropped";
};

export const CAMPAIGN_REWARDS = {
  earlyBird: { id: "8101", title: "Early Bird Lantern", minimum: 4500, physical: true },
  standard: { id: "8102", title: "Lantern", minimum: 5500, physical: true },
  digital: { id: "8103", title: "Digital Edition", minimum: 1500, physical: false },
  noReward: { id: "8100", title: "No reward", minimum: 100, physical: false },
} satisfies Record<string, CampaignReward>;

const money = (minor: number) => `$${Math.floor(minor / 100).toLocaleString("en-US")}.${String(minor % 100).padStart(2, "0")} USD`;
const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const pad = (n: number) => String(n).padStart(2, "0");
/** Kickstarter's "Pledged At": UTC, "2026/10/24, 12:30". */
const kickstarterTime = (at: Date) =>
  `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}, ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;

function row(backer: CampaignBacker): string[] {
  const { reward } = backer;
  const ships = reward.physical;
  const shipping = ships ? 800 : 0;
  return [
    String(backer.number),
    String(700_000 + backer.number),
    backer.name,
    backer.email,
    ships ? "DE" : "",
    money(shipping),
    reward.title,
    money(reward.minimum),
    reward.id,
    money(0),
    money(reward.minimum + shipping),
    kickstarterTime(backer.pledgedAt),
    "Unfulfilled",
    backer.status ?? "collected",
    "",
    ships && backer.number % 3 === 0 ? "1" : "0",
    "",
    ships ? backer.name : "",
    ships ? `${backer.number} Lindenstraße` : "",
    "",
    ships ? "Berlin" : "",
    "",
    ships ? "10115" : "",
    ships ? "Germany" : "",
    ships ? "DE" : "",
    "",
    "",
  ];
}

/** The ZIP's bytes, one CSV per reward that has backers. */
export function buildKickstarterCampaignZip(backers: CampaignBacker[]): Uint8Array {
  const byReward = new Map<string, CampaignBacker[]>();
  for (const backer of backers) byReward.set(backer.reward.title, [...(byReward.get(backer.reward.title) ?? []), backer]);
  const files: Record<string, Uint8Array> = {};
  for (const [title, list] of byReward) {
    const lines = [KICKSTARTER_REWARD_HEADERS.join(","), ...list.map((backer) => row(backer).map(quote).join(","))];
    files[`Backer Report - ${title}.csv`] = strToU8(`\uFEFF${lines.join("\r\n")}\r\n`);
  }
  return zipSync(files);
}

const HOUR = 3_600_000;

/**
 * The campaign the new user tried: launched Saturday 24 October 2026 at 14:00 in Berlin (12:00 UTC),
 * the night the clocks went back falling inside the first 48 hours. Hours are since the launch.
 * 24 backers pledged within 48 hours (4 of them digital only, 1 without a reward); 7 of those
 * pledged more than 36 hours after it, so a launch stored as midnight UTC finds only 17. Six
 * backers are in the digital-only tier.
 */
export function berlinCampaignBackers(): { launch: Date; backers: CampaignBacker[]; earlyEmails: string[] } {
  const launch = new Date("2026-10-24T12:00:00Z");
  const plan: [keyof typeof CAMPAIGN_REWARDS, number][] = [
    // within the first 48 hours
    ["earlyBird", 0.05], ["earlyBird", 0.2], ["earlyBird", 0.5], ["earlyBird", 1], ["earlyBird", 2],
    ["earlyBird", 3], ["earlyBird", 5], ["earlyBird", 8], ["earlyBird", 11], ["standard", 13],
    ["standard", 14], ["standard", 20], ["standard", 26], ["standard", 30], ["earlyBird", 36.5],
    ["earlyBird", 37], ["standard", 40], ["standard", 44], ["standard", 47.9],
    ["digital", 1.5], ["digital", 12], ["digital", 39], ["digital", 46],
    ["noReward", 4],
    // after the window
    ["standard", 48.1], ["standard", 60], ["standard", 200], ["earlyBird", 49], ["digital", 50], ["digital", 300],
  ];
  const backers = plan.map(([reward, hours], index) => ({
    number: index + 1,
    name: `Backer ${index + 1}`,
    email: `backer${index + 1}@example.com`,
    reward: CAMPAIGN_REWARDS[reward],
    pledgedAt: new Date(launch.getTime() + Math.round(hours * 60) * 60_000),
  }));
  const earlyEmails = backers.filter((b) => b.pledgedAt.getTime() < launch.getTime() + 48 * HOUR).map((b) => b.email);
  return { launch, backers, earlyEmails };
}
