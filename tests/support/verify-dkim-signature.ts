import { createHash, createVerify } from "node:crypto";

export type DkimVerification =
  { ok: true; domain: string; selector: string; signedHeaders: string[] } | { ok: false; reason: string };

type HeaderField = { name: string; raw: string };

/** Header fields as received: name and the whole field, folded lines included, without the final CRLF. */
function splitHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split("\r\n")) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1].raw += `\r\n${line}`;
    else fields.push({ name: line.slice(0, line.indexOf(":")).trim().toLowerCase(), raw: line });
  }
  return fields;
}

/** RFC 6376 3.4.2: lower-case name, unfolded, runs of whitespace as one space, none around the colon or at the end. */
function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(":");
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${name}:${value}`;
}

/** RFC 6376 3.4.4: whitespace runs as one space, none at line ends, no empty lines at the end. */
function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
}

/**
 * Verifies the DKIM-Signature of a message as received (RFC 6376, rsa-sha256, relaxed/relaxed: what
 * nodemailer signs) against a public key, the way a receiving provider does after fetching the key
 * from DNS. Written here rather than taken from the signer so a test checks the signer independently.
 */
export function verifyDkimSignature(rawMessage: string, publicKeyPem: string): DkimVerification {
  const end = rawMessage.indexOf("\r\n\r\n");
  if (end < 0) return { ok: false, reason: "no end of headers" };
  const fields = splitHeaderFields(rawMessage.slice(0, end));
  const body = rawMessage.slice(end + 4);
  const signature = fields.find((field) => field.name === "dkim-signature");
  if (!signature) return { ok: false, reason: "no DKIM-Signature" };

  const tags = new Map<string, string>();
  for (const part of relaxedHeader(signature.raw).slice("dkim-signature:".length).split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) tags.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  if (tags.get("a") !== "rsa-sha256") return { ok: false, reason: `algorithm ${tags.get("a")}` };
  if (tags.get("c") !== "relaxed/relaxed") return { ok: false, reason: `canonicalization ${tags.get("c")}` };

  const bodyHash = createHash("sha256").update(relaxedBody(body), "latin1").digest("base64");
  if (bodyHash !== tags.get("bh")) return { ok: false, reason: "body hash does not match" };

  // Each name in h= takes the last not yet used field of that name (RFC 6376 5.4.2).
  const signedHeaders = (tags.get("h") ?? "").split(":").map((name) => name.trim().toLowerCase());
  const used = new Set<HeaderField>();
  let data = "";
  for (const name of signedHeaders) {
    const field = fields.findLast((candidate) => candidate.name === name && !used.has(candidate));
    if (!field) continue;
    used.add(field);
    data += `${relaxedHeader(field.raw)}\r\n`;
  }
  // The signature field itself, last and with its b= value emptied.
  data += relaxedHeader(signature.raw).replace(/(:|;\s*)b=[^;]*/, "$1b=");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(data, "latin1");
  if (!verifier.verify(publicKeyPem, tags.get("b") ?? "", "base64"))
    return { ok: false, reason: "signature does not match" };
  return { ok: true, domain: tags.get("d") ?? "", selector: tags.get("s") ?? "", signedHeaders };
}
