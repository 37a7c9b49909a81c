/** Liveness: answers while the web process serves requests. Touches nothing else. */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
