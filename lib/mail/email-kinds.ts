import type { ReactElement } from "react";
import { DigitalRewardEmail, type DigitalRewardEmailProps } from "@/emails/digital-reward-email";
import { IncentiveGrantedEmail, type IncentiveGrantedEmailProps } from "@/emails/incentive-granted-email";
import { SignInEmail, type SignInEmailProps } from "@/emails/sign-in-email";
import { TeamInvitationEmail, type TeamInvitationEmailProps } from "@/emails/team-invitation-email";
import { TrackingShippedEmail, type TrackingShippedEmailProps } from "@/emails/tracking-shipped-email";

/**
 * How one kind of notification is rendered. Props should be plain strings where they vary per
 * recipient (format money and dates before queueing): the bulk renderer substitutes string props
 * into a template rendered once, so a component must print them verbatim (no upper-casing,
 * splitting or parsing). Non-string props (numbers, booleans) are fine but each distinct value
 * costs one full render in bulk. tests/unit/mail-bulk-render.test.ts checks every kind below.
 */
export type EmailKindDefinition<Props> = {
  component: (props: Props) => ReactElement;
  subject: (props: Props) => string;
};

function defineEmailKind<Props>(definition: EmailKindDefinition<Props>): EmailKindDefinition<Props> {
  return definition;
}

/**
 * Every notification Pledgehouse sends. To add one: write `emails/<name>-email.tsx` (with
 * `PreviewProps`), then add a line here; `queueEmail`/`queueEmails` infer its props from the kind.
 */
export const emailKinds = {
  "digital-reward": defineEmailKind<DigitalRewardEmailProps>({
    component: DigitalRewardEmail,
    subject: (p) => `Your digital reward from ${p.projectName}: ${p.rewardName}`,
  }),
  "incentive-granted": defineEmailKind<IncentiveGrantedEmailProps>({
    component: IncentiveGrantedEmail,
    subject: (p) => `A gift from ${p.projectName}: ${p.incentiveName}`,
  }),
  "tracking-shipped": defineEmailKind<TrackingShippedEmailProps>({
    component: TrackingShippedEmail,
    subject: (p) => `Your reward from ${p.projectName} has shipped`,
  }),
  "sign-in": defineEmailKind<SignInEmailProps>({
    component: SignInEmail,
    subject: () => "Sign in to Pledgehouse",
  }),
  "team-invitation": defineEmailKind<TeamInvitationEmailProps>({
    component: TeamInvitationEmail,
    subject: (p) => `${p.inviterName} invited you to ${p.projectName} on Pledgehouse`,
  }),
};

export type EmailKind = keyof typeof emailKinds;

export type EmailProps<K extends EmailKind> =
  (typeof emailKinds)[K] extends EmailKindDefinition<infer Props> ? Props : never;

/** Narrows an untrusted string (a database column, a query parameter) to a registered kind. */
export function isEmailKind(value: string): value is EmailKind {
  return Object.hasOwn(emailKinds, value);
}
