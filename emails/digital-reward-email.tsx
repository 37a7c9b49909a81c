import { Button, Heading, Link, Section, Text } from "@react-email/components";
import type { InstructionParagraph } from "@/lib/digital-rewards/link-instructions";
import { EmailLayout, emailStyles } from "./components/email-layout";

export type DigitalRewardEmailProps = {
  projectName: string;
  rewardName: string;
  /** The backer's name; empty when the platform gave none. */
  backerName: string;
  /** The access code or the http(s) URL where the reward lives. */
  value: string;
  /** `value` is a link (only ever http or https: checked before queueing). */
  valueIsUrl: boolean;
  /** The creator's instructions, already split into paragraphs, lines and http(s) links. */
  instructions: InstructionParagraph[];
  /** The backer's Backing details page, where the reward stays available. */
  detailsUrl: string;
};

const codeBox = {
  margin: "0 0 20px",
  padding: "12px 16px",
  borderRadius: "8px",
  backgroundColor: "#eef2ff",
  border: "1px solid #c7d2fe",
  fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  fontSize: "17px",
  lineHeight: "24px",
  fontWeight: 600,
  color: "#1e1b4b",
  wordBreak: "break-all" as const,
};

/** A digital reward: the unique or shared access code (or link), the creator's instructions, and where to find it again. */
export function DigitalRewardEmail({
  projectName,
  rewardName,
  backerName,
  value,
  valueIsUrl,
  instructions,
  detailsUrl,
}: DigitalRewardEmailProps) {
  return (
    <EmailLayout preview={`Your digital reward from ${projectName}: ${rewardName}`}>
      <Heading as="h1" style={emailStyles.heading}>
        Your digital reward: {rewardName}
      </Heading>
      <Text style={emailStyles.paragraph}>
        {backerName ? <>Hi {backerName}, </> : null}
        {projectName} sent you a digital reward for your pledge.
        {valueIsUrl ? " Open it with the link below." : " Here is your access code:"}
      </Text>
      {valueIsUrl ? (
        <>
          <Section style={{ margin: "8px 0 16px" }}>
            <Button href={value} style={emailStyles.button}>
              Get {rewardName}
            </Button>
          </Section>
          <Text style={{ ...emailStyles.muted, marginBottom: "20px" }}>
            <Link href={value} style={emailStyles.link}>
              {value}
            </Link>
          </Text>
        </>
      ) : (
        <Text style={codeBox}>{value}</Text>
      )}
      {instructions.length > 0 ? (
        <Section style={{ margin: "0 0 8px" }}>
          <Text style={{ ...emailStyles.paragraph, margin: "0 0 8px", fontWeight: 600 }}>
            Instructions from {projectName}
          </Text>
          {instructions.map((paragraph, p) => (
            <Text key={p} style={emailStyles.paragraph}>
              {paragraph.map((line, l) => (
                <span key={l}>
                  {l > 0 ? <br /> : null}
                  {line.map((segment, s) =>
                    segment.href ? (
                      <Link key={s} href={segment.href} style={emailStyles.link}>
                        {segment.text}
                      </Link>
                    ) : (
                      <span key={s}>{segment.text}</span>
                    ),
                  )}
                </span>
              ))}
            </Text>
          ))}
        </Section>
      ) : null}
      <Text style={emailStyles.muted}>
        Your reward also stays on your pledge&apos;s Backing details page:{" "}
        <Link href={detailsUrl} style={emailStyles.link}>
          {detailsUrl}
        </Link>
      </Text>
    </EmailLayout>
  );
}

DigitalRewardEmail.PreviewProps = {
  projectName: "Tidewater: Second Edition",
  rewardName: "Digital soundtrack",
  backerName: "Ada Lovelace",
  value: "OST-7QF2-KD9X",
  valueIsUrl: false,
  instructions: [
    [
      [
        { text: "Redeem your code at " },
        { text: "https://example.com/redeem", href: "https://example.com/redeem" },
        { text: " before June 30." },
      ],
    ],
    [[{ text: "Questions? Reply to our last update." }]],
  ],
  detailsUrl: "http://localhost:3000/pledges/00000000-0000-4000-8000-000000000000/backing-details",
} satisfies DigitalRewardEmailProps;

export default DigitalRewardEmail;
