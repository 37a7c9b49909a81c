import type { ReactNode } from "react";
import Link from "next/link";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { TabNav } from "@/components/ui/tab-nav";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";

type PledgeLayoutProps = { children: ReactNode; params: Promise<{ pledgeId: string }> };

export default async function PledgeLayout({ children, params }: PledgeLayoutProps) {
  const { pledgeId } = await params;
  const { pledge } = await loadPledgePage(pledgeId);
  const base = `/pledges/${pledge.id}`;
  return (
    <div>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link
          href={pledge.viewerIsBacker ? "/pledges" : `/projects/${pledge.project.id}/backers`}
          className="rounded hover:text-slate-700"
        >
          {pledge.viewerIsBacker ? "Your pledges" : `${pledge.project.name} · Backer report`}
        </Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <div className="mt-1 mb-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight text-balance text-slate-900">{pledge.project.name}</h1>
          <PledgeStatusBadge status={pledge.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {pledge.viewerIsBacker
            ? `Your pledge${pledge.pledgeLevel ? ` · ${pledge.pledgeLevel.name}` : ""}`
            : `Pledge of ${pledge.backer.name || pledge.backer.email}${pledge.backer.backerNumber !== null ? ` (backer #${pledge.backer.backerNumber})` : ""}${pledge.pledgeLevel ? ` · ${pledge.pledgeLevel.name}` : ""}`}
        </p>
      </div>
      <div className="mb-6">
        <TabNav
          label="Pledge"
          items={[
            { href: base, label: "Summary", matchPrefix: false },
            { href: `${base}/backing-details`, label: "Backing details" },
          ]}
        />
      </div>
      {children}
      <p className="mt-6 text-xs text-slate-500">Dates and times are in the campaign&apos;s time zone, {pledge.project.timeZone}.</p>
    </div>
  );
}
