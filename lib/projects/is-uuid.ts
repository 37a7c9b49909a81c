const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be a database id; ids from URLs are checked first, since Postgres rejects malformed UUIDs with an error rather than "no row". */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
