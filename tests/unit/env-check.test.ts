import { describe, expect, it } from "vitest";
import { checkEnvironment, describeEnvironmentProblems } from "@/lib/env";

const good = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://app:pw@db:5432/pledgehouse",
  APP_URL: "https://pledges.example.com",
  AUTH_SECRET: "0123456789abcdef0123456789abcdef0123456789abcdef",
  MAIL_FROM: "Pledgehouse <no-reply@pledges.example.com>",
  SMTP_URL: "smtps://user:pw@smtp.example.com:465",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  const result = checkEnvironment(source);
  return result.ok ? [] : result.problems;
}

describe("checkEnvironment", () => {
  it("accepts a complete production configuration and parses its numbers", () => {
    const result = checkEnvironment({ ...good, TRUSTED_PROXY_HOPS: "2", DATABASE_POOL_SIZE: "25" });
    expect(result.ok && result.env.TRUSTED_PROXY_HOPS).toBe(2);
    expect(result.ok && result.env.DATABASE_POOL_SIZE).toBe(25);
  });

  it("reads WORKER_NICE as a niceness from 0 (off) to 19, 10 when unset or empty, and refuses anything else by name", () => {
    const nice = (value: string | undefined) => {
      const result = checkEnvironment({ ...good, WORKER_NICE: value });
      return result.ok ? result.env.WORKER_NICE : result.problems;
    };
    expect([nice(undefined), nice(""), nice("0"), nice("7"), nice("19")]).toEqual([10, 10, 0, 7, 19]);
    for (const wrong of ["-5", "20", "high", "1.5", " 3"]) {
      expect(nice(wrong)).toEqual([
        "WORKER_NICE: must be a whole number from 0 (the worker keeps normal priority) to 19 (lowest priority); unset means 10",
      ]);
    }
  });

  it("reads DATABASE_PARALLEL_WORKERS_PER_QUERY as 0 when unset and refuses a negative or fractional count by name", () => {
    const workers = (value: string | undefined) => {
      const result = checkEnvironment({ ...good, DATABASE_PARALLEL_WORKERS_PER_QUERY: value });
      return result.ok ? result.env.DATABASE_PARALLEL_WORKERS_PER_QUERY : result.problems.map((problem) => problem.split(":")[0]);
    };
    expect([workers(undefined), workers("0"), workers("2")]).toEqual([0, 0, 2]);
    for (const wrong of ["-1", "1.5", "many", "99"]) expect(workers(wrong)).toEqual(["DATABASE_PARALLEL_WORKERS_PER_QUERY"]);
  });

  it("names every missing production variable at once", () => {
    const problems = problemsOf({ NODE_ENV: "production" });
    expect(problems.map((problem) => problem.split(":")[0])).toEqual(["DATABASE_URL", "APP_URL", "AUTH_SECRET", "MAIL_FROM", "SMTP_URL"]);
    const message = describeEnvironmentProblems(problems);
    expect(message).toContain("5 environment variables are missing or invalid");
    expect(message).toContain("openssl rand -hex 32");
  });

  it("names invalid values and missing ones in the same message", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      APP_URL: "pledges.example.com",
      AUTH_SECRET: "short",
      MAIL_FROM: "Pledgehouse <no-reply@pledgehouse.localhost>",
      ENABLE_DEV_MAILBOX: "1",
      TRUSTED_PROXY_HOPS: "-1",
    });
    const names = problems.map((problem) => problem.split(":")[0]).sort();
    expect(names).toEqual(["APP_URL", "AUTH_SECRET", "DATABASE_URL", "ENABLE_DEV_MAILBOX", "MAIL_FROM", "SMTP_URL", "TRUSTED_PROXY_HOPS"]);
    expect(problems.find((problem) => problem.startsWith("APP_URL"))).toContain("absolute http:// or https:// URL");
  });

  it("refuses the secrets published in this repository", () => {
    for (const secret of ["pledgehouse-development-secret-do-not-use-in-production", "e2e-secret-e2e-secret-e2e-secret-e2e-secret", "x".repeat(32)]) {
      expect(problemsOf({ ...good, AUTH_SECRET: secret })).toEqual([
        "AUTH_SECRET: is a published development value; generate your own with openssl rand -hex 32",
      ]);
    }
  });

  it("refuses the dev mailbox in production, except for a local run on a loopback APP_URL", () => {
    expect(problemsOf({ ...good, ENABLE_DEV_MAILBOX: "1" })).toEqual([
      "ENABLE_DEV_MAILBOX: shows every sign-in link to its visitors; it is refused in production",
    ]);
    // A local production-mode run (the e2e stage) captures mail instead of sending it.
    expect(problemsOf({ ...good, APP_URL: "http://localhost:3100", ENABLE_DEV_MAILBOX: "1", SMTP_URL: undefined })).toEqual([]);
    expect(problemsOf({ ...good, APP_URL: "http://localhost:3100", SMTP_URL: undefined })).toEqual([
      "SMTP_URL: missing (smtp://user:password@smtp.example.com:587 or smtps://…:465)",
    ]);
  });

  it("keeps development's defaults and skips the production checks while next build runs", () => {
    const development = checkEnvironment({ NODE_ENV: "development" });
    expect(development.ok && development.env.APP_URL).toBe("http://localhost:3000");
    expect(development.ok && development.env.MAIL_FROM).toContain("pledgehouse.localhost");
    expect(checkEnvironment({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).ok).toBe(true);
  });
});
