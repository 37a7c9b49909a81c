import { createHash, randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A project of its own for the authorization matrix. The matrix checks that refused calls change
 * nothing, by fingerprinting every row of the project; the demo project cannot serve, because the
 * other e2e specs change it at the same time in the other worker. Every name in it carries a random
 * tag, so a tag found in a refused response is a leak, never a coincidence.
 */
export type AuthzFixture = {
  projectId: string;
  /** The backer's (`backerEmail`) own pledge in this project. */
  backerPledgeId: string;
  /** A pledge of another backer: its page is the project's members' and that backer's alone. */
  secretPledgeId: string;
  secretBackerId: string;
  digitalRewardId: string;
  segmentId: string;
  /** A second static segment, for the member's delete to consume. */
  spareSegmentId: string;
  importId: string;
  failedEmailId: string;
  /** A finished job: cancelling it is refused with CONFLICT (an answer) for the member. */
  doneJobId: string;
  /** A finished backer report export whose file lists the secret backer (its download is the members'). */
  exportJobId: string;
  incentiveId: string;
  /** The physical pledge level of the secret backer. */
  pledgeLevelId: string;
  /** A physical item, for the Items page's actions. */
  itemId: string;
  /** The member's (owner's) and the viewer's user ids ("" when the fixture has no viewer). */
  memberUserId: string;
  viewerUserId: string;
  /** The link token of a pending invitation to the member's own address (accepting it changes nothing). */
  invitationToken: string;
  /** A pending invitation to someone else, for the owner to withdraw. */
  revocableInvitationId: string;
  /** Strings only members may see (and, for the project name, the backer on their own pledge). */
  secrets: {
    projectName: string;
    backerName: string;
    backerEmail: string;
    backerTier: string;
    rewardName: string;
    segmentName: string;
    incentiveName: string;
  };
};

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run e2e tests through `npm test` (or set it yourself).");
  return url;
}

/** Runs `work` with its own connection to the e2e database. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function insertId(client: pg.Client, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await client.query<{ id: string }>(sql, params);
  return rows[0].id;
}

/**
 * Creates the matrix's project, owned by `memberEmail`, read by the viewer `viewerEmail` and worked
 * on by the collaborator `collaboratorEmail` (each must have signed in already, so their user rows
 * exist; null leaves the role out), with `backerEmail` as one of its backers.
 */
export async function createAuthzFixture(
  memberEmail: string,
  backerEmail: string,
  viewerEmail: string | null,
  collaboratorEmail: string | null = null,
): Promise<AuthzFixture> {
  const tag = randomBytes(5).toString("hex");
  const secrets = {
    projectName: `Authz Matrix Project ${tag}`,
    backerName: `Quillon Secretbacker ${tag}`,
    backerEmail: `authz-secret-${tag}@example.com`,
    backerTier: `Secret Tier ${tag}`,
    rewardName: `Secret Soundtrack ${tag}`,
    segmentName: `Secret Segment ${tag}`,
    incentiveName: `Secret Credit ${tag}`,
  };
  return withDatabase(async (client) => {
    await client.query("BEGIN");
    try {
      const { rows: users } = await client.query<{ id: string }>('SELECT id FROM "user" WHERE email = $1', [memberEmail]);
      if (users.length === 0) throw new Error(`${memberEmail} has no user row: sign them in before creating the fixture.`);
      const projectId = await insertId(
        client,
        `INSERT INTO project (name, platform, currency, launched_at, ended_at)
         VALUES ($1, 'KICKSTARTER', 'USD', now() - interval '60 days', now() - interval '30 days') RETURNING id`,
        [secrets.projectName],
      );
      await client.query("INSERT INTO membership (project_id, user_id, role) VALUES ($1, $2, 'OWNER')", [projectId, users[0].id]);
      const addMember = async (email: string | null, role: "VIEWER" | "COLLABORATOR"): Promise<string> => {
        if (email === null) return "";
        const { rows } = await client.query<{ id: string }>('SELECT id FROM "user" WHERE email = $1', [email]);
        if (rows.length === 0) throw new Error(`${email} has no user row: sign them in before creating the fixture.`);
        await client.query("INSERT INTO membership (project_id, user_id, role) VALUES ($1, $2, $3)", [projectId, rows[0].id, role]);
        return rows[0].id;
      };
      const viewerUserId = await addMember(viewerEmail, "VIEWER");
      await addMember(collaboratorEmail, "COLLABORATOR");
      const invitationToken = `authz-invitation-${tag}-${randomBytes(12).toString("hex")}`;
      await client.query(
        "INSERT INTO project_invitation (project_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'COLLABORATOR', $3, now() + interval '7 days')",
        [projectId, memberEmail, createHash("sha256").update(invitationToken).digest("hex")],
      );
      const revocableInvitationId = await insertId(
        client,
        "INSERT INTO project_invitation (project_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'VIEWER', $3, now() + interval '7 days') RETURNING id",
        [projectId, `authz-pending-${tag}@example.com`, createHash("sha256").update(randomBytes(32)).digest("hex")],
      );
      const backerLevelId = await insertId(
        client,
        "INSERT INTO pledge_level (project_id, name, price, kind, collects_shipping_address) VALUES ($1, $2, 2000, 'DIGITAL', false) RETURNING id",
        [projectId, `Digital Tier ${tag}`],
      );
      const secretLevelId = await insertId(
        client,
        "INSERT INTO pledge_level (project_id, name, price, kind) VALUES ($1, $2, 5000, 'PHYSICAL') RETURNING id",
        [projectId, secrets.backerTier],
      );
      const backerId = await insertId(
        client,
        "INSERT INTO backer (project_id, email, name, backer_number, country) VALUES ($1, $2, 'David Bjørnstad', 1, 'NO') RETURNING id",
        [projectId, backerEmail],
      );
      const secretBackerId = await insertId(
        client,
        `INSERT INTO backer (project_id, email, name, backer_number, country, shipping_name, shipping_city)
         VALUES ($1, $2, $3, 2, 'US', $3, 'Secretville') RETURNING id`,
        [projectId, secrets.backerEmail, secrets.backerName],
      );
      const backerPledgeId = await insertId(
        client,
        "INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, pledged_at) VALUES ($1, $2, $3, 2000, now() - interval '59 days') RETURNING id",
        [projectId, backerId, backerLevelId],
      );
      const secretPledgeId = await insertId(
        client,
        "INSERT INTO pledge (project_id, backer_id, pledge_level_id, amount, pledged_at) VALUES ($1, $2, $3, 5000, now() - interval '58 days') RETURNING id",
        [projectId, secretBackerId, secretLevelId],
      );
      const digitalRewardId = await insertId(
        client,
        "INSERT INTO digital_reward (project_id, name, kind) VALUES ($1, $2, 'UNIQUE') RETURNING id",
        [projectId, secrets.rewardName],
      );
      const code = `SECRET-CODE-${tag}`;
      await client.query(
        "INSERT INTO digital_code (digital_reward_id, value, pledge_id, assigned_at) VALUES ($1, $2, $3, now()), ($1, $4, NULL, NULL)",
        [digitalRewardId, code, secretPledgeId, `BANK-CODE-${tag}`],
      );
      await client.query("INSERT INTO digital_reward_delivery (digital_reward_id, pledge_id, value) VALUES ($1, $2, $3)", [
        digitalRewardId,
        secretPledgeId,
        code,
      ]);
      const segmentId = await insertId(
        client,
        "INSERT INTO segment (project_id, name, kind) VALUES ($1, $2, 'STATIC') RETURNING id",
        [projectId, secrets.segmentName],
      );
      await client.query("INSERT INTO segment_member (segment_id, backer_id) VALUES ($1, $2)", [segmentId, secretBackerId]);
      const spareSegmentId = await insertId(
        client,
        "INSERT INTO segment (project_id, name, kind) VALUES ($1, $2, 'STATIC') RETURNING id",
        [projectId, `Spare Segment ${tag}`],
      );
      const importId = await insertId(
        client,
        `INSERT INTO import (project_id, kind, status, file_name, file_hash, row_count, summary)
         VALUES ($1, 'BACKERS', 'REJECTED', $2, $3, 1, $4) RETURNING id`,
        [
          projectId,
          `backers-${tag}.csv`,
          "0".repeat(64),
          JSON.stringify({
            problems: [
              { file: `backers-${tag}.csv`, row: 2, column: "Email", value: secrets.backerEmail, message: "Duplicate email", fix: "Remove one row", severity: "error" },
            ],
          }),
        ],
      );
      const failedEmailId = await insertId(
        client,
        `INSERT INTO email_message (project_id, to_email, kind, subject, html, text, idempotency_key, status, attempts, last_error)
         VALUES ($1, $2, 'digital-reward', $3, '<p>Your code</p>', 'Your code', $4, 'FAILED', 5, '550 mailbox unavailable') RETURNING id`,
        [projectId, secrets.backerEmail, `${secrets.rewardName} is ready`, `authz-matrix-${tag}`],
      );
      const doneJobId = await insertId(
        client,
        `INSERT INTO project_job (project_id, kind, status, title, payload, step, percent, finished_at)
         VALUES ($1, 'TRACKING_APPLY', 'DONE', 'Add tracking numbers from tracking.csv', '{}', 'Done', 100, now()) RETURNING id`,
        [projectId],
      );
      const exportFile = { name: `backers-${tag}.csv`, mediaType: "text/csv; charset=utf-8", attempt: 1, bytes: 0 };
      const exportCsv = Buffer.from(`\uFEFFBacker Number,Backer Name,Email\r\n2,${secrets.backerName},${secrets.backerEmail}\r\n`);
      exportFile.bytes = exportCsv.byteLength;
      const exportJobId = await insertId(
        client,
        `INSERT INTO project_job (project_id, kind, status, title, payload, step, percent, result, attempts, finished_at)
         VALUES ($1, 'BACKER_REPORT_EXPORT', 'DONE', 'Export 60 backers as CSV', '{}', 'Done', 100, $2, 1, now()) RETURNING id`,
        [projectId, JSON.stringify({ rows: 1, format: "csv", file: exportFile })],
      );
      await client.query("INSERT INTO project_job_output_chunk (job_id, attempt, position, bytes) VALUES ($1, 1, 0, $2)", [exportJobId, exportCsv]);
      const incentiveId = await insertId(
        client,
        "INSERT INTO incentive (project_id, name, kind, credit_amount, segment_id) VALUES ($1, $2, 'CREDIT', 500, $3) RETURNING id",
        [projectId, secrets.incentiveName, segmentId],
      );
      const itemId = await insertId(client, "INSERT INTO item (project_id, name, sku) VALUES ($1, $2, 'PIN-1') RETURNING id", [
        projectId,
        `Enamel pin ${tag}`,
      ]);
      await client.query("COMMIT");
      return {
        projectId,
        backerPledgeId,
        secretPledgeId,
        secretBackerId,
        digitalRewardId,
        segmentId,
        spareSegmentId,
        importId,
        failedEmailId,
        doneJobId,
        exportJobId,
        incentiveId,
        pledgeLevelId: secretLevelId,
        itemId,
        memberUserId: users[0].id,
        viewerUserId,
        invitationToken,
        revocableInvitationId,
        secrets,
      };
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

type ForeignKey = { child: string; column: string; parent: string; parentColumn: string };

/**
 * A digest of every row that belongs to the project: rows of each table with a `project_id`, and
 * rows of the tables that hang off those by a foreign key (segment members, codes, grants…).
 * Derived from the catalog, so a new table is covered without anyone listing it here.
 */
export async function fingerprintProject(projectId: string): Promise<Record<string, string>> {
  return withDatabase(async (client) => {
    const { rows: direct } = await client.query<{ table: string }>(
      `SELECT format('%I', c.relname) AS table
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attname = 'project_id' AND NOT a.attisdropped
       ORDER BY 1`,
    );
    const { rows: keys } = await client.query<ForeignKey>(
      `SELECT format('%I', ch.relname) AS child, format('%I', a.attname) AS column,
              format('%I', pa.relname) AS parent, format('%I', pk.attname) AS "parentColumn"
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute pk ON pk.attrelid = k.confrelid AND pk.attnum = k.confkey[1]
       WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace AND cardinality(k.conkey) = 1
       ORDER BY 1, 2`,
    );
    const directTables = new Set(direct.map((row) => row.table));
    const { rows: project } = await client.query<{ row: string }>("SELECT t::text AS row FROM project t WHERE t.id = $1", [projectId]);
    const digest: Record<string, string> = { project: project[0]?.row ?? "missing" };
    for (const { table } of direct) {
      const { rows } = await client.query<{ n: number; md5: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${table} t WHERE t.project_id = $1`,
        [projectId],
      );
      digest[table] = `${rows[0].n} rows, ${rows[0].md5}`;
    }
    for (const key of keys) {
      if (directTables.has(key.child) || !directTables.has(key.parent)) continue;
      const { rows } = await client.query<{ n: number; md5: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5
         FROM ${key.child} t JOIN ${key.parent} p ON p.${key.parentColumn} = t.${key.column} WHERE p.project_id = $1`,
        [projectId],
      );
      digest[`${key.child}.${key.column}`] = `${rows[0].n} rows, ${rows[0].md5}`;
    }
    return digest;
  });
}

/**
 * Waits until the mail worker has no message of the project left to send. The worker updates
 * queued rows on its own schedule, which would move the project's digest while nobody called.
 */
/**
 * Waits until none of the project's jobs is queued or running: the member's calls start jobs (an
 * import confirm, a tracking apply) whose rows change as the worker runs them, which must not be
 * mistaken for a later refused call's write.
 */
export async function waitForProjectJobsToSettle(projectId: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await withDatabase((client) =>
      client.query<{ n: number }>("SELECT count(*)::int AS n FROM project_job WHERE project_id = $1 AND status IN ('QUEUED', 'RUNNING')", [projectId]),
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} jobs of the project are still waiting or running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function waitForProjectMailToSettle(projectId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await withDatabase((client) =>
      client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM email_message WHERE project_id = $1 AND status IN ('QUEUED', 'SENDING')",
        [projectId],
      ),
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} messages of the project are still waiting to be sent after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
