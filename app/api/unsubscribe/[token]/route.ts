import { runInTransaction } from "@/lib/db/run-in-transaction";
import { readBodyWithinLimit } from "@/lib/http/read-body-within-limit";
import { REQUEST_BODY_LIMITS } from "@/lib/http/request-body-limits";
import { readAnnouncementUnsubscribeToken } from "@/lib/mail/unsubscribe/announcement-unsubscribe-token";
import { resubscribeToAnnouncements } from "@/lib/mail/unsubscribe/resubscribe-to-announcements";
import { unsubscribeFromAnnouncements } from "@/lib/mail/unsubscribe/unsubscribe-from-announcements";
import { isUuid } from "@/lib/projects/is-uuid";

type Params = { params: Promise<{ token: string }> };

const text = (status: number, message: string) =>
  new Response(`${message}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });

/**
 * The List-Unsubscribe URL. A mail client's one-click unsubscribe (RFC 8058) POSTs
 * "List-Unsubscribe=One-Click" here and gets 200; the unsubscribe page's button POSTs its form and
 * is sent back to the page, which then says what changed; its "receive them again" button posts
 * `resubscribe=1`. Only a POST changes anything: link scanners and previews GET links, and a GET
 * only leads to the page.
 */
export async function POST(request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  const named = readAnnouncementUnsubscribeToken(token);
  if (!named || !isUuid(named.projectId))
    return text(404, "This unsubscribe link is not valid. Use the link from the email itself.");
  // The body tells a mail client's one-click POST from the page's forms; a large one is neither.
  const read = await readBodyWithinLimit(request, REQUEST_BODY_LIMITS.unsubscribe);
  const body = read.ok ? new TextDecoder().decode(read.bytes).trim() : "";
  if (new URLSearchParams(body).get("resubscribe") === "1") {
    await runInTransaction((tx) => resubscribeToAnnouncements(tx, named));
    return seeOther(`/unsubscribe/${token}?resubscribed=1`);
  }
  await runInTransaction((tx) => unsubscribeFromAnnouncements(tx, named));
  if (body === "List-Unsubscribe=One-Click") return text(200, "Unsubscribed from this project's announcements.");
  return seeOther(`/unsubscribe/${token}`);
}

export async function GET(_request: Request, { params }: Params): Promise<Response> {
  const { token } = await params;
  return seeOther(`/unsubscribe/${token}`);
}

// Relative, so it is right behind any proxy whatever host the request arrived with.
const seeOther = (path: string) =>
  new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
