// Stands in for `server-only` under vitest: tests run lib code in plain Node, where all code is server code.
export {};
