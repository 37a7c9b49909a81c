import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TopBar } from "@/components/app-shell/top-bar";

const render = (showProjects: boolean) =>
  renderToStaticMarkup(createElement(TopBar, { user: { email: "ana@example.com" }, showProjects, signOutAction: async () => {} }));

describe("TopBar", () => {
  it("offers Projects only to people who run a project; a backer sees Your pledges alone", () => {
    const backer = render(false);
    expect(backer).not.toContain(">Projects<");
    expect(backer).toContain(">Your pledges<");
    const creator = render(true);
    // Once in the wide bar and once in the small screens' bar.
    expect(creator.match(/>Projects</g)).toHaveLength(2);
  });
});
