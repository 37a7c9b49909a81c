import { describe, expect, it } from "vitest";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";

const member = { userId: "u1", email: "max@example.com", name: "Max Member" };

describe("team events in Activity", () => {
  it("says who was invited, joined, changed role, removed and left, with the roles", () => {
    const sentence = (action: string, details: Record<string, unknown>) => describeAuditEvent({ action, targetCount: 1, details }, "/projects/p");
    expect(sentence("team.invited", { invitationId: "i", email: "vera@example.com", role: "VIEWER" })).toMatchObject({
      sentence: "invited vera@example.com as Viewer",
      category: "team",
      link: { href: "/projects/p/team", label: "Team" },
    });
    expect(sentence("team.joined", { ...member, role: "COLLABORATOR" }).sentence).toBe("joined the team as Collaborator");
    const changed = sentence("team.role-changed", { ...member, from: "OWNER", to: "VIEWER" });
    expect([changed.sentence, changed.facts]).toEqual(["changed the role of Max Member (max@example.com)", [{ label: "Role", value: "Owner → Viewer" }]]);
    expect(sentence("team.removed", { ...member, role: "VIEWER" }).sentence).toBe("removed Max Member (max@example.com) (Viewer) from the team");
    expect(sentence("team.left", { ...member, role: "COLLABORATOR" }).sentence).toBe("left the project (was Collaborator)");
    expect(sentence("team.invitation-revoked", { invitationId: "i", email: "vera@example.com", role: "OWNER" }).sentence).toBe(
      "withdrew the invitation to vera@example.com (Owner)",
    );
  });
});
