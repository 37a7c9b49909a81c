import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { PaymentStatusDescription } from "@/lib/pledges/describe-payment-status";
import { formatInZone } from "@/lib/projects/zoned-time";

const panelTones: Record<PaymentStatusDescription["tone"], string> = {
  green: "border-green-200 bg-green-50",
  amber: "border-amber-200 bg-amber-50",
  red: "border-red-200 bg-red-50",
  neutral: "border-slate-200 bg-slate-50",
};

/** The payment status in words: what happened and what to do next. */
export function PaymentStatusPanel({
  description,
  changedAt,
  timeZone,
}: {
  description: PaymentStatusDescription;
  changedAt: Date;
  /** The project's zone, whose calendar the date is on. */
  timeZone: string;
}) {
  const urgent = description.tone === "amber" || description.tone === "red";
  return (
    <section
      aria-labelledby="payment-status-heading"
      className={cn("rounded-lg border px-4 py-4 sm:px-5", panelTones[description.tone])}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="payment-status-heading" className="text-base font-semibold text-slate-900">
          Payment status
        </h2>
        <Badge tone={description.tone}>{description.label}</Badge>
      </div>
      <p className="mt-2 text-sm text-slate-800">{description.explanation}</p>
      {description.nextStep && (
        <p className={cn("mt-2 text-sm", urgent ? "font-semibold text-slate-900" : "text-slate-700")}>{description.nextStep}</p>
      )}
      <p className="mt-3 text-xs text-slate-500">Status since {formatInZone(changedAt, timeZone, "date")}</p>
    </section>
  );
}
