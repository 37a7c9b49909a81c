import type { Metadata } from "next";
import { platformNames } from "@/components/project-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { prisma } from "@/lib/db/client";
import { Platform } from "@/lib/db/generated/enums";
import { describeCurrencyLock } from "@/lib/projects/describe-currency-lock";
import { loadProjectPage } from "@/lib/projects/load-project-page";
import { roleCan } from "@/lib/projects/project-permissions";
import { formatZonedDateTime, listTimeZones, utcToZonedWallTime } from "@/lib/projects/zoned-time";
import { updateProjectSettingsAction } from "./actions";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "JPY", "CHF", "SEK", "NOK", "DKK", "PLN", "SGD", "HKD", "MXN"];

export default async function ProjectSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await loadProjectPage(projectId);
  const canEdit = roleCan(project.role, "edit");
  const currencyLocked = await describeCurrencyLock(prisma, project.id, project.currency);
  const launch = project.launchedAt ? utcToZonedWallTime(project.launchedAt, project.timeZone) : null;
  const end = project.endedAt ? utcToZonedWallTime(project.endedAt, project.timeZone) : null;
  const platforms = Object.values(Platform).map((value) => ({ value, label: platformNames[value] ?? value }));
  return (
    <>
      <PageHeader title="Settings" description="The campaign as it ran: its platform, currency, and when it launched and ended, on its own clock." />
      <div className="max-w-3xl space-y-6">
        {project.launchedAt && (
          <p className="text-sm text-slate-600" data-testid="settings-launch">
            Launched {formatZonedDateTime(project.launchedAt, project.timeZone)}
            {project.endedAt && <>; ended {formatZonedDateTime(project.endedAt, project.timeZone)}</>}.
          </p>
        )}
        <Card>
          {canEdit ? (
            <SettingsForm
              projectId={project.id}
              action={updateProjectSettingsAction}
              platforms={platforms}
              currencies={COMMON_CURRENCIES}
              timeZones={listTimeZones()}
              currencyLocked={currencyLocked}
              values={{
                name: project.name,
                platform: project.platform,
                currency: project.currency,
                timeZone: project.timeZone,
                launchedAt: launch?.date ?? "",
                launchTime: launch?.time ?? "",
                endedAt: end?.date ?? "",
                endTime: end?.time ?? "",
                earlyBirdHours: String(project.earlyBirdHours),
              }}
            />
          ) : (
            <p className="text-sm text-slate-600">Your role on this project lets you read its settings, not change them.</p>
          )}
        </Card>
      </div>
    </>
  );
}
