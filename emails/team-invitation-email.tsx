import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { EmailLayout, emailStyles } from "./components/email-layout";

export type TeamInvitationEmailProps = {
  /** The invitation page; it signs the invitee in (magic link) and then accepts. */
  url: string;
  projectName: string;
  /** Who invited, as the team page shows them ("Ada Lovelace" or their address). */
  inviterName: string;
  /** "Owner", "Collaborator" or "Viewer". */
  roleLabel: string;
  /** What the role may do, one sentence. */
  roleDescription: string;
  /** When the invitation stops working, written out with its time zone. */
  expiresAt: string;
};

/** An invitation to a project's team: who, which project, which role, one button, and when it expires. */
export function TeamInvitationEmail({ url, projectName, inviterName, roleLabel, roleDescription, expiresAt }: TeamInvitationEmailProps) {
  return (
    <EmailLayout preview={`${inviterName} invited you to ${projectName} on Pledgehouse`}>
      <Heading as="h1" style={emailStyles.heading}>
        Join {projectName} on Pledgehouse
      </Heading>
      <Text style={emailStyles.paragraph}>
        {inviterName} invited you to the team of {projectName} as a {roleLabel}. {roleDescription}
      </Text>
      <Section style={{ margin: "8px 0 24px" }}>
        <Button href={url} style={emailStyles.button}>
          Accept the invitation
        </Button>
      </Section>
      <Text style={emailStyles.muted}>Or copy and paste this link into your browser:</Text>
      <Text style={{ ...emailStyles.muted, marginBottom: "20px" }}>
        <Link href={url} style={emailStyles.link}>
          {url}
        </Link>
      </Text>
      <Text style={emailStyles.muted}>
        The link asks you to sign in with this email address (we send a one-time sign-in link; no password) and works
        until {expiresAt}. If you did not expect this invitation, ignore this email.
      </Text>
    </EmailLayout>
  );
}

TeamInvitationEmail.PreviewProps = {
  url: "http://localhost:3000/invitations/preview-token",
  projectName: "Ironvale: The Board Game",
  inviterName: "Ada Lovelace",
  roleLabel: "Collaborator",
  roleDescription: "All the work: imports, tracking, rewards, segments, incentives, mail, settings. Not the team or deletion.",
  expiresAt: "14 December 2026, 09:00 UTC",
} satisfies TeamInvitationEmailProps;

export default TeamInvitationEmail;
