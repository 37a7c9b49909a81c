import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { TruckIcon } from "@/components/ui/icons";
import { formatInZone } from "@/lib/projects/zoned-time";
import { listPledgeShipments, type PledgeShipment } from "@/lib/tracking/list-pledge-shipments";

function Package({ shipment, index, count, timeZone }: { shipment: PledgeShipment; index: number; count: number; timeZone: string }) {
  const label = shipment.packageLabel ?? (count > 1 ? `Package ${index + 1} of ${count}` : null);
  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between">
      <div className="flex min-w-0 gap-3">
        <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-indigo-600">
          <TruckIcon className="size-5" />
        </div>
        <div className="min-w-0">
          <p className="font-medium text-slate-900">Your reward has been shipped</p>
          {label && <p className="text-xs text-slate-500">{label}</p>}
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">Carrier</dt>
            <dd className="text-slate-900">{shipment.carrier ?? "Not specified"}</dd>
            <dt className="col-span-2 text-slate-500 sm:col-span-1">Tracking number</dt>
            {/* Its own full-width line on a phone, so a 22-to-34-character number is not broken in two. */}
            <dd className="col-span-2 font-mono break-all text-slate-900 sm:col-span-1" data-testid="tracking-number">
              {shipment.trackingNumber}
            </dd>
            <dt className="text-slate-500">Shipped</dt>
            <dd className="text-slate-900">{formatInZone(shipment.shippedAt, timeZone, "date")}</dd>
          </dl>
        </div>
      </div>
      {shipment.trackingUrl && (
        <a
          href={shipment.trackingUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex shrink-0 items-center justify-center gap-1.5 self-start rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Track shipment
          <span className="sr-only"> {shipment.trackingNumber} (opens the carrier&apos;s site)</span>
        </a>
      )}
    </li>
  );
}

/**
 * The packages of a pledge on its Backing details tab: "Your reward has been shipped" with the
 * carrier, tracking number, a Track shipment link and the ship date. A replaced number is hidden
 * from the backer; a project member (`viewer` "member") also sees the replaced ones, as history.
 * The page has authorised the viewer.
 */
export async function ShipmentsSection({
  pledgeId,
  viewer,
  timeZone,
}: {
  pledgeId: string;
  viewer: "backer" | "member";
  /** The project's zone: dates are on its calendar. */
  timeZone: string;
}) {
  const all = await listPledgeShipments(pledgeId, { includeSuperseded: viewer === "member" });
  const current = all.filter((shipment) => shipment.supersededAt === null);
  const replaced = all.filter((shipment) => shipment.supersededAt !== null).reverse();
  if (all.length === 0) return null;

  return (
    <Card title={current.length > 1 ? "Shipments" : "Shipment"}>
      {current.length > 0 ? (
        <ul className="divide-y divide-slate-100">
          {current.map((shipment, index) => (
            <Package key={shipment.id} shipment={shipment} index={index} count={current.length} timeZone={timeZone} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No current tracking number: every number below was replaced.</p>
      )}
      {viewer === "member" && replaced.length > 0 && (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">
            Replaced tracking numbers{" "}
            <span className="font-normal text-slate-500">(only the project team sees these)</span>
          </h3>
          <ul className="mt-2 space-y-2 text-sm">
            {replaced.map((shipment) => (
              <li key={shipment.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-slate-600">
                <span className="font-mono text-slate-700 line-through decoration-slate-400">
                  {shipment.trackingNumber}
                </span>
                {shipment.carrier && <span>{shipment.carrier}</span>}
                <Badge>Replaced {formatInZone(shipment.supersededAt!, timeZone)}</Badge>
                <span className="text-xs text-slate-500">shipped {formatInZone(shipment.shippedAt, timeZone, "date")}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
