import type { TrackingApplyProgress } from "./tracking-upload-types";

type Step = Extract<TrackingApplyProgress, { type: "progress" }>["step"];

const STEPS: Record<Step, { label: string; from: number; to: number }> = {
  reading: { label: "Reading the file", from: 0, to: 5 },
  matching: { label: "Matching rows to backers", from: 5, to: 35 },
  shipments: { label: "Saving tracking numbers and queueing emails", from: 35, to: 75 },
  emails: { label: "Queueing emails to backers", from: 75, to: 95 },
  saving: { label: "Finishing", from: 95, to: 99 },
};

/** A tracking apply's progress as the creator sees it: the step's words and the whole job's percentage. */
export function trackingApplyProgressStep(progress: Extract<TrackingApplyProgress, { type: "progress" }>): { step: string; percent: number } {
  const step = STEPS[progress.step];
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  return { step: step.label, percent: Math.floor(step.from + (step.to - step.from) * fraction) };
}
