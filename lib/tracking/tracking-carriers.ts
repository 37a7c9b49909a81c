/**
 * The carriers Pledgehouse knows by name: what the creator may pick (or type in the template's
 * Carrier column, in any of the spellings below) and how a tracking link is built when none is
 * given. `%s` in `url` is replaced by the tracking number.
 */
export type TrackingCarrier = {
  code: string;
  name: string;
  url: string;
  /** Spellings people type, compared after lower-casing and dropping everything but letters and digits. */
  aliases: readonly string[];
};

export const TRACKING_CARRIERS: readonly TrackingCarrier[] = [
  { code: "ups", name: "UPS", url: "https://www.ups.com/track?tracknum=%s", aliases: ["ups", "unitedparcelservice", "upsground"] },
  {
    code: "usps",
    name: "USPS",
    url: "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s",
    aliases: ["usps", "unitedstatespostalservice", "uspostalservice", "usmail", "uspost"],
  },
  { code: "fedex", name: "FedEx", url: "https://www.fedex.com/fedextrack/?trknbr=%s", aliases: ["fedex", "federalexpress", "fedexground"] },
  {
    code: "dhl",
    name: "DHL",
    url: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=%s",
    aliases: ["dhl", "dhlexpress", "dhlecommerce", "dhlparcel"],
  },
  {
    code: "canada-post",
    name: "Canada Post",
    url: "https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=%s",
    aliases: ["canadapost", "postescanada", "canadapostpostescanada"],
  },
  {
    code: "royal-mail",
    name: "Royal Mail",
    url: "https://www.royalmail.com/track-your-item#/tracking-results/%s",
    aliases: ["royalmail", "royalmailgroup", "royalmailgroupplc"],
  },
  { code: "australia-post", name: "Australia Post", url: "https://auspost.com.au/mypost/track/details/%s", aliases: ["australiapost", "auspost"] },
  {
    code: "deutsche-post",
    name: "Deutsche Post",
    url: "https://www.deutschepost.de/de/s/sendungsverfolgung.html?piececode=%s",
    aliases: ["deutschepost", "deutschepostag"],
  },
  { code: "la-poste", name: "La Poste", url: "https://www.laposte.fr/outils/suivre-vos-envois?code=%s", aliases: ["laposte", "colissimo"] },
  { code: "ontrac", name: "OnTrac", url: "https://www.ontrac.com/tracking/?number=%s", aliases: ["ontrac"] },
  { code: "amazon", name: "Amazon Logistics", url: "https://track.amazon.com/tracking/%s", aliases: ["amazon", "amazonlogistics", "amzl"] },
];

const byAlias = new Map<string, TrackingCarrier>();
for (const carrier of TRACKING_CARRIERS) for (const alias of carrier.aliases) byAlias.set(alias, carrier);
const byCode = new Map(TRACKING_CARRIERS.map((carrier) => [carrier.code, carrier]));

const aliasKey = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The known carrier a name refers to ("fed ex", "Royal Mail", "ups"), or null for any other text. */
export function findTrackingCarrier(name: string): TrackingCarrier | null {
  return byAlias.get(aliasKey(name)) ?? null;
}

/** The known carrier with this code, or null. */
export function getTrackingCarrierByCode(code: string): TrackingCarrier | null {
  return byCode.get(code) ?? null;
}

/** Fills a `%s` URL template with a tracking number. */
export function fillTrackingUrl(template: string, trackingNumber: string): string {
  return template.replace("%s", encodeURIComponent(trackingNumber));
}
