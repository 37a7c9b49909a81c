/** Pledges per hour since launch as an accessible SVG bar chart, the early-bird window highlighted. */
export function PledgesPerHourChart({
  hours,
  windowHours,
  shownHours,
}: {
  /** Pledges in each hour after launch (index = hour). */
  hours: number[];
  windowHours: number;
  /** How many hours the chart spans. */
  shownHours: number;
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
  return (
    <figure className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-3">
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${width} ${height + 18}`}
          className="h-40 w-full min-w-[36rem]"
          preserveAspectRatio="none"
        >
          <title id={titleId}>Pledges per hour since launch</title>
          <desc id={descId}>
            {`Bar chart of the first ${shown.length} hours; the first ${windowHours} hours (${inWindow} pledges) are highlighted. Busiest hour: ${shown.indexOf(Math.max(...shown))} with ${Math.max(...shown)} pledges.`}
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
          <text
            x={Math.max(2, windowX - 4)}
            y={height + 14}
            textAnchor={windowX > 40 ? "end" : "start"}
            className="fill-slate-700 text-[11px]"
          >
            {windowHours} h
          </text>
          <text x={2} y={height + 14} className="fill-slate-500 text-[11px]">
            launch
          </text>
        </svg>
      </div>
      <figcaption className="text-xs text-slate-500">
        Each bar is one hour after launch; highlighted bars fall inside the early-bird window.
      </figcaption>
    </figure>
  );
}
