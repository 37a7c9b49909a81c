import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatInZone } from "@/lib/projects/zoned-time";
import type { PledgeShipment } from "@/lib/tracking/list-pledge-shipments";

/** A backer's tracking numbers for the project team: current ones, and replaced ones as history. */
export function TrackingHistory({ shipments, timeZone }: { shipments: PledgeShipment[]; timeZone: string }) {
  return (
    <Card title="Tracking history">
      {shipments.length === 0 ? (
        <p className="text-sm text-slate-600">No tracking number yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Tracking history">
          {[...shipments].reverse().map((shipment) => (
            <li key={shipment.id} className="text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`font-mono break-all ${shipment.supersededAt ? "text-slate-500 line-through" : "text-slate-900"}`}>
                  {shipment.trackingNumber}
                </span>
                {shipment.supersededAt ? <Badge>Replaced</Badge> : <Badge tone="green">Current</Badge>}
              </div>
              <p className="text-slate-500">
                {shipment.carrier ?? "Carrier not specified"} · added {formatInZone(shipment.shippedAt, timeZone)}
                {shipment.notifiedAt ? " · backer emailed" : ""}
                {shipment.supersededAt ? ` · replaced ${formatInZone(shipment.supersededAt, timeZone)}` : ""}
              </p>
              {shipment.trackingUrl && !shipment.supersededAt && (
                <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline-offset-2 hover:underline">
                  Track shipment
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
