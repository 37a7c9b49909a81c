import { checkReadiness } from "@/lib/health/check-readiness";

/** Readiness: 200 when the database, migrations, mail worker and mail queue are fine, else 503. */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, {
    status: readiness.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
