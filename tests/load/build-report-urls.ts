import pg from "pg";

export type ReportUrlOptions = {
  databaseUrl: string;
  projectId: string;
  baseUrl: string;
  /** A member's Cookie header, to open first pages and collect their "Next →" links. */
  cookie: string;
  /** How many pages deep to follow "Next →" from a first page (default 2). */
  followPages?: number;
  /** From how many of the first pages to follow it (default all); each one followed costs requests before the run. */
  followFirstPages?: number;
  /** Requests at once while collecting next pages. */
  concurrency?: number;
};

/**
 * Backer-report URLs a team of creators would open: the default view, every sort both ways, each
 * pledge level, payment status and frequent country, tracking yes/no, digital rewards, searches by
 * name, email and backer number, combined filters, larger page sizes, and next pages reached
 * through the real keyset cursors (collected by opening the first pages, which also warms the
 * server up). Built from the project's own data so every filter matches something.
 */
export async function buildReportUrls(options: ReportUrlOptions): Promise<string[]> {
  const { databaseUrl, projectId, baseUrl, cookie } = options;
  const path = `/projects/${projectId}/backers`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let levels: string[];
  let countries: string[];
  let rewards: string[];
  let people: { name: string; email: string; backer_number: number | null }[];
  try {
    levels = (await client.query<{ id: string }>(`SELECT id::text FROM pledge_level WHERE project_id = $1 ORDER BY position, name`, [projectId])).rows.map((r) => r.id);
    countries = (
      await client.query<{ country: string }>(
        `SELECT country FROM backer WHERE project_id = $1 AND country IS NOT NULL GROUP BY country ORDER BY count(*) DESC, country LIMIT 10`,
        [projectId],
      )
    ).rows.map((r) => r.country);
    rewards = (await client.query<{ id: string }>(`SELECT id::text FROM digital_reward WHERE project_id = $1 ORDER BY name`, [projectId])).rows.map((r) => r.id);
    // Spread over the whole project rather than its first rows, so searches do not all hit one page of the index.
    people = (
      await client.query<{ name: string; email: string; backer_number: number | null }>(
        `SELECT name, email, backer_number FROM backer WHERE project_id = $1 AND name <> '' ORDER BY md5(id::text) LIMIT 24`,
        [projectId],
      )
    ).rows;
  } finally {
    await client.end();
  }

  const views: Record<string, string | string[]>[] = [{}];
  for (const sort of ["number", "name", "email", "amount", "pledged", "status", "country"]) {
    views.push({ sort }, { sort, dir: "desc" });
  }
  for (const level of levels) views.push({ level });
  for (const status of ["collected", "errored", "failed", "dropped", "refunded"]) views.push({ status });
  views.push({ status: ["errored", "failed"] });
  for (const country of countries) views.push({ country });
  if (countries.length >= 3) views.push({ country: countries.slice(0, 3), sort: "name" });
  views.push({ tracking: "yes" }, { tracking: "no" }, { tracking: "no", status: "collected", sort: "pledged", dir: "desc" });
  for (const reward of rewards) views.push({ reward }, { reward, tracking: "no" });
  people.forEach((person, i) => {
    const [first, ...rest] = person.name.split(" ");
    if (i % 4 === 0) views.push({ q: first });
    else if (i % 4 === 1) views.push({ q: (rest.at(-1) ?? first).slice(0, 4) });
    else if (i % 4 === 2) views.push({ q: person.email.split("@")[0] });
    else if (person.backer_number !== null) views.push({ q: String(person.backer_number) });
  });
  levels.slice(0, 3).forEach((level, i) => {
    views.push({ level, country: countries[i] ?? countries[0] ?? "US", sort: "amount", dir: "desc" });
    views.push({ level, tracking: i % 2 ? "yes" : "no", size: "100" });
  });
  views.push({ size: "200" }, { size: "100", sort: "country" });

  const firstPages = views.map((view) => `${path}?${toSearch(view)}`.replace(/\?$/, ""));
  const urls = [...firstPages];
  // Open the first pages (warming the server up) and follow "Next →" as a creator paging through would.
  const followPages = options.followPages ?? 2;
  const queue = firstPages
    .filter((url) => !/[?&]q=/.test(url))
    .slice(0, options.followFirstPages)
    .map((url) => ({ url, depth: 0 }));
  const workers = Array.from({ length: options.concurrency ?? 3 }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const response = await fetch(`${baseUrl}${item.url}`, { headers: { cookie } });
      const html = await response.text();
      if (!response.ok) throw new Error(`GET ${item.url} answered ${response.status} while building the URL list.`);
      const next = html.match(/href="([^"]*[?&](?:amp;)?after=[^"]*)"[^>]*rel="next"|rel="next"[^>]*href="([^"]*[?&](?:amp;)?after=[^"]*)"/);
      const href = (next?.[1] ?? next?.[2])?.replaceAll("&amp;", "&");
      if (href && item.depth < followPages) {
        urls.push(href);
        queue.push({ url: href, depth: item.depth + 1 });
      }
    }
  });
  await Promise.all(workers);
  return urls;
}

function toSearch(view: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}
