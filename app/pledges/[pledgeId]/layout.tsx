import type { ReactNode } from "react";
import Link from "next/link";
import { PledgeHeader } from "@/components/pledge-summary/pledge-header";
import { loadPledgePage } from "@/lib/auth/load-pledge-page";

type PledgeLayoutProps = { children: ReactNode; params: Promise<{ pledgeId: string }> };

export default async function PledgeLayout({ children, params }: PledgeLayoutProps) {
  const { pledgeId } = await params;
  const { pledge } = await loadPledgePage(pledgeId);
  return (
    <div>
      <PledgeHeader
        pledge={pledge}
        viewer="backer"
        base={`/pledges/${pledge.id}`}
        breadcrumb={
          <Link href="/pledges" className="rounded hover:text-slate-700">
            Your pledges
          </Link>
        }
      />
      {children}
      <p className="mt-6 text-xs text-slate-500">Dates and times are in the campaign&apos;s time zone, {pledge.project.timeZone}.</p>
    </div>
  );
}
