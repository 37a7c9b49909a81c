import { detectCarrier, type CarrierDetection } from "./detect-carrier";
import { fillTrackingUrl, findTrackingCarrier, type TrackingCarrier } from "./tracking-carriers";

export type ResolvedCarrierAndUrl = {
  carrier: string | null;
  trackingUrl: string | null;
  /**
   * When the link is the carrier's tracking page rather than one the creator gave: its template,
   * `trackingUrl` being fillTrackingUrl(urlTemplate, trackingNumber). A large upload keeps the
   * shared template instead of a link per row.
   */
  urlTemplate: string | null;
  /** The carrier the creator named, when Pledgehouse knows it. */
  known: TrackingCarrier | null;
  detection: CarrierDetection;
  /** The URL text given is not a web address. */
  invalidUrl: boolean;
  /** A carrier was named that Pledgehouse does not know, and no URL was given: no tracking link. */
  unknownCarrierWithoutUrl: boolean;
};

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/**
 * The carrier and tracking link to store for a normalised number: the carrier the creator named
 * (any spelling of a known one, or their own text) or else the one detected from the number; the
 * link the creator gave, or else the carrier's tracking page for the number.
 */
export function resolveCarrierAndUrl(trackingNumber: string, carrierText: string, urlText: string): ResolvedCarrierAndUrl {
  const carrierCell = carrierText.trim();
  const urlCell = urlText.trim();
  const known = carrierCell === "" ? null : findTrackingCarrier(carrierCell);
  const detection = detectCarrier(trackingNumber, known?.code);

  let carrier: string | null = null;
  let trackingUrl: string | null = null;
  let urlTemplate: string | null = null;
  if (known) {
    carrier = known.name;
    if (detection.carrier?.code === known.code && detection.carrier.url) {
      trackingUrl = detection.carrier.url;
      urlTemplate = detection.carrier.urlTemplate;
    } else {
      trackingUrl = fillTrackingUrl(known.url, trackingNumber);
      urlTemplate = known.url;
    }
  } else if (carrierCell !== "") {
    carrier = carrierCell.length > 60 ? `${carrierCell.slice(0, 59)}…` : carrierCell;
  } else if (detection.carrier) {
    carrier = detection.carrier.name;
    trackingUrl = detection.carrier.url;
    urlTemplate = detection.carrier.urlTemplate;
  }

  let invalidUrl = false;
  if (urlCell !== "") {
    if (isWebAddress(urlCell)) {
      trackingUrl = urlCell;
      urlTemplate = null;
    } else invalidUrl = true;
  }
  return {
    carrier,
    trackingUrl,
    urlTemplate,
    known,
    detection,
    invalidUrl,
    unknownCarrierWithoutUrl: carrierCell !== "" && !known && urlCell === "",
  };
}
