import pg from "pg";

export type TrackingUploadCheck = {
  backers: number;
  /** Shipments the uploader created in the project. */
  shipmentsByUploader: number;
  trackingEmails: number;
  distinctRecipients: number;
  trackingImports: number;
  /** One shipment and one queued email per backer, one import record: the upload applied exactly once. */
  appliedOnce: boolean;
};

/** Reads what a tracking upload for every backer left in the database. */
export async function verifyTrackingUpload(databaseUrl: string, projectId: string, uploaderEmail: string): Promise<TrackingUploadCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Omit<TrackingUploadCheck, "appliedOnce">>(
      `SELECT
         (SELECT count(*)::int FROM backer WHERE project_id = $1) AS backers,
         (SELECT count(*)::int FROM shipment s JOIN "user" u ON u.id = s.created_by_id WHERE s.project_id = $1 AND u.email = $2) AS "shipmentsByUploader",
         (SELECT count(*)::int FROM email_message WHERE project_id = $1 AND kind = 'tracking-shipped') AS "trackingEmails",
         (SELECT count(DISTINCT to_email)::int FROM email_message WHERE project_id = $1 AND kind = 'tracking-shipped') AS "distinctRecipients",
         (SELECT count(*)::int FROM import WHERE project_id = $1 AND kind = 'TRACKING') AS "trackingImports"`,
      [projectId, uploaderEmail],
    );
    const found = rows[0];
    const appliedOnce =
      found.shipmentsByUploader === found.backers &&
      found.trackingEmails === found.backers &&
      found.distinctRecipients === found.backers &&
      found.trackingImports === 1;
    return { ...found, appliedOnce };
  } finally {
    await client.end();
  }
}
