import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { MailIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { loadProjectPage } from "@/lib/projects/load-project-page";

export const metadata: Metadata = { title: "Mail" };

export default async function MailPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await loadProjectPage(projectId);
  return (
    <>
      <PageHeader title="Mail" description="Every email this project sent to backers, with its delivery status." />
      <EmptyState icon={<MailIcon />} title="No mail sent yet">
        Shipping notifications, digital rewards and incentive notices to your backers appear here as they are queued and
        delivered.
      </EmptyState>
    </>
  );
}
