import { Body, Container, Head, Hr, Html, Link, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export type EmailLayoutProps = {
  /** The line mail clients show next to the subject; keep it under ~90 characters. */
  preview: string;
  children: ReactNode;
  /**
   * Announcements only: the footer says why the backer receives it and links to stop that
   * project's announcements (the visible counterpart of the List-Unsubscribe header, for mail
   * clients that show no unsubscribe button). Transactional email has none.
   */
  unsubscribe?: { projectName: string; url: string };
};

// Inline styles only: mail clients ignore <style> blocks and class names inconsistently.
const colors = {
  page: "#f1f5f9",
  card: "#ffffff",
  border: "#e2e8f0",
  text: "#0f172a",
  muted: "#64748b",
  accent: "#4f46e5",
};

// Invisible characters after the preview stop mail clients from pulling body text into it.
// React Email's <Preview> pads to a length that depends on the text (and truncates it); a fixed
// filler keeps the markup independent of prop values, which the bulk renderer needs.
const PREVIEW_FILLER = "\u00a0\u200c\u200b\u200d\u200e\u200f\ufeff".repeat(25);

function PreviewText({ text }: { text: string }) {
  return (
    <div
      style={{ display: "none", overflow: "hidden", lineHeight: "1px", opacity: 0, maxHeight: 0, maxWidth: 0 }}
      data-skip-in-text="true"
    >
      {text}
      <div>{PREVIEW_FILLER}</div>
    </div>
  );
}

/** The branded frame every Pledgehouse email shares: header, white card, footer. */
export function EmailLayout({ preview, children, unsubscribe }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <PreviewText text={preview} />
      <Body
        style={{
          backgroundColor: colors.page,
          color: colors.text,
          fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
          margin: 0,
          padding: "24px 0",
        }}
      >
        <Container style={{ maxWidth: "560px", margin: "0 auto", padding: "0 16px" }}>
          <Section style={{ padding: "8px 0 16px" }}>
            <Text
              style={{ margin: 0, fontSize: "20px", fontWeight: 700, color: colors.accent, letterSpacing: "-0.01em" }}
            >
              Pledgehouse
            </Text>
          </Section>
          <Section
            style={{
              backgroundColor: colors.card,
              border: `1px solid ${colors.border}`,
              borderRadius: "8px",
              padding: "24px 28px",
            }}
          >
            {children}
          </Section>
          <Hr style={{ borderColor: colors.border, margin: "24px 0 12px" }} />
          <Text style={{ margin: 0, fontSize: "12px", lineHeight: "18px", color: colors.muted }}>
            Sent by Pledgehouse, the pledge manager for crowdfunding creators and their backers.
          </Text>
          {unsubscribe && (
            <Text style={{ margin: "8px 0 0", fontSize: "12px", lineHeight: "18px", color: colors.muted }}>
              You receive announcements like this because you back {unsubscribe.projectName}. Your shipping notices and
              digital rewards come whatever you choose.{" "}
              <Link href={unsubscribe.url} style={{ color: colors.muted, textDecoration: "underline" }}>
                Unsubscribe from {unsubscribe.projectName}&apos;s announcements
              </Link>
              .
            </Text>
          )}
        </Container>
      </Body>
    </Html>
  );
}

export const emailStyles = {
  heading: { margin: "0 0 16px", fontSize: "22px", lineHeight: "28px", fontWeight: 700, color: colors.text },
  paragraph: { margin: "0 0 16px", fontSize: "15px", lineHeight: "24px", color: colors.text },
  muted: { margin: "0 0 12px", fontSize: "13px", lineHeight: "20px", color: colors.muted },
  button: {
    display: "inline-block",
    backgroundColor: colors.accent,
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 600,
    textDecoration: "none",
    borderRadius: "8px",
    padding: "12px 20px",
  },
  link: { color: colors.accent, wordBreak: "break-all" as const },
} as const;
