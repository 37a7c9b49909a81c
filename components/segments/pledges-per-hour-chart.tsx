import { formatCount } from "@/components/ui/format";

/** Pledges per hour since launch as an accessible SVG bar chart, the early-bird window highlighted. */
export function PledgesPerHourChart({
  hours,
  windowHours,
  shownHours,
  launchLabel,
  windowEndLabel,
}: {
  /** Pledges in each hour after launch (index = hour). */
  hours: number[];
  windowHours: number;
  /** How many hours the chart spans. */
  shownHours: number;
  /** The launch moment on the project's clock, with the zone ("Mar 14, 2026, 14:00 PDT"). */
  launchLabel?: string;
  /** The window's end, likewise. */
  windowEndLabel?: string;
}) {
  const shown = hours.slice(0, shownHours);
  const max = Math.max(1, ...shown);
  const barWidth = 6;
  const gap = 1;
  const height = 120;
  const width = shown.length * (barWidth + gap);
  const windowX = Math.min(windowHours, shown.length) * (barWidth + gap);
  const titleId = "pledges-per-hour-title";
  const descId = "pledges-per-hour-desc";
  const inWindow = shown.slice(0, windowHours).reduce((a, b) => a + b, 0);
  // Counted from 1, as the text beside the chart says it ("hour 1 after launch").
  const busiest = shown.reduce((best, n, hour) => (n > shown[best] ? hour : best), 0);
  const windowPercent = width === 0 ? 0 : (windowX / width) * 100;
  return (
    <figure className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3">
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${width} ${height}`}
          className="h-40 w-full min-w-[36rem]"
          preserveAspectRatio="none"
        >
          <title id={titleId}>Pledges per hour since launch</title>
          <desc id={descId}>
            {`${launchLabel ? `Launch: ${launchLabel}. ` : ""}${windowEndLabel ? `The window ends ${windowEndLabel}. ` : ""}Bar chart of the first ${formatCount(shown.length, "hour")}; highlighted: the first ${formatCount(windowHours, "hour")} (${formatCount(inWindow, "pledge")}). Busiest hour: hour ${busiest + 1} after launch, with ${formatCount(shown[busiest] ?? 0, "pledge")}.`}
          </desc>
          <rect x={0} y={0} width={windowX} height={height} className="fill-indigo-50" />
          {shown.map((n, hour) => {
            const h = n === 0 ? 0 : Math.max(1.5, (n / max) * (height - 6));
            return (
              <rect
                key={hour}
                x={hour * (barWidth + gap)}
                y={height - h}
                width={barWidth}
                height={h}
                className={hour < windowHours ? "fill-indigo-600" : "fill-slate-300"}
              />
            );
          })}
          <line
            x1={windowX}
            x2={windowX}
            y1={0}
            y2={height}
            className="stroke-indigo-900"
            strokeWidth={1.5}
            strokeDasharray="4 3"
          />
        </svg>
        {/* Labels in HTML, not SVG text: the chart stretches to its box, and SVG text would stretch with it. */}
        <div className="relative h-5 min-w-[36rem] text-[11px]" aria-hidden="true">
          <span className="absolute left-0 top-1 text-slate-500">launch{launchLabel ? ` · ${launchLabel}` : ""}</span>
          {windowHours > 0 && (
            <span
              className="absolute top-1 text-slate-700"
              style={
                windowPercent > 12
                  ? { right: `${100 - windowPercent}%`, paddingRight: 4 }
                  : { left: `${windowPercent}%`, paddingLeft: 4 }
              }
            >
              {windowHours} h{windowEndLabel ? ` · ${windowEndLabel}` : ""}
            </span>
          )}
        </div>
      </div>
      <figcaption className="text-xs text-slate-500">
        Each bar is one hour after launch; highlighted bars fall inside the early-bird window.
      </figcaption>
    </figure>
  );
}
