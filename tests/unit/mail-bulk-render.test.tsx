import { Button, Heading, Link, Text } from "@react-email/components";
import { describe, expect, it } from "vitest";
import { EmailLayout } from "@/emails/components/email-layout";
import { createBulkEmailRenderer } from "@/lib/mail/create-bulk-email-renderer";
import { emailKinds, type EmailKindDefinition } from "@/lib/mail/email-kinds";
import { materializeEmail } from "@/lib/mail/materialize-email";
import { renderEmailWith } from "@/lib/mail/render-email";

type ShippedProps = {
  name: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
  note?: string;
  items: number;
};

function ShippedEmail({ name, carrier, trackingNumber, trackingUrl, note, items }: ShippedProps) {
  return (
    <EmailLayout preview={`Your ${carrier} package is on its way, ${name}`}>
      <Heading as="h1">Good news, {name}!</Heading>
      <Text>
        {items} item{items === 1 ? "" : "s"} shipped with {carrier}: {trackingNumber}
      </Text>
      {note ? <Text>Note from the creator: {note}</Text> : null}
      <Button href={trackingUrl}>Track your package</Button>
      <Link href={trackingUrl}>{trackingUrl}</Link>
      <Link href={`https://track.example/?n=${trackingNumber}&lang=en`}>Second tracker for {name}</Link>
      <Text title={name}>Attribute use</Text>
    </EmailLayout>
  );
}

const shipped: EmailKindDefinition<ShippedProps> = {
  component: ShippedEmail,
  subject: ({ name, carrier }) => `${name}, your ${carrier} package shipped`,
};

const tricky = [
  "<script>alert('x')</script>",
  "Tom & Jerry",
  'Say "hello"',
  "Zoë Ñúñez-Ålesund",
  "O'Brien",
  "D’Artagnan",
  "a  lot   of\tspace\nand lines ",
  "&amp; already escaped &lt;b&gt;",
  "emoji 📦 and 中文",
  "`backticks` ${template} {{braces}} $1 $& \\ backslash",
  "ends with a dot.",
  "[brackets] (parens)",
];

const trickyUrls = [
  "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111&tRef=fullpage&x=<y>",
  "https://example.com/a?b=1&c='2'&d=\"3\"#frag",
  "http://localhost:3000/api/auth/magic-link/verify?token=abc&callbackURL=%2Fprojects",
  "javascript:alert(1)",
  "mailto:someone@example.com",
];

function rowsFor(seed: number): ShippedProps[] {
  const rows: ShippedProps[] = [];
  for (let i = 0; i < tricky.length; i++) {
    rows.push({
      name: tricky[(i + seed) % tricky.length],
      carrier: tricky[(i * 3 + seed) % tricky.length],
      trackingNumber: tricky[(i * 5 + 1) % tricky.length],
      trackingUrl: trickyUrls[(i + seed) % trickyUrls.length],
      note: i % 3 === 0 ? undefined : i % 3 === 1 ? "" : tricky[(i * 7) % tricky.length],
      items: i % 2 === 0 ? 1 : 3,
    });
  }
  return rows;
}

describe("createBulkEmailRenderer", () => {
  it("produces exactly what a per-row render produces, for tricky values", async () => {
    const bulk = createBulkEmailRenderer(shipped, "test-shipped");
    for (const row of [...rowsFor(0), ...rowsFor(4), ...rowsFor(7)]) {
      expect(await bulk.render(row)).toEqual(await renderEmailWith(shipped, row));
    }
    // Shapes: note undefined / empty / present × items 1 / 3 — all templated, none fell back.
    const shapes = bulk.shapes();
    expect(shapes.length).toBe(6);
    expect(shapes.every((shape) => shape.verbatim)).toBe(true);
  });

  it("tells shapes apart by prop names, order, emptiness and non-string values, whatever the previous row was", async () => {
    // String-only rows take a cached key; these switch names, order and types between rows.
    const bulk = createBulkEmailRenderer(shipped, "test-shipped");
    const base = { name: "Zoë 📦", carrier: "UPS", trackingNumber: "1Z9", trackingUrl: "https://example.com/t?n=1&x=2" };
    const rows = [
      { ...base, note: "Fragile" },
      { ...base, note: "" },
      { ...base, note: undefined },
      { ...base },
      { note: "Fragile", ...base },
      { ...base, note: "Fragile", items: 3 },
      { ...base, note: "" },
      { ...base, carrier: "" },
      { ...base, note: "Fragile" },
      { ...base, note: "Fragile", extra: "ignored" },
      { ...base, note: "Fragile" },
      // As many props as the row before, all filled, one of another name.
      { ...base, extra: "ignored" },
    ] as unknown as ShippedProps[];
    for (const row of [...rows, ...rows]) {
      expect(await bulk.render(row)).toEqual(await renderEmailWith(shipped, row));
    }
    expect(bulk.shapes().map((shape) => shape.key)).toEqual([
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|note:s|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|note:e|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|note:u|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|",
      "note:s|name:s|carrier:s|trackingNumber:s|trackingUrl:s|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|note:s|items=3|",
      "name:s|carrier:e|trackingNumber:s|trackingUrl:s|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|note:s|extra:s|",
      "name:s|carrier:s|trackingNumber:s|trackingUrl:s|extra:s|",
    ]);
  });

  it("keeps per row only the values, which fill the stored template back into the real render", async () => {
    const bulk = createBulkEmailRenderer(shipped, "test-shipped");
    const rows = [...rowsFor(1), ...rowsFor(5)];
    const stored = new Map<string, { html: string; text: string }>();
    for (const row of rows) {
      const prepared = await bulk.prepare(row);
      if (prepared.template === null) {
        // Only a hazardous href value gets a full render of its own.
        expect(["javascript:alert(1)", "mailto:someone@example.com"]).toContain(row.trackingUrl);
        continue;
      }
      expect(prepared.values).toHaveLength(prepared.template.placeholders.length);
      const { html, text, contentHash } = prepared.template;
      stored.set(contentHash, { html, text });
      // As the outbox keeps them: the template once, the values as JSON.
      const values = JSON.parse(JSON.stringify(prepared.values)) as string[];
      const expected = await renderEmailWith(shipped, row);
      expect({ subject: prepared.subject, ...materializeEmail(stored.get(contentHash)!, values) }).toEqual(expected);
    }
    // Six shapes, but a missing note and an empty one render alike: one stored template serves both.
    expect(bulk.shapes()).toHaveLength(6);
    expect(stored.size).toBe(4);
  });

  it("inserts a value that looks like a placeholder verbatim", () => {
    const template = { html: "<p>\uE0000\uE001 and \uE0001\uE001</p>", text: "\uE0000\uE001 and \uE0001\uE001" };
    expect(materializeEmail(template, ["\uE0001\uE001 & co", "x"])).toEqual({
      html: "<p>\uE0001\uE001 &amp; co and x</p>",
      text: "\uE0001\uE001 & co and x",
    });
    expect(() => materializeEmail(template, ["only one"])).toThrow("The template's placeholder 1 has no value");
  });

  it("escapes values into the HTML and keeps them raw in the text", async () => {
    const bulk = createBulkEmailRenderer(shipped);
    const base = {
      name: "Ann",
      carrier: "UPS",
      trackingNumber: "1Z999",
      trackingUrl: "https://t.example/?a=1&b=2",
      items: 1,
    };
    await bulk.render(base);
    const email = await bulk.render({ ...base, name: "<script>alert('x')</script> & Zoë" });
    expect(email.html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Zoë");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain('href="https://t.example/?a=1&amp;b=2"');
    expect(email.text).toContain("Good news, <script>alert('x')</script> & Zoë!");
    expect(email.text).toContain("https://t.example/?a=1&b=2");
    expect(email.subject).toBe("<script>alert('x')</script> & Zoë, your UPS package shipped");
  });

  it("never lets a javascript: URL through an href", async () => {
    const bulk = createBulkEmailRenderer(shipped);
    const row = { name: "Ann", carrier: "UPS", trackingNumber: "1Z", trackingUrl: "https://ok.example", items: 1 };
    await bulk.render(row);
    const email = await bulk.render({ ...row, trackingUrl: " javascript:alert(1)" });
    expect(email.html).not.toMatch(/href="\s*javascript:alert/);
  });

  it("falls back to real renders when a template transforms a prop", async () => {
    const shouting: EmailKindDefinition<{ name: string }> = {
      component: ({ name }) => (
        <EmailLayout preview="hi">
          <Text>HELLO {name.toUpperCase()}</Text>
        </EmailLayout>
      ),
      subject: () => "hi",
    };
    const bulk = createBulkEmailRenderer(shouting);
    for (const name of ["ann", "zoë & co"]) {
      expect(await bulk.render({ name })).toEqual(await renderEmailWith(shouting, { name }));
    }
    expect(bulk.shapes()).toEqual([expect.objectContaining({ verbatim: false })]);
  });

  it.each(Object.entries(emailKinds))("templates the registered kind %s verbatim", async (_kind, definition) => {
    const previewProps = (definition.component as { PreviewProps?: Record<string, unknown> }).PreviewProps;
    expect(previewProps, "every email component needs PreviewProps").toBeDefined();
    const bulk = createBulkEmailRenderer(definition as EmailKindDefinition<Record<string, unknown>>);
    const variants = [
      previewProps!,
      Object.fromEntries(Object.entries(previewProps!).map(([k, v]) => [k, typeof v === "string" ? `${v}<&'"é>` : v])),
    ];
    for (const props of variants) {
      expect(await bulk.render(props)).toEqual(
        await renderEmailWith(definition as EmailKindDefinition<Record<string, unknown>>, props),
      );
    }
    expect(bulk.shapes().every((shape) => shape.verbatim)).toBe(true);
  });
});
