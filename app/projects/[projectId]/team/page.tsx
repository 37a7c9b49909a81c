import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmButtonForm, InviteForm, MemberRoleForm } from "@/components/team/team-forms";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, roleCan } from "@/lib/projects/project-permissions";
import { formatZonedDateTime } from "@/lib/projects/zoned-time";
import { listTeam } from "@/lib/team/list-team";
import { changeMemberRoleAction, inviteTeamMemberAction, leaveProjectAction, removeMemberAction, revokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await loadProjectPage(projectId);
  const { members, invitations } = await listTeam(project.id);
  const manages = roleCan(project.role, "manage-team");
  const owners = members.filter((m) => m.role === "OWNER").length;
  const lastOwner = project.role === "OWNER" && owners === 1;
  const when = (date: Date) => formatZonedDateTime(date, project.timeZone);

  return (
    <>
      <PageHeader
        title="Team"
        description="Who works on this campaign in Pledgehouse, and what each person may do. Owners invite people and choose their roles."
      />
      <div className="max-w-4xl space-y-6">
        <Alert tone="info">
          You are {project.role === "OWNER" ? "an" : "a"} <strong>{ROLE_LABELS[project.role]}</strong> of this project: {ROLE_DESCRIPTIONS[project.role]}
          {!manages && " Only an owner can invite people or change roles."}
        </Alert>

        <Card title={`Members (${members.length})`} flush>
          <ul className="divide-y divide-slate-200" aria-label="Members">
            {members.map((member) => {
              const label = member.name.trim() || member.email;
              const isYou = member.userId === user.id;
              return (
                <li key={member.userId} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between sm:px-5" data-testid="team-member">
                  <div className="min-w-0">
                    <p className="font-medium break-words text-slate-900">
                      {label}
                      {isYou && <span className="ml-2 text-sm font-normal text-slate-500">(you)</span>}
                    </p>
                    {member.name.trim() && <p className="text-sm break-all text-slate-600">{member.email}</p>}
                    <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
                      <Badge tone={member.role === "OWNER" ? "indigo" : member.role === "VIEWER" ? "neutral" : "green"}>{ROLE_LABELS[member.role]}</Badge>
                      <span>Joined {when(member.joinedAt)}</span>
                    </p>
                  </div>
                  {manages && !isYou && (
                    <div className="flex flex-col gap-2 sm:items-end">
                      <MemberRoleForm projectId={project.id} userId={member.userId} role={member.role} memberLabel={label} action={changeMemberRoleAction} />
                      <ConfirmButtonForm
                        action={removeMemberAction}
                        fields={{ projectId: project.id, userId: member.userId }}
                        label="Remove from project"
                        pendingLabel="Removing…"
                        confirm={`Remove ${label} from ${project.name}? They lose access at once; invite them again to bring them back.`}
                        variant="ghost"
                      />
                    </div>
                  )}
                  {manages && isYou && lastOwner && (
                    <p className="max-w-xs text-sm text-slate-500">You are the only owner: make another member an owner before changing your own role or leaving.</p>
                  )}
                  {manages && isYou && !lastOwner && (
                    <MemberRoleForm projectId={project.id} userId={member.userId} role={member.role} memberLabel="yourself" action={changeMemberRoleAction} />
                  )}
                </li>
              );
            })}
          </ul>
        </Card>

        {manages ? (
          <>
            <Card title="Invite someone">
              <InviteForm projectId={project.id} action={inviteTeamMemberAction} />
            </Card>
            <Card title={`Pending invitations (${invitations.length})`} flush>
              {invitations.length === 0 ? (
                <p className="px-4 py-4 text-sm text-slate-600 sm:px-5">No invitations are waiting. People you invite appear here until they accept.</p>
              ) : (
                <ul className="divide-y divide-slate-200" aria-label="Pending invitations">
                  {invitations.map((invitation) => (
                    <li key={invitation.id} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-5" data-testid="team-invitation">
                      <div className="min-w-0">
                        <p className="font-medium break-all text-slate-900">{invitation.email}</p>
                        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
                          <Badge tone="neutral">{ROLE_LABELS[invitation.role]}</Badge>
                          {invitation.expired ? (
                            <Badge tone="amber">Expired {when(invitation.expiresAt)}</Badge>
                          ) : (
                            <span>Works until {when(invitation.expiresAt)}</span>
                          )}
                          {invitation.invitedBy && <span>· invited by {invitation.invitedBy}</span>}
                        </p>
                        {invitation.expired && <p className="mt-1 text-sm text-slate-600">Invite the same address again to send a fresh link.</p>}
                      </div>
                      <ConfirmButtonForm
                        action={revokeInvitationAction}
                        fields={{ projectId: project.id, invitationId: invitation.id }}
                        label="Withdraw invitation"
                        pendingLabel="Withdrawing…"
                        confirm={`Withdraw the invitation to ${invitation.email}? The link in their email stops working.`}
                        variant="ghost"
                      />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </>
        ) : null}

        <Card title="Leave this project">
          {lastOwner ? (
            <p className="text-sm text-slate-600">
              You are the project&apos;s last owner, so you cannot leave it. Make another member an owner first
              {roleCan(project.role, "delete-project") && (
                <>
                  , or{" "}
                  <Link href={`/projects/${project.id}/delete`} className="font-medium text-indigo-700 underline">
                    delete the project
                  </Link>
                </>
              )}
              .
            </p>
          ) : (
            <div className="space-y-3">
              <p className="text-sm text-slate-600">You lose access to {project.name} at once. An owner can invite you again.</p>
              <ConfirmButtonForm
                action={leaveProjectAction}
                fields={{ projectId: project.id }}
                label="Leave this project"
                pendingLabel="Leaving…"
                confirm={`Leave ${project.name}? You lose access at once.`}
                variant="danger"
              />
            </div>
          )}
        </Card>

        {roleCan(project.role, "delete-project") && (
          <Card title="Delete this project">
            <p className="text-sm text-slate-600">
              Deleting removes every backer, pledge, reward, segment and email of {project.name}.{" "}
              <Link href={`/projects/${project.id}/delete`} className="font-medium text-indigo-700 underline">
                Export and delete…
              </Link>
            </p>
          </Card>
        )}
      </div>
    </>
  );
}
