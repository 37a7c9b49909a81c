import type { Metadata } from "next";
import { platformNames } from "@/components/project-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/require-user";
import { Platform } from "@/lib/db/generated/enums";
import { listTimeZones } from "@/lib/projects/zoned-time";
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
  await requireUser("/projects/new");
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
