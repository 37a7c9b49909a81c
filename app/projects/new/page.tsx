import type { Metadata } from "next";
import { platformNames } from "@/components/project-card";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/require-user";
import { prisma } from "@/lib/db/client";
import { Platform } from "@/lib/db/generated/enums";
import { listTimeZones } from "@/lib/projects/zoned-time";
import { mayCreateProjects } from "@/lib/instance/may-create-projects";
import { MAY_NOT_CREATE_PROJECTS_MESSAGE } from "@/lib/projects/create-project";
import { createProjectFromForm } from "./actions";
import { NewProjectForm } from "./new-project-form";

export const metadata: Metadata = { title: "New project" };

const COMMON_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "NZD",
  "JPY",
  "CHF",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "SGD",
  "HKD",
  "MXN",
];

export default async function NewProjectPage() {
  const user = await requireUser("/projects/new");
  if (!(await mayCreateProjects(prisma, user))) {
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title="New project" />
        <Alert tone="info" title="Creating projects is by invitation">
          {MAY_NOT_CREATE_PROJECTS_MESSAGE}
        </Alert>
      </div>
    );
  }
  const platforms = Object.values(Platform).map((value) => ({ value, label: platformNames[value] ?? value }));
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="New project"
        description="One project per campaign. Next, you import its backer report: Kickstarter’s CSV or ZIP, or another platform’s CSV."
      />
      <Card>
        <NewProjectForm action={createProjectFromForm} platforms={platforms} currencies={COMMON_CURRENCIES} timeZones={listTimeZones()} />
      </Card>
    </div>
  );
}
