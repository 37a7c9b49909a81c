import { headerKey } from "./recognize-kickstarter-headers";

/** A file of another Pledgehouse upload, picked as a backer report by mistake. */
export type OtherUpload = {
  kind: "tracking" | "codes" | "contacts";
  message: string;
  fix: string;
  /** Whether the column-mapping step still makes sense (an emails-only list can be imported as backers). */
  offerMapping: boolean;
};

const TRACKING_HEADERS = ["tracking number", "tracking numbers", "tracking #", "tracking"];
const CODE_HEADER = /^(unique )?(access )?(codes?|keys?|redemption codes?|coupon codes?|vouchers?)$/;
const EMAIL_HEADER = /^(e-?mail( address)?|backer e-?mail)$/;
const CONTACT_EXTRAS =
  /^(name|first name|last name|full name|backer name|subscribed( at)?|date|tags?|source|country|clicked( at)?|opened( at)?)$/;

/**
 * Recognises, from its header row, a file meant for another upload: the tracking-number template
 * (a "Tracking Number" column), a code list (one column of codes) or a contact list (an email
 * column with at most names and list bookkeeping beside it), so the creator is told where it goes
 * instead of being handed a column mapping without a hint. Null for anything else.
 */
export function recognizeOtherUpload(fileName: string, headers: readonly string[]): OtherUpload | null {
  const keys = headers.map(headerKey).filter((key) => key !== "");
  if (keys.some((key) => TRACKING_HEADERS.includes(key))) {
    return {
      kind: "tracking",
      message: `${fileName} looks like a tracking-number file, not a backer report (it has a Tracking Number column).`,
      fix: "Upload it from the backer report: select the backers and choose “Add tracking numbers”.",
      offerMapping: false,
    };
  }
  if (
    keys.length >= 1 &&
    keys.length <= 2 &&
    keys.some((key) => CODE_HEADER.test(key)) &&
    !keys.some((key) => EMAIL_HEADER.test(key))
  ) {
    return {
      kind: "codes",
      message: `${fileName} looks like a list of access codes, not a backer report.`,
      fix: "Add codes on the digital reward's page (Digital rewards, then the reward, then Code bank), or paste them when you send the reward.",
      offerMapping: false,
    };
  }
  if (
    keys.some((key) => EMAIL_HEADER.test(key)) &&
    keys.every((key) => EMAIL_HEADER.test(key) || CONTACT_EXTRAS.test(key))
  ) {
    return {
      kind: "contacts",
      message: `${fileName} looks like a contact list (emails${keys.length > 1 ? " and names" : ""} only, no pledges), not a backer report.`,
      fix: "For a partner project's backers or your landing-page leads, upload it under Segments, then Advanced, as a contact list. To add these people as backers anyway, match its columns below.",
      offerMapping: true,
    };
  }
  return null;
}
