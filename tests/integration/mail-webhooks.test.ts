import { generateKeyPairSync, randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/mail/[provider]/route";
import { prisma } from "@/lib/db/client";
import { createMessageId } from "@/lib/mail/create-message-id";
import { env } from "@/lib/env";
import { receiveMailWebhook } from "@/lib/mail/webhooks/receive-mail-webhook";
import type { MailProvider } from "@/lib/mail/webhooks/mail-provider-event";
import {
  createMailWebhookKeys,
  postmarkRequest,
  sesNotification,
  signMailgun,
  signResend,
  signSendgrid,
  signSnsMessage,
  testMailWebhookConfig,
  type MailWebhookKeys,
  type SignedRequest,
} from "../support/mail-webhook-signers";

let keys: MailWebhookKeys;
let webhook: ReturnType<typeof testMailWebhookConfig>;

beforeAll(() => {
  keys = createMailWebhookKeys();
});

beforeEach(() => {
  webhook = testMailWebhookConfig(keys);
});

const receive = (provider: MailProvider, request: SignedRequest) =>
  receiveMailWebhook(provider, request, webhook.config);

/** A message sent earlier to `to`, as the worker records it: SENT, with our Message-ID. */
async function sentMessage(to: string) {
  const key = `test:${randomUUID()}`;
  const messageId = createMessageId(key, env.MAIL_FROM);
  const [row] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO email_message (to_email, kind, subject, html, text, idempotency_key, status, sent_at, smtp_message_id, transport)
    VALUES (${to}, 'sign-in', 'Sign in', '<p>x</p>', 'x', ${key}, 'SENT', now(), ${messageId}, 'smtp')
    RETURNING id::text`;
  return { id: row.id, messageId: messageId.slice(1, -1) };
}

const suppressions = () => prisma.emailSuppression.findMany({ orderBy: { email: "asc" } });
const events = () => prisma.mailProviderEvent.findMany({ orderBy: [{ email: "asc" }, { kind: "asc" }] });

// The payloads below follow each provider's documented examples, trimmed of fields we do not read.
const sesBounce = (to: string, messageId: string, bounceType = "Permanent") => ({
  notificationType: "Bounce",
  bounce: {
    bounceType,
    bounceSubType: bounceType === "Permanent" ? "General" : "MailboxFull",
    bouncedRecipients: [
      { emailAddress: to, action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" },
    ],
    timestamp: "2026-12-07T03:00:00.000Z",
    feedbackId: "0100018c-feedback",
    reportingMTA: "dsn; a8-70.smtp-out.amazonses.com",
  },
  mail: {
    timestamp: "2026-12-07T02:59:58.000Z",
    source: "no-reply@pledgehouse.localhost",
    messageId: "0100018c-ses-message-id",
    destination: [to],
    headersTruncated: false,
    headers: [{ name: "Message-ID", value: `<${messageId}>` }],
    commonHeaders: {
      from: ["no-reply@pledgehouse.localhost"],
      to: [to],
      messageId: `<${messageId}>`,
      subject: "Sign in",
    },
  },
});

describe("Amazon SES through SNS", () => {
  it("confirms a subscription once its signature checks out, and records nothing", async () => {
    const request = signSnsMessage(keys, {
      Type: "SubscriptionConfirmation",
      MessageId: randomUUID(),
      Token: "2336412f37fb687f5d51e6e2425c464de12884ef",
      TopicArn: keys.topicArn,
      Message: `You have chosen to subscribe to the topic ${keys.topicArn}.`,
      SubscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f",
      Timestamp: new Date().toISOString(),
    });
    expect(await receive("ses", request)).toMatchObject({ status: "recorded", subscriptionConfirmed: true });
    expect(webhook.confirmed).toEqual([
      "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f",
    ]);
    expect(webhook.fetched).toEqual([keys.snsCertUrl]);
  });

  it("suppresses a permanent bounce with its reason and the message that caused it; a redelivery changes nothing", async () => {
    const sent = await sentMessage("gone@example.com");
    const request = sesNotification(keys, sesBounce("Gone@Example.com", sent.messageId));
    expect(await receive("ses", request)).toMatchObject({ status: "recorded", recorded: 1, suppressed: 1 });
    expect(await receive("ses", request)).toMatchObject({
      status: "recorded",
      recorded: 0,
      duplicates: 1,
      suppressed: 0,
    });
    expect(await suppressions()).toMatchObject([
      {
        email: "gone@example.com",
        reason: "HARD_BOUNCE",
        provider: "ses",
        detail: "smtp; 550 5.1.1 user unknown",
        emailMessageId: sent.id,
      },
    ]);
    expect(await events()).toHaveLength(1);
  });

  it("counts a transient bounce without suppressing, and suppresses a complaint", async () => {
    await receive("ses", sesNotification(keys, sesBounce("full@example.com", "x@y", "Transient")));
    await receive("ses", sesNotification(keys, sesBounce("full@example.com", "x@y", "Transient")));
    await receive(
      "ses",
      sesNotification(keys, {
        notificationType: "Complaint",
        complaint: {
          complainedRecipients: [{ emailAddress: "angry@example.com" }],
          timestamp: "2026-12-07T03:00:00.000Z",
          feedbackId: "0100018c-complaint",
          complaintFeedbackType: "abuse",
        },
        mail: { messageId: "ses-id", destination: ["angry@example.com"], commonHeaders: { messageId: "<nope@x>" } },
      }),
    );
    expect(await suppressions()).toMatchObject([
      { email: "angry@example.com", reason: "COMPLAINT", detail: "abuse", emailMessageId: null },
    ]);
    expect((await events()).filter((event) => event.kind === "SOFT_BOUNCE")).toHaveLength(2);
  });

  it("rejects a tampered message, a certificate it does not trust, and a topic that is not ours", async () => {
    const request = sesNotification(keys, sesBounce("a@example.com", "m@x"));
    const tampered = { ...request, body: request.body.replace("a@example.com", "b@example.com") };
    expect(await receive("ses", tampered)).toMatchObject({ status: "unauthorized" });

    const otherCert = JSON.parse(request.body);
    otherCert.SigningCertURL = "https://attacker.example/cert.pem";
    expect(await receive("ses", { ...request, body: JSON.stringify(otherCert) })).toMatchObject({
      status: "unauthorized",
    });

    const foreignTopic = signSnsMessage(keys, {
      Type: "Notification",
      MessageId: randomUUID(),
      TopicArn: "arn:aws:sns:eu-west-1:999999999999:someone-else",
      Message: JSON.stringify(sesBounce("a@example.com", "m@x")),
      Timestamp: new Date().toISOString(),
    });
    expect(await receive("ses", foreignTopic)).toMatchObject({ status: "unauthorized" });
    const unsigned = JSON.parse(request.body);
    delete unsigned.Signature;
    expect(await receive("ses", { ...request, body: JSON.stringify(unsigned) })).toMatchObject({
      status: "unauthorized",
    });
    expect(await events()).toEqual([]);
    expect(await suppressions()).toEqual([]);
  });

  it("accepts SignatureVersion 1 (SHA1) as SNS still sends it by default", async () => {
    const request = signSnsMessage(
      keys,
      {
        Type: "Notification",
        MessageId: randomUUID(),
        TopicArn: keys.topicArn,
        Subject: "Amazon SES Email Event Notification",
        Message: JSON.stringify(sesBounce("v1@example.com", "m@x")),
        Timestamp: new Date().toISOString(),
      },
      "1",
    );
    expect(await receive("ses", request)).toMatchObject({ status: "recorded", suppressed: 1 });
  });
});

describe("Postmark", () => {
  const bounce = (email: string, type = "HardBounce", id = 42) => ({
    RecordType: "Bounce",
    ID: id,
    Type: type,
    TypeCode: type === "HardBounce" ? 1 : 4096,
    Name: "Hard bounce",
    MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
    MessageStream: "outbound",
    Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
    Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    Email: email,
    From: "no-reply@pledgehouse.localhost",
    BouncedAt: "2026-12-07T03:00:00Z",
    Inactive: true,
    CanActivate: true,
  });

  it("suppresses hard bounces, spam complaints and unsubscribes behind basic auth; soft bounces are only counted", async () => {
    const sent = await sentMessage("bounced@example.com");
    const auth = keys.postmarkCredentials;
    expect(await receive("postmark", postmarkRequest(auth, bounce("bounced@example.com")))).toMatchObject({
      suppressed: 1,
    });
    expect(await receive("postmark", postmarkRequest(auth, bounce("bounced@example.com")))).toMatchObject({
      duplicates: 1,
    });
    await receive("postmark", postmarkRequest(auth, bounce("soft@example.com", "SoftBounce", 43)));
    await receive(
      "postmark",
      postmarkRequest(auth, { ...bounce("spam@example.com", "SpamComplaint", 44), RecordType: "SpamComplaint" }),
    );
    await receive(
      "postmark",
      postmarkRequest(auth, {
        RecordType: "SubscriptionChange",
        MessageID: "00000000-0000-0000-0000-000000000000",
        ServerID: 23,
        MessageStream: "outbound",
        ChangedAt: "2026-12-07T03:00:00Z",
        Recipient: "unsub@example.com",
        Origin: "Recipient",
        SuppressSending: true,
        SuppressionReason: "ManualSuppression",
        Tag: "",
      }),
    );
    expect((await suppressions()).map((row) => [row.email, row.reason, row.emailMessageId])).toEqual([
      ["bounced@example.com", "HARD_BOUNCE", sent.id],
      ["spam@example.com", "COMPLAINT", null],
      ["unsub@example.com", "UNSUBSCRIBE", null],
    ]);
    expect((await events()).map((event) => event.kind).sort()).toEqual([
      "COMPLAINT",
      "HARD_BOUNCE",
      "SOFT_BOUNCE",
      "UNSUBSCRIBE",
    ]);
  });

  it("answers wrong or missing credentials with unauthorized and records nothing", async () => {
    expect(await receive("postmark", postmarkRequest("postmark:wrong", bounce("x@example.com")))).toMatchObject({
      status: "unauthorized",
    });
    expect(
      await receive("postmark", { headers: new Headers(), body: JSON.stringify(bounce("x@example.com")) }),
    ).toMatchObject({ status: "unauthorized" });
    expect(await events()).toEqual([]);
  });
});

describe("SendGrid", () => {
  const event = (overrides: Record<string, unknown>) => ({
    email: "example@example.com",
    timestamp: 1513299569,
    "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
    sg_event_id: randomUUID(),
    sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
    ...overrides,
  });

  it("verifies the ECDSA signature and reads a batch of events", async () => {
    const sent = await sentMessage("hard@example.com");
    const batch = [
      event({
        email: "hard@example.com",
        event: "bounce",
        type: "bounce",
        reason: "550 5.1.1 unknown user",
        status: "5.1.1",
        "smtp-id": `<${sent.messageId}>`,
      }),
      event({
        email: "blocked@example.com",
        event: "bounce",
        type: "blocked",
        reason: "421 try later",
        status: "4.0.0",
      }),
      event({ email: "spam@example.com", event: "spamreport" }),
      event({ email: "unsub@example.com", event: "group_unsubscribe", asm_group_id: 1 }),
      event({ email: "opened@example.com", event: "open" }),
    ];
    const request = signSendgrid(keys, batch);
    expect(await receive("sendgrid", request)).toMatchObject({ status: "recorded", recorded: 4, suppressed: 3 });
    expect(await receive("sendgrid", request)).toMatchObject({ recorded: 0, duplicates: 4 });
    expect((await suppressions()).map((row) => [row.email, row.reason, row.emailMessageId])).toEqual([
      ["hard@example.com", "HARD_BOUNCE", sent.id],
      ["spam@example.com", "COMPLAINT", null],
      ["unsub@example.com", "UNSUBSCRIBE", null],
    ]);
  });

  it("rejects a body that is not the one signed, or a signature made with another key", async () => {
    const request = signSendgrid(keys, [event({ email: "a@example.com", event: "spamreport" })]);
    expect(
      await receive("sendgrid", { ...request, body: request.body.replace("a@example", "b@example") }),
    ).toMatchObject({
      status: "unauthorized",
    });
    const otherKeys = { ...keys, sendgridPrivateKey: createMailWebhookKeysOnlyEc() };
    expect(await receive("sendgrid", signSendgrid(otherKeys, [event({ event: "spamreport" })]))).toMatchObject({
      status: "unauthorized",
    });
    expect(await events()).toEqual([]);
  });
});

const createMailWebhookKeysOnlyEc = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey;

describe("Mailgun", () => {
  const failed = (
    recipient: string,
    severity: string,
    messageId = "20130503182626.18666.16540@sandbox.mailgun.org",
  ) => ({
    event: "failed",
    id: "G9Bn5sl1TC6nu79C8C0bwg",
    timestamp: 1521233195.375624,
    "log-level": "error",
    severity,
    reason: severity === "permanent" ? "bounce" : "generic",
    recipient,
    "recipient-domain": "example.com",
    "delivery-status": {
      code: 550,
      message: "5.1.1 The email account does not exist",
      description: "",
      "attempt-no": 1,
    },
    message: {
      headers: { to: recipient, "message-id": messageId, from: "no-reply@pledgehouse.localhost", subject: "Sign in" },
    },
  });

  it("checks the HMAC and suppresses permanent failures, complaints and unsubscribes", async () => {
    const sent = await sentMessage("perm@example.com");
    const request = signMailgun(keys, failed("perm@example.com", "permanent", sent.messageId));
    expect(await receive("mailgun", request)).toMatchObject({ recorded: 1, suppressed: 1 });
    expect(await receive("mailgun", request)).toMatchObject({ recorded: 0, duplicates: 1 });
    await receive("mailgun", signMailgun(keys, failed("temp@example.com", "temporary")));
    await receive("mailgun", signMailgun(keys, { event: "complained", recipient: "spam@example.com", id: "x" }));
    await receive("mailgun", signMailgun(keys, { event: "unsubscribed", recipient: "unsub@example.com", id: "y" }));
    expect((await suppressions()).map((row) => [row.email, row.reason, row.detail, row.emailMessageId])).toEqual([
      ["perm@example.com", "HARD_BOUNCE", "5.1.1 The email account does not exist", sent.id],
      ["spam@example.com", "COMPLAINT", null, null],
      ["unsub@example.com", "UNSUBSCRIBE", null, null],
    ]);
    expect((await events()).find((event) => event.email === "temp@example.com")?.kind).toBe("SOFT_BOUNCE");
  });

  it("rejects a wrong signature", async () => {
    const request = signMailgun(keys, failed("x@example.com", "permanent"));
    const body = JSON.parse(request.body);
    body.signature.signature = "0".repeat(64);
    expect(await receive("mailgun", { ...request, body: JSON.stringify(body) })).toMatchObject({
      status: "unauthorized",
    });
    expect(await events()).toEqual([]);
  });
});

describe("Resend", () => {
  const bounced = (to: string, type = "Permanent") => ({
    type: "email.bounced",
    created_at: "2026-12-07T03:00:00.000Z",
    data: {
      created_at: "2026-12-07T02:59:58.000Z",
      email_id: "56761188-7520-42d8-8898-ff6fc54ce618",
      from: "Pledgehouse <no-reply@pledgehouse.localhost>",
      to: [to],
      subject: "Sign in",
      bounce: { message: "The recipient's email provider sent a hard bounce message.", subType: "Suppressed", type },
    },
  });

  it("verifies the svix signature and suppresses bounces and complaints", async () => {
    const request = signResend(keys, bounced("hard@example.com"));
    expect(await receive("resend", request)).toMatchObject({ recorded: 1, suppressed: 1 });
    expect(await receive("resend", request)).toMatchObject({ duplicates: 1 });
    await receive("resend", signResend(keys, { ...bounced("spam@example.com"), type: "email.complained" }));
    await receive("resend", signResend(keys, bounced("soft@example.com", "Transient")));
    expect((await suppressions()).map((row) => [row.email, row.reason])).toEqual([
      ["hard@example.com", "HARD_BOUNCE"],
      ["spam@example.com", "COMPLAINT"],
    ]);
  });

  it("rejects a wrong signature and a replayed old timestamp", async () => {
    const request = signResend(keys, bounced("x@example.com"));
    const wrong = new Headers(request.headers);
    wrong.set("svix-signature", "v1,AAAA");
    expect(await receive("resend", { ...request, headers: wrong })).toMatchObject({ status: "unauthorized" });
    const late = await receiveMailWebhook("resend", request, {
      ...webhook.config,
      now: () => Date.now() + 10 * 60_000,
    });
    expect(late).toMatchObject({ status: "unauthorized" });
    expect(await events()).toEqual([]);
  });
});

describe("POST /api/webhooks/mail/<provider>", () => {
  const post = (provider: string, request: SignedRequest) =>
    POST(
      new Request(`http://localhost/api/webhooks/mail/${provider}`, {
        method: "POST",
        headers: request.headers,
        body: request.body,
      }),
      {
        params: Promise.resolve({ provider }),
      },
    );

  it("answers 401 to an unsigned request (here: no signing key configured) and records nothing", async () => {
    const response = await post("mailgun", signMailgun(keys, { event: "complained", recipient: "x@example.com" }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "MAIL_WEBHOOK_MAILGUN_SIGNING_KEY is not set." });
    expect((await post("ses", sesNotification(keys, sesBounce("x@example.com", "m@x")))).status).toBe(401);
    expect(await events()).toEqual([]);
  });

  it("answers 404 for a provider it does not know", async () => {
    expect((await post("mailchimp", { headers: new Headers(), body: "{}" })).status).toBe(404);
  });
});
