import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PledgesPerHourChart } from "@/components/segments/pledges-per-hour-chart";

describe("PledgesPerHourChart", () => {
  const html = renderToStaticMarkup(
    createElement(PledgesPerHourChart, { hours: [4, 2, 9, 1, 0, 3], windowHours: 2, shownHours: 6 }),
  );

  it("names the busiest hour the way the text beside it does (counted from 1)", () => {
    expect(html).toContain("Busiest hour: hour 3 after launch, with 9 pledges.");
  });

  it("counts in words that fit one pledge or one hour", () => {
    const quiet = renderToStaticMarkup(
      createElement(PledgesPerHourChart, { hours: [0, 1, 0], windowHours: 1, shownHours: 3 }),
    );
    expect(quiet).toContain(
      "Bar chart of the first 3 hours; highlighted: the first 1 hour (0 pledges). Busiest hour: hour 2 after launch, with 1 pledge.",
    );
  });

  it("keeps its labels out of the stretched SVG, so they are not distorted", () => {
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    expect(svg).not.toContain("<text");
    expect(html).toContain(">launch</span>");
    expect(html).toMatch(/>2 h<\/span>/);
  });

  it("marks the launch and the window's end with their times on the project's clock", () => {
    const marked = renderToStaticMarkup(
      createElement(PledgesPerHourChart, {
        hours: [4, 2, 9, 1, 0, 3],
        windowHours: 2,
        shownHours: 6,
        launchLabel: "Mar 14, 2026, 14:00 PDT",
        windowEndLabel: "Mar 14, 2026, 16:00 PDT",
      }),
    );
    expect(marked).toContain(">launch · Mar 14, 2026, 14:00 PDT</span>");
    expect(marked).toMatch(/>2 h · Mar 14, 2026, 16:00 PDT<\/span>/);
    expect(marked).toContain("Launch: Mar 14, 2026, 14:00 PDT. The window ends Mar 14, 2026, 16:00 PDT.");
  });
});
