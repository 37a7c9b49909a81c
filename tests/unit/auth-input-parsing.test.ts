import { describe, expect, it } from "vitest";
import { z } from "zod";
import { actionInput } from "@/lib/actions/action-input";
import { fieldErrorsFromZod } from "@/lib/actions/field-errors-from-zod";
import { clientIpFromForwardedFor } from "@/lib/auth/client-ip";
import { safeReturnPath } from "@/lib/auth/safe-return-path";
import { SignInSchema } from "@/lib/auth/sign-in-schema";
import { CreateProjectSchema } from "@/lib/projects/create-project-schema";

describe("safeReturnPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeReturnPath("/projects/abc/backers?status=FAILED#top")).toBe("/projects/abc/backers?status=FAILED#top");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "projects",
    "",
    "/a\nb",
    42,
  ])("refuses %j", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });
});

describe("SignInSchema", () => {
  it("normalises the address and drops an unsafe return path", () => {
    expect(SignInSchema.parse({ email: "  Ana@Example.COM ", next: "https://evil.example" })).toEqual({
      email: "ana@example.com",
    });
  });

  it("says what is wrong with a bad address", () => {
    const empty = SignInSchema.safeParse({ email: "   " });
    const bad = SignInSchema.safeParse({ email: "ana@" });
    expect(empty.success ? null : fieldErrorsFromZod(empty.error).fieldErrors).toEqual({
      email: ["Enter your email address."],
    });
    expect(bad.success ? null : fieldErrorsFromZod(bad.error).message).toBe(
      "Enter a valid email address, such as you@example.com.",
    );
  });
});

describe("fieldErrorsFromZod", () => {
  it("keys messages by dot path and summarises several fields", () => {
    const schema = z.object({
      a: z.string().min(2, "A is short."),
      b: z.object({ c: z.number("C must be a number.") }),
    });
    const result = schema.safeParse({ a: "x", b: { c: "y" } });
    expect(result.success ? null : fieldErrorsFromZod(result.error)).toEqual({
      message: "2 fields need attention: see the messages next to them.",
      fieldErrors: { a: ["A is short."], "b.c": ["C must be a number."] },
    });
  });

  it("prefers a form-level message", () => {
    const schema = z.object({ a: z.string() }).refine(() => false, "The whole form is wrong.");
    const result = schema.safeParse({ a: "x" });
    expect(result.success ? null : fieldErrorsFromZod(result.error).message).toBe("The whole form is wrong.");
  });
});

describe("actionInput", () => {
  it("reads objects, FormData and useActionState's (previous, formData)", () => {
    const form = new FormData();
    form.set("name", "Lanterns");
    form.append("tag", "a");
    form.append("tag", "b");
    form.set("$ACTION_REF_1", "");
    expect(actionInput([{ name: "x" }])).toEqual({ name: "x" });
    expect(actionInput([form])).toEqual({ name: "Lanterns", tag: ["a", "b"] });
    expect(actionInput([null, form])).toEqual({ name: "Lanterns", tag: ["a", "b"] });
  });
});

describe("CreateProjectSchema", () => {
  const valid = { name: "Lanterns", platform: "KICKSTARTER", currency: "usd", launchedAt: "", endedAt: "" };

  it("accepts empty optional dates and upper-cases the currency", () => {
    // No time zone given: the campaign's clock is UTC, and empty dates mean "not known yet".
    expect(CreateProjectSchema.parse(valid)).toEqual({
      name: "Lanterns",
      platform: "KICKSTARTER",
      currency: "USD",
      timeZone: "UTC",
      launchedAt: null,
      endedAt: null,
    });
  });

  it("gives a specific message for each bad field", () => {
    const result = CreateProjectSchema.safeParse({
      ...valid,
      name: " ",
      platform: "MYSPACE",
      currency: "XYZW",
      launchedAt: "2026-13-45",
    });
    expect(result.success ? null : fieldErrorsFromZod(result.error).fieldErrors).toEqual({
      name: ["Enter a project name."],
      platform: ["Choose the platform the campaign ran on."],
      currency: ["Use a three-letter ISO currency code such as USD or EUR."],
      launchedAt: ["Launch date is not a real date."],
    });
  });

  it("refuses days the month does not have", () => {
    const result = CreateProjectSchema.safeParse({ ...valid, endedAt: "2026-02-31" });
    expect(result.success ? null : fieldErrorsFromZod(result.error).fieldErrors).toEqual({
      endedAt: ["End date is not a real date."],
    });
  });

  it("refuses an end before the launch", () => {
    const result = CreateProjectSchema.safeParse({ ...valid, launchedAt: "2026-03-10", endedAt: "2026-03-01" });
    expect(result.success ? null : fieldErrorsFromZod(result.error).fieldErrors).toEqual({
      endedAt: ["The end must be on or after the launch."],
    });
  });
});

describe("clientIpFromForwardedFor", () => {
  it("takes the entry the nearest proxy added", () => {
    expect(clientIpFromForwardedFor("1.2.3.4")).toBe("1.2.3.4");
    expect(clientIpFromForwardedFor("6.6.6.6, 1.2.3.4 ")).toBe("1.2.3.4");
    expect(clientIpFromForwardedFor(" , ")).toBeNull();
    expect(clientIpFromForwardedFor(null)).toBeNull();
  });
});
