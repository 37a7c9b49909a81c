type ImportProgressProps = {
  label: string;
  detail?: string;
  /** 0–1, or null while the server works without reporting how far it is. */
  value: number | null;
};

/** A labelled progress bar; indeterminate (a moving stripe) while the amount of work is unknown. */
export function ImportProgress({ label, detail, value }: ImportProgressProps) {
  const percent = value === null ? null : Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="space-y-2" aria-live="polite">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <p className="font-medium text-slate-900">{label}</p>
        {percent !== null && <p className="text-slate-600 tabular-nums">{percent}%</p>}
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? "Working…" : `${percent}%`}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        {percent === null ? (
          <div className="import-progress-stripe h-full w-1/3 rounded-full bg-indigo-600" />
        ) : (
          <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
        )}
      </div>
      {detail && <p className="text-sm text-slate-600">{detail}</p>}
      <style>{`@keyframes import-progress { 0% { transform: translateX(-100%); } 100% { transform: translateX(300%); } }
.import-progress-stripe { animation: import-progress 1.2s ease-in-out infinite; }
@media (prefers-reduced-motion: reduce) { .import-progress-stripe { animation: none; width: 100%; opacity: 0.5; } }`}</style>
    </div>
  );
}
