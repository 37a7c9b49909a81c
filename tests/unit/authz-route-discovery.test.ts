import { describe, expect, it } from "vitest";
import { discoverRoutes, exportedMethods } from "@/tests/e2e/support/authz-routes";

describe("the authorization matrix's method discovery", () => {
  it.each([
    ["export async function GET(request: Request) {}", ["GET"]],
    ["export function POST() {}", ["POST"]],
    ["export const PATCH = withProject(async () => {});", ["PATCH"]],
    ["export const { GET, POST } = toNextJsHandler(auth);", ["GET", "POST"]],
    ["const handler = withProject(async () => {});\nexport { handler as DELETE };", ["DELETE"]],
    ["const handler = () => {};\nexport { handler as GET, handler as HEAD };", ["GET", "HEAD"]],
    ['export { PUT } from "./shared-handler";', ["PUT"]],
    ["function GET() {}\nexport { GET as handler };", []],
    ["export const dynamic = 'force-dynamic';\nexport const GETTER = 1;", []],
  ])("finds the methods %j exports", (source, methods) => {
    expect(exportedMethods(source)).toEqual(methods);
  });

  it("finds at least one method in every route handler of the app", () => {
    const handlers = discoverRoutes().filter((route) => route.kind === "route");
    expect(handlers.length).toBeGreaterThan(0);
    for (const route of handlers) expect(route.methods, route.file).not.toEqual([]);
  });
});
