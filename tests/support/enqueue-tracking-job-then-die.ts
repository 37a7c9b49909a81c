// A stand-in for the web process: commits a tracking apply job exactly as the apply route does,
// prints the job id, then dies with SIGKILL before doing anything else (no clean disconnect).
import { readFileSync } from "node:fs";
import { prisma } from "@/lib/db/client";
import { startTrackingApplyJob } from "@/lib/tracking/start-tracking-apply-job";

const input = JSON.parse(readFileSync(0, "utf8")) as {
  projectId: string;
  actorId: string;
  fileName: string;
  csv: string;
  selection: { kind: "ids"; ids: string[] };
  fingerprint: string;
};
const { jobId } = await prisma.$transaction((tx) =>
  startTrackingApplyJob(tx, {
    projectId: input.projectId,
    actorId: input.actorId,
    form: {
      selection: input.selection,
      fileName: input.fileName,
      bytes: new TextEncoder().encode(input.csv),
      skipExisting: false,
      separatePackages: false,
      skipProblemRows: false,
      fingerprint: input.fingerprint,
    },
  }),
);
process.stdout.write(`${jobId}\n`, () => process.kill(process.pid, "SIGKILL"));
