import type { ReactNode } from "react";

/**
 * The progress of an upload or of the work after it, announced politely: the label with the
 * percentage when it is known (`fraction` from 0 to 1), else a pulsing bar while the server works.
 */
export function UploadProgress({ label, fraction, children }: { label: string; fraction: number | null; children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite" className="space-y-1.5">
      <p className="text-sm font-medium text-slate-700">
        {label}
        {fraction !== null && ` — ${Math.round(fraction * 100)}%`}…
      </p>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100">
        <div
          className={`h-full rounded-full bg-indigo-600 transition-[width] ${fraction === null ? "w-1/3 animate-pulse" : ""}`}
          style={fraction === null ? undefined : { width: `${Math.max(3, fraction * 100)}%` }}
        />
      </div>
      {children}
    </div>
  );
}
