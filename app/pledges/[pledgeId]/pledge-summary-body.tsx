import Link from "next/link";
import { PaymentStatusPanel } from "@/components/pledge-summary/payment-status-panel";
import { PledgeItemsList } from "@/components/pledge-summary/pledge-items-list";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";
import { describePaymentStatus } from "@/lib/pledges/describe-payment-status";
import { getPledgeSummaryOrThrow } from "@/lib/pledges/get-pledge-summary";
import { formatInZone } from "@/lib/projects/zoned-time";

const KIND_LABELS = { PHYSICAL: "Physical reward", DIGITAL: "Digital reward", NO_REWARD: "No reward" } as const;

function Row({ label, children, strong }: { label: string; children: React.ReactNode; strong?: boolean }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className={strong ? "text-base font-semibold text-slate-900 tabular-nums" : "text-right text-sm text-slate-900 tabular-nums"}>
        {children}
      </dd>
    </div>
  );
}

/**
 * The Summary tab of a pledge: payment status, reward and items, totals, shipping address. Shown
 * at /pledges/<id> to its backer and on the backer's page in the project to its members; `base`
 * is where its tabs live.
 */
export async function PledgeSummaryBody({ pledgeId, base }: { pledgeId: string; base: string }) {
  const { pledge: viewable } = await loadPledgePage(pledgeId);
  const viewer = viewable.viewerIsMember ? "member" : "backer";
  const pledge = await getPledgeSummaryOrThrow(viewable.id, viewer);
  const money = (amount: number) => formatMoney(amount, pledge.project.currency);
  const rewardAmount = pledge.amount - pledge.shippingAmount - pledge.bonusAmount;
  const level = pledge.pledgeLevel;
  const showAddress = pledge.shippingAddress !== null || level?.collectsShippingAddress === true;

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <PaymentStatusPanel
          description={describePaymentStatus(pledge.status, pledge.project.platform, viewer)}
          changedAt={pledge.statusChangedAt}
          timeZone={pledge.project.timeZone}
        />
        <Card title="Reward" aria-label="Reward">
          <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
            <div>
              <p className="text-lg font-semibold text-slate-900">{level?.name ?? "No reward"}</p>
              {level && <p className="text-sm text-slate-500">{KIND_LABELS[level.kind]}</p>}
            </div>
            {level && level.price > 0 && <p className="text-sm text-slate-600 tabular-nums">Tier price {money(level.price)}</p>}
          </div>
          <PledgeItemsList items={pledge.items} currency={pledge.project.currency} level={level} viewer={viewer} />
        </Card>
      </div>

      <div className="space-y-6">
        <Card title="Summary" aria-label="Summary">
          <dl className="divide-y divide-slate-100">
            <Row label="Reward and add-ons">{money(rewardAmount)}</Row>
            <Row label="Shipping">{money(pledge.shippingAmount)}</Row>
            {pledge.bonusAmount > 0 && <Row label="Bonus support">{money(pledge.bonusAmount)}</Row>}
            <Row label="Total pledged" strong>
              {money(pledge.amount)}
            </Row>
            {pledge.creditBalance !== 0 && (
              <Row label="Complimentary credit">
                <Link
                  href={`${base}/backing-details`}
                  className="rounded font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                  {money(pledge.creditBalance)}
                </Link>
              </Row>
            )}
          </dl>
          <dl className="mt-4 space-y-1 border-t border-slate-200 pt-4 text-sm">
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Pledged</dt>
              <dd className="text-right text-slate-900" title={`Times are in the campaign's time zone, ${pledge.project.timeZone}`}>
                {formatInZone(pledge.pledgedAt, pledge.project.timeZone)}
              </dd>
            </div>
            {pledge.backer.backerNumber !== null && (
              <div className="flex justify-between gap-4">
                <dt className="text-slate-600">Backer number</dt>
                <dd className="text-slate-900 tabular-nums">#{pledge.backer.backerNumber}</dd>
              </div>
            )}
            <div className="flex justify-between gap-4">
              <dt className="text-slate-600">Email</dt>
              <dd className="min-w-0 truncate text-slate-900" title={pledge.backer.email}>
                {pledge.backer.email}
              </dd>
            </div>
          </dl>
        </Card>

        {showAddress && (
          <Card title="Shipping address" aria-label="Shipping address">
            {pledge.shippingAddress ? (
              <address className="text-sm leading-6 text-slate-900 not-italic">
                {pledge.shippingAddress.name && <span className="block font-medium">{pledge.shippingAddress.name}</span>}
                {pledge.shippingAddress.lines.map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))}
                {pledge.shippingAddress.phone && <span className="mt-2 block text-slate-600">Phone {pledge.shippingAddress.phone}</span>}
                {pledge.shippingAddress.deliveryNotes && (
                  <span className="mt-2 block text-slate-600">Delivery notes: {pledge.shippingAddress.deliveryNotes}</span>
                )}
              </address>
            ) : (
              <p className="text-sm text-slate-600">
                {viewer === "backer"
                  ? "No shipping address yet. The creator will ask for it before rewards ship."
                  : "No shipping address on file for this backer yet."}
              </p>
            )}
          </Card>
        )}
      </div>
    </div>
  );
}
