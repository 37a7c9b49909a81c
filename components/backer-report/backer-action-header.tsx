import Link from "next/link";
import { LinkButton } from "@/components/ui/link-button";
import { PageHeader } from "@/components/ui/page-header";

export type BackerActionHeaderProps = {
  projectId: string;
  title: string;
  backer: { id: string; email: string; backerNumber: number | null; pledgeId: string | null };
};

/**
 * Heading of a single-backer action page reached from the report's row menu (add tracking number,
 * send digital reward): a way back to the report, who the backer is, and their backing details.
 */
export function BackerActionHeader({ projectId, title, backer }: BackerActionHeaderProps) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-slate-500">
        <Link href={`/projects/${projectId}/backers`} className="rounded hover:text-slate-700">
          Backer report
        </Link>
        <span aria-hidden="true"> / </span>
      </nav>
      <PageHeader
        title={title}
        description={
          <>
            {backer.backerNumber !== null && <>Backer #{backer.backerNumber} · </>}
            {backer.email}
          </>
        }
        actions={
          backer.pledgeId ? (
            <LinkButton href={`/projects/${projectId}/backers/${backer.id}/backing-details`} variant="secondary">
              View backing details
            </LinkButton>
          ) : undefined
        }
      />
    </>
  );
}
