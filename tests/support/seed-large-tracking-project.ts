import { DEFAULT_BACKER_REPORT_QUERY } from "@/lib/backers/report/backer-report-query-schema";
import { prisma } from "@/lib/db/client";
import { createProject, createUser } from "@/lib/demo/factories";
import type { TrackingUploadInput } from "@/lib/tracking/preview-tracking-upload";
import { generateFilledTrackingTemplate } from "@/tests/fixtures/tracking/generate-filled-tracking-template";

/**
 * A project of `backers` backers, each with a pledge, inserted set-based (the factories would take
 * minutes), and the upload of their filled tracking template for every backer the report matches:
 * the large preview and apply the event-loop and preview-thread tests time.
 */
export async function seedLargeTrackingProject(backers: number) {
  const owner = await createUser(prisma, { email: "creator@example.com" });
  const project = await createProject(prisma, { ownerId: owner.id, name: "Big Forest" });
  await prisma.$executeRaw`
    INSERT INTO backer (project_id, email, name, backer_number)
    SELECT ${project.id}::uuid, 'backer' || g || '@example.com', 'Backer ' || g, g FROM generate_series(1, ${backers}) g`;
  await prisma.$executeRaw`
    INSERT INTO pledge (project_id, backer_id, amount, pledged_at)
    SELECT project_id, id, 5000, now() - interval '30 days' FROM backer WHERE project_id = ${project.id}::uuid`;
  const rows = Array.from({ length: backers }, (_, index) => ({
    backerNumber: index + 1,
    email: `backer${index + 1}@example.com`,
    name: `Backer ${index + 1}`,
  }));
  const input: TrackingUploadInput = {
    projectId: project.id,
    fileName: "tracking.csv",
    bytes: new TextEncoder().encode(generateFilledTrackingTemplate(rows)),
    selection: { kind: "matching", filter: DEFAULT_BACKER_REPORT_QUERY.filter, exceptIds: [] },
    skipExisting: false,
    separatePackages: false,
  };
  return { owner, project, input };
}
