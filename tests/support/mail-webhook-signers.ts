import { execFileSync } from "node:child_process";
import { createHmac, createSign, generateKeyPairSync, randomBytes, randomUUID, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MailWebhookConfig } from "@/lib/mail/webhooks/mail-webhook-config";

/**
 * Keys the tests generate for every provider's webhook, and signers that sign payloads exactly as
 * each provider documents: SNS with an RSA certificate made here (served by the injected
 * certificate fetch), SendGrid with an ECDSA P-256 key, Mailgun and Resend with HMAC secrets,
 * Postmark with basic auth credentials.
 */
export function createMailWebhookKeys() {
  const dir = mkdtempSync(path.join(tmpdir(), "sns-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=sns.test.amazonaws.com",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const snsKey = readFileSync(path.join(dir, "key.pem"), "utf8");
    const snsCertificate = readFileSync(path.join(dir, "cert.pem"), "utf8");
    const sendgrid = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const keys = {
      snsKey,
      snsCertificate,
      snsCertUrl: "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem",
      topicArn: "arn:aws:sns:eu-west-1:123456789012:pledgehouse-ses-feedback",
      sendgridPrivateKey: sendgrid.privateKey,
      sendgridPublicKey: sendgrid.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
      mailgunSigningKey: randomBytes(16).toString("hex"),
      resendSecret: `whsec_${randomBytes(24).toString("base64")}`,
      postmarkCredentials: "postmark:" + randomBytes(8).toString("hex"),
    };
    return keys;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type MailWebhookKeys = ReturnType<typeof createMailWebhookKeys>;

/** The configuration the tests receive webhooks with; `fetched` and `confirmed` record the SNS calls. */
export function testMailWebhookConfig(keys: MailWebhookKeys) {
  const fetched: string[] = [];
  const confirmed: string[] = [];
  const config: MailWebhookConfig = {
    ses: {
      topicArns: [keys.topicArn],
      async fetchCertificate(url) {
        fetched.push(url);
        if (url !== keys.snsCertUrl) throw new Error(`${url} is not the test certificate.`);
        return keys.snsCertificate;
      },
      async confirmSubscription(url) {
        confirmed.push(url);
      },
    },
    postmark: { credentials: keys.postmarkCredentials },
    sendgrid: { publicKey: keys.sendgridPublicKey },
    mailgun: { signingKey: keys.mailgunSigningKey },
    resend: { secret: keys.resendSecret },
  };
  return { config, fetched, confirmed };
}

export type SignedRequest = { headers: Headers; body: string };

/** An SNS message as SNS posts it: the fields, the canonical string signed with SHA256 (version 2). */
export function signSnsMessage(keys: MailWebhookKeys, fields: Record<string, string>, version: "1" | "2" = "2") {
  const order =
    fields.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const canonical = order
    .filter((name) => fields[name] !== undefined)
    .map((name) => `${name}\n${fields[name]}\n`)
    .join("");
  const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
  signer.update(canonical);
  const message = {
    ...fields,
    SignatureVersion: version,
    Signature: signer.sign(keys.snsKey, "base64"),
    SigningCertURL: keys.snsCertUrl,
  };
  return { headers: new Headers({ "x-amz-sns-message-type": fields.Type }), body: JSON.stringify(message) };
}

/** An SNS Notification carrying an SES notification (the shape of SES's feedback notifications). */
export function sesNotification(keys: MailWebhookKeys, ses: Record<string, unknown>, messageId = randomUUID()) {
  return signSnsMessage(keys, {
    Type: "Notification",
    MessageId: messageId,
    TopicArn: keys.topicArn,
    Message: JSON.stringify(ses),
    Timestamp: new Date().toISOString(),
  });
}

export function signSendgrid(keys: MailWebhookKeys, events: unknown[]): SignedRequest {
  const body = JSON.stringify(events);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign("sha256", Buffer.from(timestamp + body), keys.sendgridPrivateKey).toString("base64");
  return {
    headers: new Headers({
      "content-type": "application/json",
      "x-twilio-email-event-webhook-signature": signature,
      "x-twilio-email-event-webhook-timestamp": timestamp,
    }),
    body,
  };
}

export function signMailgun(
  keys: MailWebhookKeys,
  eventData: Record<string, unknown>,
  token = randomBytes(25).toString("hex"),
) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", keys.mailgunSigningKey)
    .update(timestamp + token)
    .digest("hex");
  return {
    headers: new Headers({ "content-type": "application/json" }),
    body: JSON.stringify({ signature: { timestamp, token, signature }, "event-data": eventData }),
  };
}

export function signResend(keys: MailWebhookKeys, event: Record<string, unknown>, id = `msg_${randomUUID()}`) {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Buffer.from(keys.resendSecret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    headers: new Headers({
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": timestamp,
      "svix-signature": `v1,${signature}`,
    }),
    body,
  };
}

export function postmarkRequest(credentials: string, record: Record<string, unknown>): SignedRequest {
  return {
    headers: new Headers({
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
    }),
    body: JSON.stringify(record),
  };
}
