import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/team/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { normalizeEmail } from "@/lib/auth/normalize-email";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/projects/project-permissions";
import { formatZonedDateTime } from "@/lib/projects/zoned-time";
import { loadInvitation } from "@/lib/team/load-invitation";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

/**
 * Where an invitation email's link lands. Signed out, it sends the invitee to sign in (by magic
 * link, to the invited address) and back here; signed in as the invited address, one button joins.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([loadInvitation(token), getCurrentUser()]);
  const here = `/invitations/${token}`;

  if (!invitation) {
    return (
      <Shell title="This invitation link does not work">
        <p className="text-sm text-slate-600">
          Check that you opened the whole link from the email. If it still does not work, ask the project&apos;s owner to invite you again.
        </p>
      </Shell>
    );
  }
  const who = invitation.inviterName ? `${invitation.inviterName} invited` : "You were invited:";
  const summary = (
    <p className="text-sm text-slate-700">
      {who} <span className="font-medium break-all">{invitation.email}</span> to the team of{" "}
      <span className="font-semibold">{invitation.projectName}</span> as a <span className="font-semibold">{ROLE_LABELS[invitation.role]}</span>.{" "}
      {ROLE_DESCRIPTIONS[invitation.role]}
    </p>
  );
  if (invitation.state !== "pending") {
    const why = {
      accepted: "This invitation was already accepted.",
      revoked: "This invitation was withdrawn by the project's owner.",
      expired: `This invitation expired on ${formatZonedDateTime(invitation.expiresAt, invitation.projectTimeZone)}.`,
    }[invitation.state];
    return (
      <Shell title={`Join ${invitation.projectName}`}>
        {summary}
        <Alert tone="warning" className="mt-4">
          {why} {invitation.state === "accepted" ? "Open your projects to find it." : "Ask the project's owner to invite you again."}
        </Alert>
        {user && (
          <Link href="/projects" className={buttonClasses("secondary", "md", "mt-4")}>
            Your projects
          </Link>
        )}
      </Shell>
    );
  }
  if (!user) {
    const signIn = `/sign-in?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`;
    return (
      <Shell title={`Join ${invitation.projectName}`}>
        {summary}
        <p className="mt-4 text-sm text-slate-600">
          Sign in as {invitation.email} to accept: we email you a one-time sign-in link (no password), which brings you back here.
        </p>
        <Link href={signIn} className={buttonClasses("primary", "md", "mt-4")}>
          Sign in to accept
        </Link>
      </Shell>
    );
  }
  if (normalizeEmail(user.email) !== invitation.email) {
    return (
      <Shell title={`Join ${invitation.projectName}`}>
        {summary}
        <Alert tone="warning" className="mt-4">
          You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out, then open the link from the email again and
          sign in as {invitation.email}.
        </Alert>
        <p className="mt-4 text-sm text-slate-600">Use “Sign out” at the top of the page.</p>
      </Shell>
    );
  }
  return (
    <Shell title={`Join ${invitation.projectName}`}>
      {summary}
      <p className="mt-2 text-sm text-slate-500">The invitation works until {formatZonedDateTime(invitation.expiresAt, invitation.projectTimeZone)}.</p>
      <div className="mt-4">
        <AcceptInvitationForm token={token} action={acceptInvitationAction} />
      </div>
    </Shell>
  );
}

function Shell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-lg py-6 sm:py-12">
      <h1 className="text-2xl font-bold tracking-tight text-balance text-slate-900">{title}</h1>
      <Card className="mt-6">{children}</Card>
    </div>
  );
}
