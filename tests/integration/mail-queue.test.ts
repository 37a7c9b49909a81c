import v8 from "node:v8";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { getCapturedEmail } from "@/lib/mail/get-captured-email";
import { materializeEmailMessages } from "@/lib/mail/materialize-email-messages";
import { queueEmail } from "@/lib/mail/queue-email";
import { MAIL_STATEMENT_BYTES, queueEmails } from "@/lib/mail/queue-emails";
import { renderEmail } from "@/lib/mail/render-email";

const url = "http://localhost:3000/api/auth/magic-link/verify?token=abc&callbackURL=%2Fprojects";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

function liveHeapMb(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1048576;
}

describe("queueEmail", () => {
  it("writes a rendered outbox row with the recipient normalised", async () => {
    const result = await queueEmail(prisma, {
      to: "  Ada.Lovelace@Example.COM ",
      kind: "sign-in",
      props: { url, email: "ada.lovelace@example.com" },
      idempotencyKey: "sign-in:1",
    });
    expect(result.created).toBe(true);
    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({
      toEmail: "ada.lovelace@example.com",
      kind: "sign-in",
      subject: "Sign in to Pledgehouse",
      status: "QUEUED",
      attempts: 0,
      idempotencyKey: "sign-in:1",
      projectId: null,
    });
    expect(row.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
    expect(row.text).toContain(url);
    expect(row.text).toContain("expires in 5 minutes");
  });

  it("queues one message per idempotency key", async () => {
    const first = await queueEmail(prisma, {
      to: "a@example.com",
      kind: "sign-in",
      props: { url, email: "a@example.com" },
      idempotencyKey: "k",
    });
    const second = await queueEmail(prisma, {
      to: "a@example.com",
      kind: "sign-in",
      props: { url: `${url}2`, email: "a@example.com" },
      idempotencyKey: "k",
    });
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await prisma.emailMessage.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].text).not.toContain(`${url}2`);
  });

  it("commits or rolls back with the caller's transaction", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await queueEmail(tx, {
          to: "b@example.com",
          kind: "sign-in",
          props: { url, email: "b@example.com" },
          idempotencyKey: "rolled-back",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await prisma.emailMessage.count()).toBe(0);

    await prisma.$transaction(async (tx) => {
      await queueEmail(tx, {
        to: "b@example.com",
        kind: "sign-in",
        props: { url, email: "b@example.com" },
        idempotencyKey: "committed",
      });
    });
    expect(await prisma.emailMessage.count()).toBe(1);
  });

  it("rejects a malformed address with a clear message and writes nothing", async () => {
    const attempt = queueEmail(prisma, {
      to: "not an email",
      kind: "sign-in",
      props: { url, email: "x" },
      idempotencyKey: "bad",
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toThrow('"not an email" is not an email address');
    expect(await prisma.emailMessage.count()).toBe(0);
  });
});

describe("queueEmails (bulk)", () => {
  const names = ["Zoë O'Brien", "<script>alert(1)</script>", "Tom & Jerry", 'Ana "Nana" Núñez'];
  const rowsFor = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, offset) => {
      const i = from + offset;
      const email = `backer${i}@example.com`;
      return {
        to: ` Backer${i}@Example.com`,
        props: {
          url: `https://pledge.example/p/${i}?a=1&b=${encodeURIComponent(names[i % names.length])}`,
          email: `${names[i % names.length]} ${email}`,
        },
        idempotencyKey: `bulk:${i}`,
      };
    });

  it("inserts one row per recipient with that recipient's content, identical to a single render", async () => {
    const rows = rowsFor(0, 1200);
    const result = await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rows, { chunkSize: 500 }));
    expect(result).toEqual({ created: 1200 });
    expect(await prisma.emailMessage.count()).toBe(1200);

    for (const i of [0, 1, 2, 3, 777, 1199]) {
      const { id } = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: `bulk:${i}` } });
      const row = (await getCapturedEmail(id))!;
      expect(row.toEmail).toBe(`backer${i}@example.com`);
      const single = await renderEmail("sign-in", rows[i].props);
      expect({ subject: row.subject, html: row.html, text: row.text }).toEqual(single);
      expect(row.text).toContain(rows[i].props.url);
    }
    const { id: scriptId } = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: "bulk:1" } });
    const script = (await getCapturedEmail(scriptId))!;
    expect(script.html).not.toContain("<script>");
    expect(script.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("stores the rendered template once and only each recipient's values per message", async () => {
    await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rowsFor(0, 300), { chunkSize: 100 }));
    const templates = await prisma.emailTemplate.findMany();
    expect(templates).toHaveLength(1);
    expect(templates[0]).toMatchObject({ kind: "sign-in", placeholders: ["url", "email"] });
    expect(templates[0].html).toContain("Sign in to Pledgehouse");

    const messages = await prisma.emailMessage.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(messages).toHaveLength(300);
    for (const message of messages) {
      expect(message).toMatchObject({
        templateId: templates[0].id,
        html: "",
        text: "",
        subject: "Sign in to Pledgehouse",
      });
    }
    const first = messages.find((message) => message.idempotencyKey === "bulk:1")!;
    expect(first.templateValues).toEqual([rowsFor(1, 2)[0].props.url, `<script>alert(1)</script> backer1@example.com`]);

    const materialized = await materializeEmailMessages(messages);
    for (const message of materialized) {
      const i = Number(message.idempotencyKey.slice("bulk:".length));
      expect(message.text).toContain(rowsFor(i, i + 1)[0].props.url);
    }

    // A later bulk action of the same shape reuses the stored template.
    await queueEmails(prisma, "sign-in", rowsFor(300, 310));
    expect(await prisma.emailTemplate.count()).toBe(1);
  });

  it("renders props that are the same in every row of a large call into the template", async () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({
      to: `shipped${i}@example.com`,
      idempotencyKey: `tracking:${i}`,
      props: {
        projectName: "Tiny Forest <Board> Game & Co",
        backerName: i % 2 ? `Zoë ${i}` : "",
        trackingNumber: `1Z999AA1${String(i).padStart(10, "0")}`,
        carrier: "UPS",
        trackingUrl: `https://www.ups.com/track?tracknum=${i}&lang=en`,
        pledgeUrl: `http://localhost:3000/pledges/${i}/backing-details`,
        shippedOn: "Nov 23, 2026",
        otherPackages: "",
      },
    }));
    await prisma.$transaction((tx) => queueEmails(tx, "tracking-shipped", rows));
    const templates = await prisma.emailTemplate.findMany();
    expect(templates).toHaveLength(2);
    for (const template of templates) {
      expect(template.placeholders).not.toContain("projectName");
      expect(template.placeholders).not.toContain("shippedOn");
      expect(template.html).toContain("Tiny Forest &lt;Board&gt; Game &amp; Co");
    }
    const messages = await materializeEmailMessages(
      await prisma.emailMessage.findMany({
        where: { idempotencyKey: { in: ["tracking:0", "tracking:1", "tracking:599"] } },
      }),
    );
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      const i = Number(message.idempotencyKey.slice("tracking:".length));
      expect(message.templateValues).toEqual(
        expect.not.arrayContaining(["Tiny Forest <Board> Game & Co", "Nov 23, 2026"]),
      );
      const single = await renderEmail("tracking-shipped", rows[i].props);
      expect({ subject: message.subject, html: message.html, text: message.text }).toEqual(single);
    }
  });

  it("queues a stream of rounds exactly as the same rows in one array, holding one round at a time", async () => {
    const rows = Array.from({ length: 650 }, (_, i) => ({
      to: ` Shipped${i}@Example.com`,
      idempotencyKey: `tracking:${i}`,
      props: {
        projectName: "Tiny Forest <Board> Game & Co",
        backerName: i % 3 ? `Zoë ${i}` : "",
        trackingNumber: `1Z999AA1${String(i).padStart(10, "0")}`,
        carrier: "UPS",
        trackingUrl: `https://www.ups.com/track?tracknum=${i}&lang=en`,
        pledgeUrl: `http://localhost:3000/pledges/${i}/backing-details`,
        shippedOn: "Nov 23, 2026",
        otherPackages: i % 7 ? "" : `Your reward ships in 2 packages. The others: 9400${i}. All of them are on your pledge summary.`,
      },
    }));
    let roundsRead = 0;
    async function* rounds() {
      for (let start = 0; start < rows.length; start += 100) {
        roundsRead++;
        yield rows.slice(start, start + 100);
      }
    }
    const streamed = await prisma.$transaction((tx) =>
      queueEmails(tx, "tracking-shipped", rounds(), { chunkSize: 120, constantProps: ["projectName", "shippedOn", "carrier"] }),
    );
    expect(streamed).toEqual({ created: 650 });
    expect(roundsRead).toBe(7);
    const read = async () =>
      (await materializeEmailMessages(await prisma.emailMessage.findMany({ orderBy: { idempotencyKey: "asc" } }))).map(
        ({ toEmail, subject, idempotencyKey, html, text }) => ({ toEmail, subject, idempotencyKey, html, text }),
      );
    const fromStream = await read();
    const templatesFromStream = (await prisma.emailTemplate.findMany({ select: { placeholders: true } })).map((t) => t.placeholders);
    await prisma.emailMessage.deleteMany();
    await prisma.emailTemplate.deleteMany();
    await prisma.$transaction((tx) => queueEmails(tx, "tracking-shipped", rows));
    expect(fromStream).toEqual(await read());
    // The declared constants went into the template, as those found in an array do.
    for (const placeholders of templatesFromStream) expect(placeholders).not.toContain("projectName");
  });

  it("refuses a streamed row whose declared constant differs, and a stream past the daily allowance, keeping nothing", async () => {
    const project = await prisma.project.create({ data: { name: "Allowance", currency: "USD", dailyEmailAllowance: 150 } });
    const row = (i: number, projectName = "Tiny Forest") => ({
      to: `shipped${i}@example.com`,
      idempotencyKey: `tracking:${i}`,
      projectId: project.id,
      props: {
        projectName,
        backerName: `Backer ${i}`,
        trackingNumber: `1Z999AA1${String(i).padStart(10, "0")}`,
        carrier: "UPS",
        trackingUrl: "",
        pledgeUrl: `http://localhost:3000/pledges/${i}/backing-details`,
        shippedOn: "Nov 23, 2026",
        otherPackages: "",
      },
    });
    async function* rounds(count: number, odd?: number) {
      for (let start = 0; start < count; start += 50) {
        yield Array.from({ length: Math.min(50, count - start) }, (_, k) => row(start + k, start + k === odd ? "Another project" : undefined));
      }
    }
    const queue = (source: AsyncIterable<ReturnType<typeof row>[]>) =>
      prisma.$transaction((tx) => queueEmails(tx, "tracking-shipped", source, { chunkSize: 50, constantProps: ["projectName"] }));
    await expect(queue(rounds(120, 110))).rejects.toThrow(/row 111's projectName differs/);
    expect(await prisma.emailMessage.count()).toBe(0);
    // Three rounds fit the allowance of 150; the fourth does not, and the first three go with it.
    await expect(queue(rounds(200))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await queue(rounds(150))).toEqual({ created: 150 });
  });

  it("keeps the full rendering for a row that cannot share the template, and shows it in the mailbox", async () => {
    const rows = rowsFor(0, 3);
    rows[1] = { ...rows[1], props: { ...rows[1].props, url: "javascript:alert(document.cookie)" } };
    await queueEmails(prisma, "sign-in", rows);
    const hazardous = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: "bulk:1" } });
    expect(hazardous).toMatchObject({ templateId: null, templateValues: null });
    // React's own render blocks the URL; a template substitution would not have.
    expect(hazardous.html).not.toContain('href="javascript:alert');
    expect(hazardous.html).toContain("React has blocked a javascript: URL");
    expect((await getCapturedEmail(hazardous.id))!.html).toBe(hazardous.html);
    const ordinary = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: "bulk:2" } });
    expect(ordinary.templateId).not.toBeNull();
    expect((await getCapturedEmail(ordinary.id))!.text).toContain(rows[2].props.url);
  });

  it("writes nothing when the caller's transaction rolls back, templates included", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await queueEmails(tx, "sign-in", rowsFor(0, 50));
        throw new Error("the bulk change failed");
      }),
    ).rejects.toThrow("the bulk change failed");
    expect(await prisma.emailMessage.count()).toBe(0);
    expect(await prisma.emailTemplate.count()).toBe(0);
  });

  it("lets two transactions queue the same new template at once", async () => {
    const [a, b] = await Promise.all([
      prisma.$transaction((tx) => queueEmails(tx, "sign-in", rowsFor(0, 200))),
      prisma.$transaction((tx) => queueEmails(tx, "sign-in", rowsFor(100, 300))),
    ]);
    expect(a.created + b.created).toBe(300);
    expect(await prisma.emailMessage.count()).toBe(300);
    expect(await prisma.emailTemplate.count()).toBe(1);
  });

  it("skips keys already queued, so re-running queues only what is new", async () => {
    await queueEmails(prisma, "sign-in", rowsFor(0, 100));
    const again = await queueEmails(prisma, "sign-in", rowsFor(0, 130));
    expect(again).toEqual({ created: 30 });
    const withDuplicates = await queueEmails(prisma, "sign-in", [...rowsFor(130, 140), ...rowsFor(130, 140)]);
    expect(withDuplicates).toEqual({ created: 10 });
    expect(await prisma.emailMessage.count()).toBe(140);
  });

  it("with fresh keys, refuses a key already queued rather than skipping it, and writes nothing", async () => {
    const fresh = await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rowsFor(0, 100), { freshKeys: true }));
    expect(fresh).toEqual({ created: 100 });
    // Repeats within the call are still counted once: only the database's check is skipped.
    expect(await queueEmails(prisma, "sign-in", [...rowsFor(100, 105), ...rowsFor(100, 105)], { freshKeys: true })).toEqual({ created: 5 });
    await expect(
      prisma.$transaction((tx) => queueEmails(tx, "sign-in", rowsFor(105, 120).concat(rowsFor(99, 100)), { freshKeys: true, chunkSize: 5 })),
    ).rejects.toThrow(/idempotency_key|Unique constraint/i);
    expect(await prisma.emailMessage.count()).toBe(105);
  });

  it("writes a large call in INSERTs of at most MAIL_STATEMENT_BYTES (512 KiB) of one-byte text, keeping names beyond Latin-1 exact", async () => {
    const people = ["Aoi Ōno", "Łukasz Żak", "Zoë 😀 O'Brien", 'Ana "Nana" Núñez', "李小龍", "Tom \\ Jerry"];
    const rows = Array.from({ length: 2_000 }, (_, i) => ({
      to: `backer${i}@example.com`,
      idempotencyKey: `beyond-latin1:${i}`,
      props: {
        url: `https://pledge.example/p/${i}`,
        email: `${people[i % people.length]} backer${i}@example.com`,
      },
    }));
    // The parameters each statement carries, as Prisma receives them; the statements still run.
    const parameters: string[] = [];
    const queued = await prisma.$transaction((tx) => {
      const recording = new Proxy(tx, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== "$executeRaw") return value;
          return (strings: TemplateStringsArray, ...values: unknown[]) => {
            for (const parameter of values) if (typeof parameter === "string") parameters.push(parameter);
            return (value as (s: TemplateStringsArray, ...v: unknown[]) => unknown).call(target, strings, ...values);
          };
        },
      });
      return queueEmails(recording, "sign-in", rows, { chunkBytes: 64 * 1024 });
    }, { timeout: 30_000 });
    expect(queued).toEqual({ created: 2_000 });
    expect(MAIL_STATEMENT_BYTES).toBeLessThanOrEqual(512 * 1024);
    const messages = parameters.filter((parameter) => parameter.includes("beyond-latin1:"));
    // About 300 KB of messages: several statements, none much larger than its (estimated) budget.
    expect(messages.length).toBeGreaterThan(1);
    for (const text of messages) {
      expect(text.length).toBeLessThanOrEqual(64 * 1024 * 1.05);
      expect(text).toMatch(/^[\u0000-\u00ff]*$/);
    }
    const stored = new Map(
      (await materializeEmailMessages(await prisma.emailMessage.findMany())).map((message) => [message.idempotencyKey, message]),
    );
    expect(stored.size).toBe(2_000);
    for (const i of [0, 1, 2, 3, 4, 5, 1_999]) {
      const expected = await renderEmail("sign-in", rows[i].props);
      const message = stored.get(rows[i].idempotencyKey)!;
      expect({ subject: message.subject, html: message.html, text: message.text }).toEqual(expected);
    }
    expect(stored.get("beyond-latin1:2")!.text).toContain("Zoë 😀 O'Brien");
    expect(stored.get("beyond-latin1:4")!.text).toContain("李小龍");
  });

  it("leaves no copy of its statements' parameters in Prisma's debug histories after the call", async () => {
    // About 7 MB of values in statements of MAIL_STATEMENT_BYTES: the histories would keep copies of them all.
    const rows = Array.from({ length: 4_000 }, (_, i) => ({
      to: `backer${i}@example.com`,
      idempotencyKey: `history:${i}`,
      props: { url: `https://pledge.example/p/${i}/`.padEnd(2_000, "x"), email: `backer${i}@example.com` },
    }));
    // A first call loads the renderer's modules, which stay.
    await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rows.slice(0, 600)), { timeout: 30_000 });
    const before = liveHeapMb();
    const queued = await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rows), { timeout: 30_000 });
    expect(queued).toEqual({ created: 3_400 });
    const grown = liveHeapMb() - before;
    // About 5 MB stays whatever is done (caches of the client and the renderer); the histories kept 20.
    expect(grown).toBeLessThan(10);
  });

  it("queues a key repeated in a later round of a stream once, as the first row has it", async () => {
    const rows = rowsFor(0, 300);
    async function* rounds() {
      yield rows.slice(0, 150);
      yield [...rows.slice(150, 300), { ...rows[10], props: { ...rows[10].props, url: "https://pledge.example/other" } }];
    }
    expect(await prisma.$transaction((tx) => queueEmails(tx, "sign-in", rounds(), { chunkSize: 40 }))).toEqual({ created: 300 });
    const [message] = await materializeEmailMessages(await prisma.emailMessage.findMany({ where: { idempotencyKey: rows[10].idempotencyKey } }));
    expect(message.html).toContain("https://pledge.example/p/10");
  });

  it("names the bad row and writes nothing", async () => {
    const rows = rowsFor(0, 5);
    rows[3] = { ...rows[3], to: "backer3-at-example.com" };
    await expect(queueEmails(prisma, "sign-in", rows)).rejects.toThrow(
      'Row 4: "backer3-at-example.com" is not an email address',
    );
    expect(await prisma.emailMessage.count()).toBe(0);
  });
});
