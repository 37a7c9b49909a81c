import { describe, expect, test } from "vitest";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { describeAuditEvent } from "@/lib/activity/describe-audit-event";
import { listProjectImports } from "@/lib/backers/import/list-project-imports";
import { createContactListSegment } from "@/lib/contact-lists/create-contact-list-segment";
import { listContactLists } from "@/lib/contact-lists/list-contact-lists";
import { parseContactListFile } from "@/lib/contact-lists/parse-contact-list-file";
import { createBacker, createPledgeLevel, createProject, createUser } from "@/lib/demo/factories";
import { DomainError } from "@/lib/errors";
import { applyIncentive } from "@/lib/incentives/apply-incentive";
import { defaultIncentiveExclusions } from "@/lib/incentives/incentive-schemas";
import { countSegmentBackers } from "@/lib/segments/count-segment-backers";
import { resolveSegmentBackerIds } from "@/lib/segments/segment-membership-sql";
import { saveSegment } from "@/lib/segments/save-segment";

const tx = <T>(fn: (t: Prisma.TransactionClient) => Promise<T>) => prisma.$transaction(fn);
const bytes = (text: string) => new TextEncoder().encode(text);

async function setup() {
  const owner = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: owner.id });
  const physical = await createPledgeLevel(prisma, project.id, { name: "Physical", kind: "PHYSICAL" });
  const digital = await createPledgeLevel(prisma, project.id, { name: "Digital", kind: "DIGITAL" });
  const both = await createBacker(prisma, project.id, {
    email: "both@example.com",
    pledge: { pledgeLevelId: physical.id },
  });
  const bothDigital = await createBacker(prisma, project.id, {
    email: "both-digital@example.com",
    pledge: { pledgeLevelId: digital.id },
  });
  const onlyHere = await createBacker(prisma, project.id, {
    email: "only-here@example.com",
    pledge: { pledgeLevelId: physical.id },
  });
  return { owner, project, physical, digital, both, bothDigital, onlyHere };
}

describe("Create Partner Project Segment", () => {
  test("the partner list becomes a segment of this project's backers on it; in physical tiers it receives credit", async () => {
    const s = await setup();
    const file = parseContactListFile(
      bytes(
        "Name,Backer Email,Pledge\nAnn,BOTH@example.com ,10\nBo,both-digital@example.com,5\nCy,stranger@example.com,1\nDee,,3\n",
      ),
      "partner.csv",
    );
    if (!file.ok) throw new Error(JSON.stringify(file.problems));
    expect(file.emailColumn).toBe("Backer Email");
    expect(file.problems.map((p) => p.message)).toEqual(["1 row has no email and was skipped."]);

    const result = await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: "Harbour Lights backers",
        kind: "PARTNER_PROJECT",
        fileName: "partner.csv",
        emails: file.emails,
        segmentName: "Cross Collab Backers",
        createdById: s.owner.id,
      }),
    );
    expect(result.contactList).toMatchObject({ entries: 3, matchedBackers: 2, kind: "PARTNER_PROJECT" });
    const partnerIds = await resolveSegmentBackerIds(prisma, s.project.id, result.segment!.id);
    expect(partnerIds.sort()).toEqual([s.both.backer.id, s.bothDigital.backer.id].sort());

    const physicalTiers = await tx((t) =>
      saveSegment(t, s.project.id, {
        name: "Cross Collab Backers in physical tiers",
        filter: {
          type: "and",
          conditions: [
            { type: "inAnyOfTheseSegments", segmentIds: [result.segment!.id] },
            { type: "inPledgeLevels", pledgeLevelIds: [s.physical.id] },
          ],
        },
      }),
    );
    const applied = await tx((t) =>
      applyIncentive(t, {
        projectId: s.project.id,
        actorId: s.owner.id,
        segmentId: physicalTiers.id,
        incentive: { name: "Cross-collab credit", definition: { kind: "CREDIT", creditAmount: 1000 } },
        exclusions: defaultIncentiveExclusions({ kind: "CREDIT" }),
        notifyBackers: false,
      }),
    );
    expect(applied.granted).toBe(1);
    const entries = await prisma.creditEntry.findMany({ select: { pledgeId: true, amount: true } });
    expect(entries).toEqual([{ pledgeId: s.both.pledge!.id, amount: 1000 }]);

    const [summary] = await listContactLists(prisma, s.project.id);
    expect(summary).toMatchObject({ name: "Harbour Lights backers", entries: 3, matchedBackers: 2 });
  });

  test("a list name or segment name in use changes nothing", async () => {
    const s = await setup();
    await tx((t) => saveSegment(t, s.project.id, { name: "Taken", kind: "STATIC" }));
    const error = await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: "Partner",
        kind: "PARTNER_PROJECT",
        fileName: null,
        emails: ["both@example.com"],
        segmentName: "Taken",
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe("A segment named “Taken” already exists; choose another name");
    expect(await prisma.contactList.count()).toBe(0);

    await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: "Partner",
        kind: "OTHER",
        fileName: null,
        emails: ["x@example.com"],
      }),
    );
    const again = await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: " Partner ",
        kind: "OTHER",
        fileName: null,
        emails: ["y@example.com"],
      }),
    ).catch((e: unknown) => e);
    expect((again as DomainError).code).toBe("CONFLICT");
    expect(await prisma.contactListEntry.count()).toBe(1);
  });
});

describe("Leads import", () => {
  test("a landing-page export becomes a contact list usable in any segment", async () => {
    const s = await setup();
    const file = parseContactListFile(
      bytes(
        "\uFEFFemail;signed_up_at\nonly-here@example.com;2026-01-01\nnot-an-email;2026-01-02\nONLY-HERE@example.com;2026-01-03\n",
      ),
      "leads.csv",
    );
    if (!file.ok) throw new Error(JSON.stringify(file.problems));
    expect(file.emails).toEqual(["only-here@example.com"]);
    expect(file.duplicateCount).toBe(1);
    expect(file.problems[0]).toMatchObject({ row: 3, severity: "warning" });
    expect(file.problems[0].message).toBe("Row 3: “not-an-email” is not an email address, so the row was skipped.");

    const { contactList, segment } = await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: "Teaser page leads",
        kind: "LANDING_PAGE_LEADS",
        fileName: "leads.csv",
        emails: file.emails,
      }),
    );
    expect(segment).toBeNull();
    expect(
      await countSegmentBackers(prisma, s.project.id, {
        type: "and",
        conditions: [
          { type: "inContactList", contactListIds: [contactList.id] },
          { type: "pledgeLevelKind", kinds: ["PHYSICAL"] },
        ],
      }),
    ).toBe(1);
  });

  test("files without an email column or without emails are refused with what to do", () => {
    const noColumn = parseContactListFile(bytes("Name,Pledge\nAnn,10\n"), "list.csv");
    expect(noColumn).toEqual({
      ok: false,
      problems: [
        expect.objectContaining({
          message: "list.csv has no email column (its columns are “Name”, “Pledge”).",
          fix: "Name the column that holds the email addresses “Email” and upload the file again.",
        }),
      ],
    });
    const empty = parseContactListFile(bytes("Email\n\n"), "list.csv");
    expect(empty.ok).toBe(false);
    const headerless = parseContactListFile(bytes("ann@example.com\nbo@example.com\n"), "plain.csv");
    expect(headerless.ok && headerless.emails).toEqual(["ann@example.com", "bo@example.com"]);
    // Workbooks are read (tests/unit/spreadsheets-lists-from-workbooks.test.ts); a cut-off one is named as such.
    const workbook = parseContactListFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), "list.xlsx");
    expect(!workbook.ok && workbook.problems[0].message).toBe(
      "list.xlsx is not a readable Excel workbook: it is damaged (it is cut off).",
    );
  });
});

describe("a partner or leads list upload, reported back and recorded", () => {
  test("says how many emails are backers and which are not, and appears in Imports and Activity", async () => {
    const s = await setup();
    const file = parseContactListFile(
      bytes("Email\nboth@example.com\nzed@example.com\nstranger@example.com\n"),
      "leads.csv",
    );
    if (!file.ok) throw new Error(JSON.stringify(file.problems));
    const result = await tx((t) =>
      createContactListSegment(t, s.project.id, {
        name: "Spring leads",
        kind: "LANDING_PAGE_LEADS",
        fileName: "leads.csv",
        emails: file.emails,
        createdById: s.owner.id,
        fileHash: "abc123",
      }),
    );
    expect(result.contactList).toMatchObject({
      entries: 3,
      matchedBackers: 1,
      unmatchedCount: 2,
      unmatchedEmails: ["stranger@example.com", "zed@example.com"],
    });

    const imports = await listProjectImports(s.project.id);
    expect(imports).toEqual([
      expect.objectContaining({
        kind: "CONTACTS",
        status: "APPLIED",
        fileName: "leads.csv",
        contacts: { entries: 3, matchedBackers: 1, unmatched: 2 },
      }),
    ]);
    const [event] = await prisma.auditEvent.findMany({ where: { projectId: s.project.id, action: "contact-list.upload" } });
    const described = describeAuditEvent(
      { action: event.action, targetCount: event.targetCount, details: event.details as Record<string, unknown> },
      `/projects/${s.project.id}`,
    );
    expect(described.sentence).toBe("uploaded the contact list “Spring leads” from leads.csv");
    expect(described.facts).toEqual([
      { label: "Emails", value: "3" },
      { label: "Backers of this project", value: "1" },
      { label: "Not backers", value: "2" },
    ]);
  });
});
