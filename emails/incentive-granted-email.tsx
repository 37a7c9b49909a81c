import { Button, Heading, Section, Text } from "@react-email/components";
import { EmailLayout, emailStyles } from "./components/email-layout";

export type IncentiveGrantedEmailProps = {
  projectName: string;
  /** The backer's name, or their email when the platform gave no name. */
  backerName: string;
  /** What was given, formatted: "$5.00 of complimentary credit" or "1 × Enamel pin (Gold)". */
  gift: string;
  /** The incentive's name as the creator called it, e.g. "Early bird thank-you". */
  incentiveName: string;
  /** The backer's pledge summary page. */
  pledgeUrl: string;
  /** This backer's page to stop the project's announcements (announcementUnsubscribePageUrl). */
  unsubscribeUrl: string;
};

/** Tells a backer that the creator gave their pledge complimentary credit or a free item. */
export function IncentiveGrantedEmail({
  projectName,
  backerName,
  gift,
  incentiveName,
  pledgeUrl,
  unsubscribeUrl,
}: IncentiveGrantedEmailProps) {
  return (
    <EmailLayout preview={`A gift from ${projectName}`} unsubscribe={{ projectName, url: unsubscribeUrl }}>
      <Heading as="h1" style={emailStyles.heading}>
        A gift for your pledge
      </Heading>
      <Text style={emailStyles.paragraph}>Hi {backerName},</Text>
      <Text style={emailStyles.paragraph}>
        As a thank-you ({incentiveName}), {projectName} added {gift} to your pledge, at no charge.
      </Text>
      <Section style={{ margin: "8px 0 24px" }}>
        <Button href={pledgeUrl} style={emailStyles.button}>
          See your pledge
        </Button>
      </Section>
      <Text style={emailStyles.muted}>You don&apos;t need to do anything: it is already part of your pledge.</Text>
    </EmailLayout>
  );
}

IncentiveGrantedEmail.PreviewProps = {
  projectName: "Tidewater: Second Edition",
  backerName: "Ada Lovelace",
  gift: "1 × Enamel pin (Gold)",
  incentiveName: "Early bird thank-you",
  pledgeUrl: "http://localhost:3000/pledges/00000000-0000-4000-8000-000000000000",
  unsubscribeUrl: "http://localhost:3000/unsubscribe/preview",
} satisfies IncentiveGrantedEmailProps;

export default IncentiveGrantedEmail;
