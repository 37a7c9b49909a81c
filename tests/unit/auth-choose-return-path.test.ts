import { describe, expect, it } from "vitest";
import { chooseReturnPath } from "@/lib/auth/choose-return-path";

const project = "/projects/2f0c6f1e-8a4f-4b8e-9a51-0d6c1f1f7f10";

describe("the page a signed-out visitor returns to after sign-in", () => {
  it("is the deep page they asked for, with its query, inside the guarded project", () => {
    expect(chooseReturnPath(`${project}/segments`, project)).toBe(`${project}/segments`);
    expect(chooseReturnPath(`${project}/backers?status=ERRORED&sort=amount`, project)).toBe(
      `${project}/backers?status=ERRORED&sort=amount`,
    );
    expect(chooseReturnPath(project, project)).toBe(project);
  });

  it("falls back to the guarded scope when nothing (or nothing usable) was passed", () => {
    expect(chooseReturnPath(null, project)).toBe(project);
    expect(chooseReturnPath(undefined, project)).toBe(project);
    expect(chooseReturnPath("", project)).toBe(project);
  });

  it("never leaves the scope or the site, whatever a client puts in the header", () => {
    for (const hostile of [
      "https://evil.example/phish",
      "//evil.example/phish",
      "/\\evil.example",
      `${project}-other/backers`,
      "/projects/00000000-0000-4000-8000-000000000000/backers",
      "/pledges",
      `${project}/../../admin`,
    ]) {
      expect(chooseReturnPath(hostile, project), hostile).toBe(project);
    }
  });
});
