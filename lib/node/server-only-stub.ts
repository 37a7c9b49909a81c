// Stands in for `server-only` in the bundled worker and migrator (scripts/bundle-production.ts):
// outside Next every module is server code.
export {};
