import { describe, expect, it } from "vitest";
import { normalizeEmailProps } from "@/lib/mail/render-email";

// The rule normalizeEmailProps implements, without its shortcut for values that need nothing.
const reference = (value: string) =>
  value
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, "")
    .replace(/[ \t\r\n\f\u200b]+/g, " ")
    .trim();

describe("normalizeEmailProps", () => {
  it("matches the full rule on random values built from troublesome characters", () => {
    const alphabet = [
      "a",
      "Z",
      "é",
      " ",
      "  ",
      "\t",
      "\n",
      "\r",
      "\f",
      "\u000b",
      "\u0000",
      "\u001f",
      "\u007f",
      "\u200b",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "📦",
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5000; i++) {
      const value = Array.from(
        { length: Math.floor(random() * 8) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      expect(normalizeEmailProps({ value }).value, JSON.stringify(value)).toBe(reference(value));
    }
  });

  it("returns the same object when nothing needs changing, and a copy otherwise", () => {
    const clean = { name: "Ada Lovelace", items: 3 };
    expect(normalizeEmailProps(clean)).toBe(clean);
    const messy = { name: " Ada \n Lovelace", items: 3 };
    expect(normalizeEmailProps(messy)).toEqual({ name: "Ada Lovelace", items: 3 });
    expect(messy.name).toBe(" Ada \n Lovelace");
  });
});
