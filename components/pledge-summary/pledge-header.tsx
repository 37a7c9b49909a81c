import type { ReactNode } from "react";
import { PledgeStatusBadge } from "@/components/pledge-status-badge";
import { TabNav } from "@/components/ui/tab-nav";
import type { PledgeStatus } from "@/lib/db/generated/enums";

export type PledgeHeaderProps = {
  pledge: {
    status: PledgeStatus;
    project: { name: string };
    pledgeLevel: { name: string } | null;
    backer: { name: string; email: string; backerNumber: number | null };
  };
  viewer: "backer" | "member";
  /** Where the pledge's tabs live: /pledges/<id> for its backer, the backer's page in the project for its members. */
  base: string;
  /** The way back: "Your pledges" for the backer, the backer report for members. */
  breadcrumb: ReactNode;
};

/** The pledge summary's title, status, who it belongs to and its Summary / Backing details tabs. */
export function PledgeHeader({ pledge, viewer, base, breadcrumb }: PledgeHeaderProps) {
  const level = pledge.pledgeLevel ? ` · ${pledge.pledgeLevel.name}` : "";
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        {breadcrumb}
        <span aria-hidden="true"> / </span>
      </nav>
      <div className="mt-1 mb-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight text-balance text-slate-900">
            {viewer === "backer" ? pledge.project.name : `Pledge of ${pledge.backer.name || pledge.backer.email}`}
          </h1>
          <PledgeStatusBadge status={pledge.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {viewer === "backer"
            ? `Your pledge${level}`
            : `${pledge.backer.backerNumber !== null ? `Backer #${pledge.backer.backerNumber} · ` : ""}${pledge.backer.email}${level}`}
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
    </>
  );
}
