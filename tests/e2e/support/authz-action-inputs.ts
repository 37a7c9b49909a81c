import { randomUUID } from "node:crypto";
import type { AuthzFixture } from "./authz-fixture";

/**
 * Who may call an action:
 * - project: members of the `projectId` in its input (everyone else: NOT_FOUND, or FORBIDDEN with
 *   the signed-out message when signed out);
 * - user: any signed-in user, on their own behalf (signed out: FORBIDDEN);
 * - public: anyone; not called by the matrix (the reason says why it cannot leak project data).
 */
export type ActionPlan =
  | {
      access: "project" | "user";
      /** The arguments, as the page would pass them: valid input, aimed at the fixture project. */
      args: (fixture: AuthzFixture) => unknown[];
      /** What the member's call must give: a real success, or at least an answer that is not a refusal. */
      member: "ok" | "redirect" | "answer";
      /**
       * Set for the few project actions a viewer may use (leaving the project); the viewer's call
       * must then give this, and it is made last. Every other project action refuses a viewer.
       */
      viewer?: "redirect";
      /**
       * Where a redirecting call (member or viewer "redirect") must send the caller: a path on this
       * site, matched whole. A redirect anywhere else is a failure, not an answer.
       */
      redirectTo?: (fixture: AuthzFixture) => RegExp;
    }
  | { access: "public"; reason: string };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const exclusions = { failedPayments: true, droppedPledges: true, digitalOnly: false, noReward: false };
const filter = { type: "and", conditions: [{ type: "pledgedMoreThan", amount: 0 }] };

function contactListForm(fixture: AuthzFixture): FormData {
  const form = new FormData();
  form.append("projectId", fixture.projectId);
  form.append("name", `Partner list ${fixture.secrets.projectName}`);
  form.append("kind", "PARTNER_PROJECT");
  form.append(
    "file",
    new File([`email\n${fixture.secrets.backerEmail}\nnewcomer@example.com\n`], "partner.csv", { type: "text/csv" }),
  );
  return form;
}

/**
 * One entry per server action, keyed `file#export` (or `file#enclosingFunction` for an inline
 * action). A new action without an entry fails the matrix, which names the key to add.
 */
export const ACTION_PLANS: Record<string, ActionPlan> = {
  "app/invitations/[token]/actions.ts#acceptInvitationAction": {
    access: "user",
    // The member's own invitation: they are already on the team, so accepting keeps their role.
    args: (f) => [{ token: f.invitationToken }],
    member: "redirect",
    redirectTo: (f) => new RegExp(`^/projects/${f.projectId}$`),
  },
  "app/projects/[projectId]/delete/actions.ts#deleteProjectAction": {
    access: "project",
    // Not the project's name: the member gets the explanation, and the matrix keeps its project.
    args: (f) => [{ projectId: f.projectId, confirmName: "not the project's name" }],
    member: "answer",
  },
  "app/projects/[projectId]/team/actions.ts#changeMemberRoleAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, userId: f.memberUserId, role: "OWNER" }],
    member: "ok",
  },
  "app/projects/[projectId]/team/actions.ts#inviteTeamMemberAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, email: `matrix-invitee-${randomUUID()}@example.com`, role: "VIEWER" }],
    member: "ok",
  },
  "app/projects/[projectId]/team/actions.ts#leaveProjectAction": {
    access: "project",
    // The member is the only owner: refused with the reason (the viewer, who may leave, leaves).
    args: (f) => [{ projectId: f.projectId }],
    member: "answer",
    viewer: "redirect",
    redirectTo: () => /^\/projects\?left=1$/,
  },
  "app/projects/[projectId]/team/actions.ts#removeMemberAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, userId: f.memberUserId }],
    member: "answer",
  },
  "app/projects/[projectId]/team/actions.ts#revokeInvitationAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, invitationId: f.revocableInvitationId }],
    member: "ok",
  },
  "app/sign-in/actions.ts#requestSignIn": {
    access: "public",
    reason: "emails a sign-in link to the address typed in; it reads and returns no project data",
  },
  "app/sign-out/actions.ts#signOut": { access: "public", reason: "ends the caller's own session" },
  "app/projects/new/actions.ts#createProjectFromForm": {
    access: "user",
    args: (f) => [{ name: `Created by the matrix ${f.secrets.projectName}`, platform: "KICKSTARTER", currency: "USD" }],
    member: "redirect",
    redirectTo: () => new RegExp(`^/projects/${UUID}/imports$`),
  },
  "app/projects/[projectId]/backers/actions.ts#addBackersToSegment": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        target: { kind: "existing", segmentId: f.segmentId },
        selection: { kind: "ids", ids: [f.secretBackerId] },
      },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/backers/[backerId]/tracking/actions.ts#addTrackingNumberAction": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        backerId: f.secretBackerId,
        trackingNumber: `MATRIX${f.projectId.slice(0, 8)}`,
        carrier: "Other",
        otherCarrier: "Matrix Post",
        trackingUrl: "",
        mode: "add",
      },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/digital-rewards/actions.ts#createDigitalRewardAction": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        name: `Wallpaper ${f.secrets.rewardName}`,
        kind: "SHARED",
        instructions: "",
        sharedValue: "",
      },
    ],
    member: "redirect",
    redirectTo: (f) => new RegExp(`^/projects/${f.projectId}/digital-rewards/${UUID}$`),
  },
  "app/projects/[projectId]/digital-rewards/actions.ts#updateDigitalRewardAction": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        rewardId: f.digitalRewardId,
        name: f.secrets.rewardName,
        instructions: "Redeem it on the website.",
        sharedValue: "",
      },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/digital-rewards/actions.ts#loadDigitalRewardSendContextAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, rewardId: f.digitalRewardId }],
    member: "ok",
  },
  "app/projects/[projectId]/digital-rewards/actions.ts#resendDigitalRewardAction": {
    access: "project",
    args: (f) => [
      { projectId: f.projectId, rewardId: f.digitalRewardId, backerId: f.secretBackerId, token: randomUUID() },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/activity/actions.ts#cancelProjectJobAction": {
    access: "project",
    // The fixture's job is finished: the member is told it can no longer be cancelled (CONFLICT).
    args: (f) => [{ projectId: f.projectId, jobId: f.doneJobId }],
    member: "answer",
  },
  "app/projects/[projectId]/mail/actions.ts#retryFailedEmailAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, target: { emailId: f.failedEmailId } }],
    member: "ok",
  },
  "app/projects/[projectId]/mail/actions.ts#liftEmailSuppressionAction": {
    access: "project",
    // The fixture's backer is not suppressed: the member is told so (CONFLICT), an answer, not a refusal.
    args: (f) => [{ projectId: f.projectId, email: f.secrets.backerEmail }],
    member: "answer",
  },
  "app/projects/[projectId]/mail/actions.ts#updateSenderIdentityAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, senderName: "", replyTo: "" }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#previewSegmentFilterAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, filter }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#createSegmentAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, name: `New ${f.secrets.segmentName}`, description: null, filter }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#updateSegmentAction": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        segmentId: f.segmentId,
        name: f.secrets.segmentName,
        description: "Edited by the matrix",
        filter: null,
      },
    ],
    // The fixture's segment is static, which has no filter: a clear refusal is the expected answer.
    member: "answer",
  },
  "app/projects/[projectId]/segments/actions.ts#duplicateSegmentAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, segmentId: f.segmentId }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#deleteSegmentAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, segmentId: f.spareSegmentId }],
    member: "ok",
  },
  "app/projects/[projectId]/settings/actions.ts#updateProjectSettingsAction": {
    access: "project",
    // The fixture's name and currency (it holds pledges, so the currency is locked) and a launch time,
    // which the segment actions (called before this one, in key order) rely on.
    args: (f) => [
      {
        projectId: f.projectId,
        name: f.secrets.projectName,
        platform: "KICKSTARTER",
        currency: "USD",
        earlyBirdHours: "48",
        timeZone: "UTC",
        launchedAt: "2026-01-05",
        launchTime: "14:00",
      },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/items/actions.ts#saveItemAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, name: `Matrix item ${f.secrets.rewardName}`, physical: "on", options: "S, M" }],
    member: "ok",
  },
  "app/projects/[projectId]/items/actions.ts#archiveItemAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, itemId: f.itemId, archived: true }],
    member: "ok",
  },
  "app/projects/[projectId]/pledge-levels/actions.ts#updatePledgeLevelAction": {
    access: "project",
    // The level as it is (name, price, kind), so saving only confirms its kind.
    args: (f) => [
      { projectId: f.projectId, levelId: f.pledgeLevelId, name: f.secrets.backerTier, price: "50.00", kind: "PHYSICAL", collectsShippingAddress: "on" },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#generateIncentiveSegmentsAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, earlyBirdHours: 48 }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#createFailedBackersSegmentAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId }],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#uploadContactListAction": {
    access: "project",
    args: (f) => [contactListForm(f)],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#previewIncentiveAction": {
    access: "project",
    args: (f) => [
      { projectId: f.projectId, segmentId: f.segmentId, incentive: { incentiveId: f.incentiveId }, exclusions },
    ],
    member: "ok",
  },
  "app/projects/[projectId]/segments/actions.ts#applyIncentiveAction": {
    access: "project",
    args: (f) => [
      {
        projectId: f.projectId,
        segmentId: f.segmentId,
        incentive: { incentiveId: f.incentiveId },
        exclusions,
        notifyBackers: false,
      },
    ],
    member: "answer",
  },
  "app/projects/[projectId]/segments/actions.ts#undoIncentiveAction": {
    access: "project",
    args: (f) => [{ projectId: f.projectId, incentiveId: f.incentiveId }],
    member: "answer",
  },
};
