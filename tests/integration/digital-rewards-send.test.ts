import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { createBacker, createProject, createUser } from "@/lib/demo/factories";
import { applyDigitalRewardSend, type DigitalRewardSendInput } from "@/lib/digital-rewards/apply-digital-reward-send";
import { parseCodeList } from "@/lib/digital-rewards/parse-code-list";
import { previewDigitalRewardSend } from "@/lib/digital-rewards/preview-digital-reward-send";
import { SEND_TRANSACTION_OPTIONS } from "@/lib/digital-rewards/send-digital-reward";
import { DomainError } from "@/lib/errors";
import { createMailTransport, type MailTransport } from "@/lib/mail/create-mail-transport";
import { deliverQueuedEmails } from "@/lib/mail/deliver-queued-emails";
import { materializeEmailMessages } from "@/lib/mail/materialize-email-messages";
import { connectSecondSession, waitUntil } from "../support/fault-mail";
import { startSmtpTestServer, type SmtpTestServer } from "../support/smtp-test-server";
import { addCodesToBank, createDigitalReward, resendDigitalReward, sendDigitalReward, updateDigitalReward } from "../support/digital-reward-use-cases";

type Setup = {
  projectId: string;
  actorId: string;
  backers: { id: string; pledgeId: string; email: string; name: string }[];
};

async function setup(backerCount: number): Promise<Setup> {
  const user = await createUser(prisma);
  const project = await createProject(prisma, { ownerId: user.id, name: "Tidewater" });
  const backers: Setup["backers"] = [];
  for (let i = 0; i < backerCount; i++) {
    const { backer, pledge } = await createBacker(prisma, project.id, {
      name: `Backer ${String(i + 1).padStart(2, "0")}`,
    });
    backers.push({ id: backer.id, pledgeId: pledge!.id, email: backer.email, name: backer.name });
  }
  return { projectId: project.id, actorId: user.id, backers };
}

async function uniqueReward(s: Setup, name = "Soundtrack", instructions?: string) {
  return createDigitalReward(
    s.projectId,
    { name, kind: "UNIQUE", instructions: instructions ?? null, sharedValue: null },
    s.actorId,
  );
}

function input(
  s: Setup,
  rewardId: string,
  ids: string[],
  codes: DigitalRewardSendInput["codes"],
  token = randomUUID(),
): DigitalRewardSendInput {
  return { projectId: s.projectId, rewardId, selection: { kind: "ids", ids }, codes, token, actorId: s.actorId };
}

const list = (text: string) => ({ source: "list" as const, list: parseCodeList(text) });

async function state() {
  const codes = await prisma.digitalCode.findMany({
    where: { pledgeId: { not: null } },
    select: { value: true, pledgeId: true },
  });
  const deliveries = await prisma.digitalRewardDelivery.findMany({
    select: { pledgeId: true, value: true, sendCount: true },
  });
  // Bulk-queued messages store a shared template and their values; read them as sent.
  const emails = (
    await materializeEmailMessages(
      await prisma.emailMessage.findMany({
        where: { kind: "digital-reward" },
        orderBy: { createdAt: "asc" },
        select: { toEmail: true, text: true, html: true, idempotencyKey: true, templateId: true, templateValues: true },
      }),
    )
  ).map(({ toEmail, text, idempotencyKey }) => ({ toEmail, text, idempotencyKey }));
  const audits = await prisma.auditEvent.findMany({ where: { action: { startsWith: "digital-reward.s" } } });
  return { codes, deliveries, emails, audits };
}

async function expectDomainError(promise: Promise<unknown>, code: string, pattern: RegExp) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).message).toMatch(pattern);
}

describe("sending unique access codes", () => {
  it("gives each recipient one pasted code, one email with that code and the instructions, and records the send", async () => {
    const s = await setup(3);
    const reward = await uniqueReward(s, "Soundtrack", "Redeem at https://example.com/redeem.\n\nEnjoy!");
    const result = await sendDigitalReward(
      input(
        s,
        reward.id,
        s.backers.map((b) => b.id),
        list("AAA-1, BBB-2\nCCC-3\n"),
      ),
    );
    expect(result).toMatchObject({ sent: 3, skipped: 0, repeated: false, rewardName: "Soundtrack" });

    const { codes, deliveries, emails, audits } = await state();
    expect(codes).toHaveLength(3);
    expect(new Set(codes.map((c) => c.pledgeId)).size).toBe(3);
    // Recipients are taken in backer-number order, codes in input order.
    const byPledge = new Map(codes.map((c) => [c.pledgeId, c.value]));
    expect(s.backers.map((b) => byPledge.get(b.pledgeId))).toEqual(["AAA-1", "BBB-2", "CCC-3"]);
    expect(deliveries.map((d) => d.value).sort()).toEqual(["AAA-1", "BBB-2", "CCC-3"]);
    expect(emails).toHaveLength(3);
    for (const backer of s.backers) {
      const email = emails.find((e) => e.toEmail === backer.email)!;
      expect(email.text).toContain(byPledge.get(backer.pledgeId)!);
      expect(email.text).toContain("https://example.com/redeem");
      expect(email.text).toContain(`/pledges/${backer.pledgeId}/backing-details`);
    }
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      projectId: s.projectId,
      actorId: s.actorId,
      action: "digital-reward.send",
      targetCount: 3,
    });
  });

  it("skips backers who already received the reward and needs codes only for the others", async () => {
    const s = await setup(4);
    const reward = await uniqueReward(s);
    await sendDigitalReward(input(s, reward.id, [s.backers[0].id], list("FIRST")));

    const all = s.backers.map((b) => b.id);
    const preview = await previewDigitalRewardSend(input(s, reward.id, all, list("A,B,C,D")));
    expect(preview).toMatchObject({
      selectedCount: 4,
      recipientCount: 3,
      skippedCount: 1,
      skippedNames: ["Backer 01"],
    });
    expect(preview.problems.join("\n")).toMatch(
      /You gave 4 codes for 3 recipients \(1 selected backer already has a code of this reward and is skipped\).*Remove 1 code/,
    );

    const result = await sendDigitalReward(input(s, reward.id, all, list("B\nC\nD")));
    expect(result).toMatchObject({ sent: 3, skipped: 1 });
    const codes = await prisma.digitalCode.findMany({ where: { pledgeId: s.backers[0].pledgeId } });
    expect(codes.map((c) => c.value)).toEqual(["FIRST"]);
    expect((await state()).emails).toHaveLength(4);
  });

  it("names every problem of a bad list and writes nothing", async () => {
    const s = await setup(4);
    const reward = await uniqueReward(s);
    await sendDigitalReward(input(s, reward.id, [s.backers[0].id], list("USED-1")));
    const before = await state();
    const others = s.backers.slice(1).map((b) => b.id);

    await expectDomainError(
      sendDigitalReward(input(s, reward.id, others, list("X,,Y\nX"))),
      "INVALID_INPUT",
      /1 entry is blank \(line 1, entry 2\)[\s\S]*"X" \(2 times: line 1, entry 1; line 2\)/,
    );
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, others, list("USED-1,P,Q"))),
      "INVALID_INPUT",
      /1 code is already in use for “Soundtrack” \(sent to another backer\): “USED-1”/,
    );
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, others, list("P,Q"))),
      "INVALID_INPUT",
      /You gave 2 codes for 3 recipients.*Add 1 more code/,
    );
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, others, list("P,Q,javascript:alert(1)"))),
      "INVALID_INPUT",
      /javascript: link\. Only http and https links/,
    );
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, others, { source: "shared", value: "https://example.com" })),
      "INVALID_INPUT",
      /unique access code: paste or upload one code per recipient/,
    );
    expect(await state()).toEqual(before);
  });

  it("sends the next unused codes from the bank and refuses a selection the bank cannot cover", async () => {
    const s = await setup(5);
    const reward = await uniqueReward(s);
    expect(
      await addCodesToBank({
        projectId: s.projectId,
        rewardId: reward.id,
        list: parseCodeList("K1\nK2\nK3\nK4"),
        actorId: s.actorId,
      }),
    ).toEqual({ added: 4, bankLeft: 4 });
    await expectDomainError(
      addCodesToBank({
        projectId: s.projectId,
        rewardId: reward.id,
        list: parseCodeList("K5,K2"),
        actorId: s.actorId,
      }),
      "INVALID_INPUT",
      /“K2” \(already in the bank\)/,
    );

    const all = s.backers.map((b) => b.id);
    const preview = await previewDigitalRewardSend(input(s, reward.id, all, { source: "bank" }));
    expect(preview.bankLeft).toBe(4);
    expect(preview.problems).toEqual([
      "The code bank of “Soundtrack” has 4 unused codes for 5 recipients. Upload at least 1 more code on the reward's page, or select fewer backers.",
    ]);
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, all, { source: "bank" })),
      "INVALID_INPUT",
      /has 4 unused codes for 5 recipients/,
    );

    const result = await sendDigitalReward(input(s, reward.id, all.slice(0, 3), { source: "bank" }));
    expect(result.sent).toBe(3);
    const assigned = await prisma.digitalCode.findMany({
      where: { digitalRewardId: reward.id },
      orderBy: { value: "asc" },
    });
    expect(assigned.filter((c) => c.pledgeId !== null)).toHaveLength(3);
    expect(assigned.filter((c) => c.pledgeId === null)).toHaveLength(1);
    // Pasted codes that sit in the bank are named, not silently double-booked.
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, [all[3]], list(assigned.find((c) => c.pledgeId === null)!.value))),
      "INVALID_INPUT",
      /already in the code bank/,
    );
  });

  it("writes a large send in rounds: each backer's delivery, bank code and email carry one same code", async () => {
    const s = await setup(5);
    const reward = await uniqueReward(s);
    await addCodesToBank({ projectId: s.projectId, rewardId: reward.id, list: parseCodeList("K1\nK2\nK3\nK4\nK5\nK6"), actorId: s.actorId });
    const all = s.backers.map((b) => b.id);
    const result = await sendDigitalReward({ ...input(s, reward.id, all, { source: "bank" }), writeRoundSize: 2 });
    expect(result.sent).toBe(5);
    const { codes, deliveries, emails } = await state();
    expect(codes).toHaveLength(5);
    expect(new Set(codes.map((c) => c.value)).size).toBe(5);
    const codeOf = new Map(codes.map((c) => [c.pledgeId, c.value]));
    expect(deliveries).toHaveLength(5);
    for (const delivery of deliveries) expect(delivery.value).toBe(codeOf.get(delivery.pledgeId));
    expect(emails).toHaveLength(5);
    for (const backer of s.backers) {
      const email = emails.find((e) => e.toEmail === backer.email)!;
      expect(email.text).toContain(codeOf.get(backer.pledgeId)!);
    }
  });

  it("pairs recipients with codes in Postgres: the process never reads more than a round of rows at once", async () => {
    const s = await setup(5);
    const reward = await uniqueReward(s);
    await addCodesToBank({ projectId: s.projectId, rewardId: reward.id, list: parseCodeList("K1\nK2\nK3\nK4\nK5\nK6"), actorId: s.actorId });
    let largestRead = 0;
    const result = await prisma.$transaction(async (tx) => {
      const counted = new Proxy(tx, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== "$queryRaw") return value;
          return async (...args: Parameters<typeof tx.$queryRaw>) => {
            const rows = await (value as typeof tx.$queryRaw).apply(target, args);
            if (Array.isArray(rows)) largestRead = Math.max(largestRead, rows.length);
            return rows;
          };
        },
      });
      return applyDigitalRewardSend(counted, { ...input(s, reward.id, s.backers.map((b) => b.id), { source: "bank" }), writeRoundSize: 2 });
    }, SEND_TRANSACTION_OPTIONS);
    expect(result.sent).toBe(5);
    expect(largestRead).toBe(2);
    const { codes, emails } = await state();
    expect(codes).toHaveLength(5);
    expect(emails).toHaveLength(5);
  });

  it("re-sends the code a backer already has: a second email, the same code, never a second code", async () => {
    const s = await setup(1);
    const reward = await uniqueReward(s);
    await sendDigitalReward(input(s, reward.id, [s.backers[0].id], list("ONLY-ONE")));
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, [s.backers[0].id], list("SECOND"))),
      "INVALID_INPUT",
      /already received “Soundtrack”.*Re-send/,
    );
    const token = randomUUID();
    const resend = {
      projectId: s.projectId,
      rewardId: reward.id,
      backerId: s.backers[0].id,
      token,
      actorId: s.actorId,
    };
    expect(await resendDigitalReward(resend)).toMatchObject({
      value: "ONLY-ONE",
      sendCount: 2,
      repeated: false,
    });
    expect(await resendDigitalReward(resend)).toMatchObject({ repeated: true });

    const { codes, deliveries, emails } = await state();
    expect(codes.map((c) => c.value)).toEqual(["ONLY-ONE"]);
    expect(deliveries).toEqual([expect.objectContaining({ value: "ONLY-ONE", sendCount: 2 })]);
    expect(emails).toHaveLength(2);
    expect(emails.every((e) => e.text.includes("ONLY-ONE"))).toBe(true);
    // Activity names the backer it was re-sent to.
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "digital-reward.resend" } });
    expect(event.details).toMatchObject({ backerName: s.backers[0].name, backerEmail: s.backers[0].email });
  });
});

describe("sending a shared access code", () => {
  it("sends the one URL to every selected backer and refuses links that are not http(s)", async () => {
    const s = await setup(3);
    const reward = await createDigitalReward(
      s.projectId,
      { name: "Print and play", kind: "SHARED", instructions: null, sharedValue: null },
      s.actorId,
    );
    const ids = s.backers.map((b) => b.id);
    await expectDomainError(
      sendDigitalReward(input(s, reward.id, ids, { source: "shared", value: "file:///etc/passwd" })),
      "INVALID_INPUT",
      /file: link\. Only http and https links can be sent/,
    );
    const result = await sendDigitalReward(
      input(s, reward.id, ids, { source: "shared", value: " https://example.com/pnp?x=1&y=2 " }),
    );
    expect(result.sent).toBe(3);
    const { codes, deliveries, emails } = await state();
    expect(codes).toHaveLength(0);
    expect(deliveries.map((d) => d.value)).toEqual(Array(3).fill("https://example.com/pnp?x=1&y=2"));
    expect(emails).toHaveLength(3);
    expect(emails[0].text).toContain("https://example.com/pnp?x=1&y=2");
    expect((await prisma.digitalReward.findUniqueOrThrow({ where: { id: reward.id } })).sharedValue).toBe(
      "https://example.com/pnp?x=1&y=2",
    );
  });
});

describe("a send is all-or-nothing and happens once", () => {
  it("re-submitting the same send (double click, retry) sends nothing new, also when both arrive at once", async () => {
    const s = await setup(3);
    const reward = await uniqueReward(s);
    const once = input(
      s,
      reward.id,
      s.backers.map((b) => b.id),
      list("A,B,C"),
    );
    const [first, second] = await Promise.all([sendDigitalReward(once), sendDigitalReward(once)]);
    expect([first.repeated, second.repeated].sort()).toEqual([false, true]);
    expect(second.sent).toBe(3);
    const third = await sendDigitalReward(once);
    expect(third).toMatchObject({ repeated: true, sent: 3 });
    const { codes, emails, audits } = await state();
    expect(codes).toHaveLength(3);
    expect(emails).toHaveLength(3);
    expect(audits).toHaveLength(1);
  });

  it("a crash after the writes leaves nothing assigned and nothing queued", async () => {
    const s = await setup(3);
    const reward = await uniqueReward(s);
    await addCodesToBank({
      projectId: s.projectId,
      rewardId: reward.id,
      list: parseCodeList("K1,K2,K3"),
      actorId: s.actorId,
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await applyDigitalRewardSend(
          tx,
          input(
            s,
            reward.id,
            s.backers.map((b) => b.id),
            { source: "bank" },
          ),
        );
        expect(await tx.emailMessage.count()).toBe(3);
        throw new Error("process crashed");
      }, SEND_TRANSACTION_OPTIONS),
    ).rejects.toThrow("process crashed");
    const { codes, deliveries, emails, audits } = await state();
    expect([codes.length, deliveries.length, emails.length, audits.length]).toEqual([0, 0, 0, 0]);
    expect(await prisma.digitalCode.count({ where: { pledgeId: null } })).toBe(3);
  });

  it("a lost connection mid-send leaves nothing assigned and nothing queued", async () => {
    const s = await setup(3);
    const reward = await uniqueReward(s);
    const killer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    try {
      await expect(
        prisma.$transaction(async (tx) => {
          await applyDigitalRewardSend(
            tx,
            input(
              s,
              reward.id,
              s.backers.map((b) => b.id),
              list("A,B,C"),
            ),
          );
          const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await killer.query("SELECT pg_terminate_backend($1)", [pid]);
          await tx.$queryRaw`SELECT 1`;
        }, SEND_TRANSACTION_OPTIONS),
      ).rejects.toThrow();
    } finally {
      await killer.end();
    }
    const { codes, deliveries, emails, audits } = await state();
    expect([codes.length, deliveries.length, emails.length, audits.length]).toEqual([0, 0, 0, 0]);
  });
});

describe("concurrent sends", () => {
  /**
   * Runs send A up to just before its commit, starts send B, and commits A only once B is either
   * blocked on a lock (pg_stat_activity) or finished. `bBlockedIn` is the statement B was blocked
   * in (null when it finished without waiting), so a test can require the overlap it is about
   * instead of hoping a pause was long enough.
   */
  async function race(a: DigitalRewardSendInput, b: DigitalRewardSendInput) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let applied!: () => void;
    const aApplied = new Promise<void>((resolve) => (applied = resolve));
    const first = prisma.$transaction(async (tx) => {
      const result = await applyDigitalRewardSend(tx, a);
      applied();
      await gate;
      return result;
    }, SEND_TRANSACTION_OPTIONS);
    await aApplied;
    let bSettled = false;
    const second = sendDigitalReward(b)
      .then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      .finally(() => (bSettled = true));
    const observer = await connectSecondSession();
    let bBlockedIn: string | null = null;
    try {
      await waitUntil(async () => {
        if (bSettled) return true;
        await observer.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await observer.query<{ query: string }>(
          `SELECT query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        );
        bBlockedIn = rows[0]?.query ?? null;
        return bBlockedIn !== null;
      }, "send B to block on send A's locks or to finish");
    } finally {
      await observer.end();
    }
    release();
    return { first: await first, second: await second, bBlockedIn: bBlockedIn as string | null };
  }

  async function expectNoCodeTwice(rewardId: string) {
    const dupValues = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT value FROM digital_reward_delivery WHERE digital_reward_id = ${rewardId}::uuid GROUP BY value HAVING count(*) > 1) d`;
    const dupPledges = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT pledge_id FROM digital_code WHERE digital_reward_id = ${rewardId}::uuid AND pledge_id IS NOT NULL GROUP BY pledge_id HAVING count(*) > 1) d`;
    expect(dupValues[0].n).toBe(0);
    expect(dupPledges[0].n).toBe(0);
    // Every assigned code matches its delivery, and every delivery has exactly one email.
    const mismatched = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM digital_code c
      LEFT JOIN digital_reward_delivery d ON d.digital_reward_id = c.digital_reward_id AND d.pledge_id = c.pledge_id
      WHERE c.digital_reward_id = ${rewardId}::uuid AND c.pledge_id IS NOT NULL AND (d.value IS DISTINCT FROM c.value)`;
    expect(mismatched[0].n).toBe(0);
    expect(await prisma.emailMessage.count({ where: { kind: "digital-reward" } })).toBe(
      await prisma.digitalRewardDelivery.count({ where: { digitalRewardId: rewardId } }),
    );
  }

  it("two bank sends with overlapping selections never give a code to two backers nor two codes to one backer", async () => {
    const s = await setup(6);
    const reward = await uniqueReward(s);
    await addCodesToBank({
      projectId: s.projectId,
      rewardId: reward.id,
      list: parseCodeList("K1,K2,K3,K4,K5,K6,K7,K8"),
      actorId: s.actorId,
    });
    const ids = s.backers.map((b) => b.id);
    const { first, second, bBlockedIn } = await race(
      input(s, reward.id, ids.slice(0, 4), { source: "bank" }),
      input(s, reward.id, ids.slice(2, 6), { source: "bank" }),
    );
    // B skipped A's claimed codes, then waited on A's deliveries to the two backers both selected.
    expect(bBlockedIn).toMatch(/INSERT INTO digital_reward_delivery/);
    expect(first.sent).toBe(4);
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error).toBeInstanceOf(DomainError);
      expect((second.error as DomainError).code).toBe("CONFLICT");
      expect((second.error as DomainError).message).toMatch(
        /reached some of the same backers or codes at the same moment, so nothing was sent/,
      );
    }
    await expectNoCodeTwice(reward.id);
    expect(await prisma.digitalCode.count({ where: { digitalRewardId: reward.id, pledgeId: null } })).toBe(4);

    // Sent again after the conflict, the overlap is skipped and the rest are served.
    const retry = await sendDigitalReward(input(s, reward.id, ids.slice(2, 6), { source: "bank" }));
    expect(retry).toMatchObject({ sent: 2, skipped: 2 });
    await expectNoCodeTwice(reward.id);
  });

  it("two bank sends to different backers at once claim different codes (SKIP LOCKED) and both succeed", async () => {
    const s = await setup(6);
    const reward = await uniqueReward(s);
    await addCodesToBank({
      projectId: s.projectId,
      rewardId: reward.id,
      list: parseCodeList("K1,K2,K3,K4,K5,K6"),
      actorId: s.actorId,
    });
    const ids = s.backers.map((b) => b.id);
    const { first, second, bBlockedIn } = await race(
      input(s, reward.id, ids.slice(0, 3), { source: "bank" }),
      input(s, reward.id, ids.slice(3, 6), { source: "bank" }),
    );
    // B claimed its codes while A still held its own, uncommitted: it skipped them rather than
    // waiting, and got as far as the emails (A's template row) or to the end.
    expect(String(bBlockedIn)).not.toMatch(/digital_code/);
    expect(first.sent).toBe(3);
    expect(second).toMatchObject({ ok: true, result: { sent: 3 } });
    await expectNoCodeTwice(reward.id);
    expect(await prisma.digitalCode.count({ where: { digitalRewardId: reward.id, pledgeId: null } })).toBe(0);
  });

  it("a bank code taken between the claim and the assignment stops the whole send (the code guard)", async () => {
    // The claim locks its codes, so no other send can take one; the guard is the line behind that
    // lock. The taking is injected inside the send's own transaction, right after the claim.
    const s = await setup(3);
    const reward = await uniqueReward(s);
    await addCodesToBank({ projectId: s.projectId, rewardId: reward.id, list: parseCodeList("K1,K2,K3,K4"), actorId: s.actorId });
    const outsider = s.backers[2].pledgeId;
    const error = await prisma
      .$transaction(async (tx) => {
        const injected = new Proxy(tx, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (property !== "$executeRaw") return value;
            return async (...args: Parameters<typeof tx.$executeRaw>) => {
              const claimed = await (value as typeof tx.$executeRaw).apply(target, args);
              // The bank claim: its codes are staged (locked FOR UPDATE SKIP LOCKED) for the pairing.
              const sql = Array.isArray(args[0]) ? (args[0] as readonly string[]).join("?") : "";
              if (/INSERT INTO send_code[\s\S]*FOR UPDATE SKIP LOCKED/.test(sql)) {
                await target.$executeRaw`UPDATE digital_code SET pledge_id = ${outsider}::uuid, assigned_at = now() WHERE id = (SELECT code_id FROM send_code ORDER BY rn LIMIT 1)`;
              }
              return claimed;
            };
          },
        });
        return applyDigitalRewardSend(injected, input(s, reward.id, s.backers.slice(0, 2).map((b) => b.id), { source: "bank" }));
      }, SEND_TRANSACTION_OPTIONS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "CONFLICT", message: "Another send took some of the bank's codes at the same moment. Nothing was sent: send again." });
    const { codes, deliveries, emails, audits } = await state();
    expect([codes.length, deliveries.length, emails.length, audits.length]).toEqual([0, 0, 0, 0]);
  });

  it("two pasted lists sharing a code, to different backers, at once: the code goes to one backer only", async () => {
    const s = await setup(4);
    const reward = await uniqueReward(s);
    const ids = s.backers.map((b) => b.id);
    const { first, second, bBlockedIn } = await race(
      input(s, reward.id, ids.slice(0, 2), list("P1,SHARED")),
      input(s, reward.id, ids.slice(2, 4), list("SHARED,P4")),
    );
    expect(bBlockedIn).toMatch(/INSERT INTO digital_code/);
    expect(first.sent).toBe(2);
    expect(second.ok).toBe(false);
    if (!second.ok) expect((second.error as DomainError).code).toBe("CONFLICT");
    await expectNoCodeTwice(reward.id);
    expect(await prisma.digitalCode.count({ where: { value: "SHARED" } })).toBe(1);
  });

  it("many concurrent bank sends over random overlapping selections keep every invariant", async () => {
    const s = await setup(20);
    const reward = await uniqueReward(s);
    await addCodesToBank({
      projectId: s.projectId,
      rewardId: reward.id,
      list: parseCodeList(Array.from({ length: 40 }, (_, i) => `C${i}`).join("\n")),
      actorId: s.actorId,
    });
    const ids = s.backers.map((b) => b.id);
    const sends = Array.from({ length: 8 }, (_, i) => ids.filter((_, j) => (j * 7 + i * 3) % 5 < 2 || j === i));
    const results = await Promise.allSettled(
      sends.map((selection) => sendDigitalReward(input(s, reward.id, selection, { source: "bank" }))),
    );
    for (const result of results) {
      if (result.status === "rejected") {
        expect(result.reason).toBeInstanceOf(DomainError);
        expect(["CONFLICT", "INVALID_INPUT"]).toContain((result.reason as DomainError).code);
      }
    }
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    await expectNoCodeTwice(reward.id);
  });
});

describe("emails reach the backers", () => {
  let smtp: SmtpTestServer;
  let transport: MailTransport;
  beforeEach(async () => {
    smtp = await startSmtpTestServer();
    transport = createMailTransport(smtp.url);
  });
  afterEach(async () => {
    transport.close();
    await smtp.stop();
  });

  it("delivers each backer's own code, and the shared URL, over SMTP", async () => {
    const s = await setup(3);
    const unique = await uniqueReward(s, "Soundtrack", "Redeem at https://example.com/redeem");
    const shared = await createDigitalReward(
      s.projectId,
      { name: "Wallpapers", kind: "SHARED", instructions: null, sharedValue: null },
      s.actorId,
    );
    await sendDigitalReward(
      input(
        s,
        unique.id,
        s.backers.map((b) => b.id),
        list("CODE-AAA\nCODE-BBB\nCODE-CCC"),
      ),
    );
    await sendDigitalReward(
      input(s, shared.id, [s.backers[1].id], { source: "shared", value: "https://example.com/wallpapers" }),
    );

    let sent = 0;
    while (sent < 4) {
      const pass = await deliverQueuedEmails({ transport });
      if (pass.claimed === 0) break;
      sent += pass.sent;
    }
    const messages = await smtp.waitForMessages(4);
    const expected: [string, string][] = [
      [s.backers[0].email, "CODE-AAA"],
      [s.backers[1].email, "CODE-BBB"],
      [s.backers[2].email, "CODE-CCC"],
    ];
    for (const [email, code] of expected) {
      const message = messages.find((m) => m.envelope.to.includes(email) && m.subject.includes("Soundtrack"))!;
      expect(message.subject).toBe("Your digital reward from Tidewater: Soundtrack");
      expect(message.text).toContain(code);
      expect(message.html).toContain(code);
      for (const [, other] of expected.filter(([, c]) => c !== code)) expect(message.text).not.toContain(other);
      expect(message.html).toContain('href="https://example.com/redeem"');
    }
    const wallpaper = messages.find((m) => m.subject.includes("Wallpapers"))!;
    expect(wallpaper.envelope.to).toEqual([s.backers[1].email]);
    expect(wallpaper.html).toContain('href="https://example.com/wallpapers"');
  });
});

describe("codes that differ only in letter case", () => {
  it("are repeats by default, against the bank and within a list, and distinct once the reward says its codes are case-sensitive", async () => {
    const s = await setup(2);
    const reward = await uniqueReward(s);
    await addCodesToBank({
      projectId: s.projectId,
      rewardId: reward.id,
      list: parseCodeList("ABCD-1234\nEFGH-5678"),
      actorId: s.actorId,
    });
    // Against the bank: the lower-case variant of a banked code is named and nothing is added.
    await expectDomainError(
      addCodesToBank({
        projectId: s.projectId,
        rewardId: reward.id,
        list: parseCodeList("abcd-1234\nNEW-1"),
        actorId: s.actorId,
      }),
      "INVALID_INPUT",
      /“abcd-1234” \(already in the bank as “ABCD-1234”\)/,
    );
    // Within one list.
    await expectDomainError(
      addCodesToBank({
        projectId: s.projectId,
        rewardId: reward.id,
        list: parseCodeList("NEW-1, new-1"),
        actorId: s.actorId,
      }),
      "INVALID_INPUT",
      /"NEW-1" \(line 1, entry 1\) and "new-1" \(line 1, entry 2\)/,
    );
    // Pasted at send time: a banked code in another case is named too.
    const preview = await previewDigitalRewardSend(input(s, reward.id, [s.backers[0].id], list("efgh-5678")));
    expect(preview.problems).toEqual([
      "1 code is already in the code bank of “Soundtrack”: “efgh-5678” (as “EFGH-5678”). Remove it from the list, or choose “Send from the code bank”.",
    ]);
    expect(await prisma.digitalCode.count({ where: { digitalRewardId: reward.id } })).toBe(2);

    await updateDigitalReward(s.projectId, reward.id, {
      name: "Soundtrack",
      instructions: null,
      sharedValue: null,
      codesCaseSensitive: true,
    });
    expect(
      await addCodesToBank({
        projectId: s.projectId,
        rewardId: reward.id,
        list: parseCodeList("abcd-1234, NEW-1, new-1"),
        actorId: s.actorId,
      }),
    ).toEqual({ added: 3, bankLeft: 5 });
  });
});

describe("sending to a selection with unpaid pledges", () => {
  async function withStatuses() {
    const s = await setup(2);
    for (const status of ["DROPPED", "ERRORED", "FAILED", "REFUNDED"] as const) {
      const { backer, pledge } = await createBacker(prisma, s.projectId, {
        name: `Backer ${status.toLowerCase()}`,
        pledge: { status },
      });
      s.backers.push({ id: backer.id, pledgeId: pledge!.id, email: backer.email, name: backer.name });
    }
    return s;
  }

  it("leaves out dropped, errored, failed and refunded pledges by default, counting each exclusion", async () => {
    const s = await withStatuses();
    const reward = await uniqueReward(s);
    const all = s.backers.map((b) => b.id);
    const preview = await previewDigitalRewardSend(input(s, reward.id, all, list("P1,P2")));
    expect(preview.problems).toEqual([]);
    expect(preview.recipientCount).toBe(2);
    expect(preview.excludedCount).toBe(4);
    expect(preview.exclusions).toEqual([
      { key: "failedPayments", label: "Failed and errored payments", count: 2, enabled: true },
      { key: "droppedPledges", label: "Dropped and refunded pledges", count: 2, enabled: true },
    ]);

    const result = await sendDigitalReward(input(s, reward.id, all, list("P1,P2")));
    expect(result).toMatchObject({ sent: 2, excluded: 4 });
    const { deliveries, emails } = await state();
    expect(deliveries.map((d) => d.pledgeId).sort()).toEqual([s.backers[0].pledgeId, s.backers[1].pledgeId].sort());
    expect(emails.map((e) => e.toEmail).sort()).toEqual([s.backers[0].email, s.backers[1].email].sort());
  });

  it("sends to them when the creator turns an exclusion off", async () => {
    const s = await withStatuses();
    const reward = await uniqueReward(s);
    const all = s.backers.map((b) => b.id);
    const result = await sendDigitalReward({
      ...input(s, reward.id, all, list("P1,P2,P3,P4")),
      exclusions: { failedPayments: true, droppedPledges: false },
    });
    expect(result).toMatchObject({ sent: 4, excluded: 2 });
    const statuses = await prisma.pledge.findMany({
      where: { digitalDeliveries: { some: {} } },
      select: { status: true },
    });
    expect(statuses.map((p) => p.status).sort()).toEqual(["COLLECTED", "COLLECTED", "DROPPED", "REFUNDED"]);
  });
});
