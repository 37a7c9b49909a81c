import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { EmailLayout, emailStyles } from "./components/email-layout";

export type TrackingShippedEmailProps = {
  projectName: string;
  /** The backer's name as the creator has it ("" when unknown). */
  backerName: string;
  trackingNumber: string;
  /** Carrier name ("" when unknown). */
  carrier: string;
  /** The carrier's tracking page for this number ("" when there is none). */
  trackingUrl: string;
  /** The pledge summary's Backing details tab. */
  pledgeUrl: string;
  /** Pre-formatted ship date ("Nov 23, 2026"). */
  shippedOn: string;
  /** Pre-formatted sentence about the reward's other packages, sent with this one or earlier ("" for one package). */
  otherPackages: string;
};

const detailLabel = { margin: "0", fontSize: "13px", lineHeight: "20px", color: "#64748b" } as const;
const detailValue = { margin: "0 0 12px", fontSize: "15px", lineHeight: "22px", color: "#0f172a", fontWeight: 600 } as const;

/** Tells a backer their reward has shipped: carrier, tracking number, a Track shipment link and their pledge page. */
export function TrackingShippedEmail({
  projectName,
  backerName,
  trackingNumber,
  carrier,
  trackingUrl,
  pledgeUrl,
  shippedOn,
  otherPackages,
}: TrackingShippedEmailProps) {
  return (
    <EmailLayout preview={`Your reward from ${projectName} has shipped`}>
      <Heading as="h1" style={emailStyles.heading}>
        Your reward has been shipped
      </Heading>
      <Text style={emailStyles.paragraph}>
        {backerName ? <>Hi {backerName}, good news: </> : <>Good news: </>}your reward from {projectName} is on its way.
      </Text>
      {/* Before the details: a second package's email must not read as a repeat of the first. */}
      {otherPackages ? <Text style={emailStyles.paragraph}>{otherPackages}</Text> : null}
      <Section style={{ margin: "0 0 8px" }}>
        {carrier ? (
          <>
            <Text style={detailLabel}>Carrier</Text>
            <Text style={detailValue}>{carrier}</Text>
          </>
        ) : null}
        <Text style={detailLabel}>Tracking number</Text>
        <Text style={{ ...detailValue, fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace" }}>{trackingNumber}</Text>
        <Text style={detailLabel}>Shipped on</Text>
        <Text style={detailValue}>{shippedOn}</Text>
      </Section>
      {trackingUrl ? (
        <Section style={{ margin: "8px 0 24px" }}>
          <Button href={trackingUrl} style={emailStyles.button}>
            Track shipment
          </Button>
        </Section>
      ) : (
        <Text style={emailStyles.muted}>Use the tracking number on the carrier&apos;s website to follow your parcel.</Text>
      )}
      <Text style={emailStyles.muted}>
        Your tracking details are also on your pledge summary:{" "}
        <Link href={pledgeUrl} style={emailStyles.link}>
          {pledgeUrl}
        </Link>
      </Text>
    </EmailLayout>
  );
}

TrackingShippedEmail.PreviewProps = {
  projectName: "Tiny Forest Board Game",
  backerName: "Ada Lovelace",
  trackingNumber: "1Z999AA10123456784",
  carrier: "UPS",
  trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
  pledgeUrl: "http://localhost:3000/pledges/00000000-0000-4000-8000-000000000000/backing-details",
  shippedOn: "Nov 23, 2026",
  otherPackages: "",
} satisfies TrackingShippedEmailProps;

export default TrackingShippedEmail;
