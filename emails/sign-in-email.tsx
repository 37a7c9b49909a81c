import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { EmailLayout, emailStyles } from "./components/email-layout";

export type SignInEmailProps = {
  /** The one-time magic link. */
  url: string;
  /** The address the link was requested for. */
  email: string;
  /** How long the link stays valid; Better Auth's magic links default to 5 minutes. */
  expiresInMinutes?: number;
};

/** The magic-link email: one button, the plain link for clients that hide buttons, and what to do if unexpected. */
export function SignInEmail({ url, email, expiresInMinutes = 5 }: SignInEmailProps) {
  const minutes = `${expiresInMinutes} minute${expiresInMinutes === 1 ? "" : "s"}`;
  return (
    <EmailLayout preview="Your Pledgehouse sign-in link">
      <Heading as="h1" style={emailStyles.heading}>
        Sign in to Pledgehouse
      </Heading>
      <Text style={emailStyles.paragraph}>
        Someone asked to sign in to Pledgehouse as {email}. Use the button below to finish signing in.
      </Text>
      <Section style={{ margin: "8px 0 24px" }}>
        <Button href={url} style={emailStyles.button}>
          Sign in to Pledgehouse
        </Button>
      </Section>
      <Text style={emailStyles.muted}>Or copy and paste this link into your browser:</Text>
      <Text style={{ ...emailStyles.muted, marginBottom: "20px" }}>
        <Link href={url} style={emailStyles.link}>
          {url}
        </Link>
      </Text>
      <Text style={emailStyles.muted}>
        This link expires in {minutes} and can be used once. If you didn&apos;t ask to sign in, you can safely ignore
        this email: nobody can sign in without it.
      </Text>
    </EmailLayout>
  );
}

SignInEmail.PreviewProps = {
  url: "http://localhost:3000/api/auth/magic-link/verify?token=preview-token&callbackURL=%2Fprojects",
  email: "ada@example.com",
  expiresInMinutes: 5,
} satisfies SignInEmailProps;

export default SignInEmail;
