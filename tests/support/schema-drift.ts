import { createRequire } from "node:module";
import pg from "pg";

/** A database structure in comparable form: every entry a line such as `column backer.email text NOT NULL`. */
export type SchemaShape = Set<string>;

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  nativeType?: [string, string[]] | null;
};
type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
};
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] };
type Dmmf = {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName?: string | null; values: { name: string; dbName?: string | null }[] }[];
    indexes: DmmfIndex[];
  };
};

function columnType(field: DmmfField, enumDbNames: Map<string, string>): string {
  // Scalar lists (String[]) are Postgres arrays of the element's type.
  if (field.isList) return `${columnType({ ...field, isList: false }, enumDbNames)}[]`;
  if (field.kind === "enum") return `enum ${enumDbNames.get(field.type) ?? field.type}`;
  const [native, args] = field.nativeType ?? [undefined, []];
  switch (native) {
    case "Uuid":
      return "uuid";
    case "VarChar":
      return `varchar(${args[0] ?? ""})`;
    case "Char":
      return `char(${args[0] ?? ""})`;
    case "Timestamptz":
      return `timestamptz(${args[0] ?? 6})`;
    case "Timestamp":
      return `timestamp(${args[0] ?? 6})`;
    case "Citext":
      return "citext";
  }
  const defaults: Record<string, string> = {
    String: "text",
    Int: "integer",
    BigInt: "bigint",
    Boolean: "boolean",
    DateTime: "timestamp(3)",
    Json: "jsonb",
    Float: "double precision",
    Decimal: "numeric(65,30)",
    Bytes: "bytea",
  };
  return defaults[field.type] ?? `unknown ${field.type}`;
}

/** The structure `schema.prisma` describes, read through Prisma's own schema parser (WASM, offline). */
export function shapeFromPrismaSchema(schemaText: string): SchemaShape {
  const require = createRequire(import.meta.url);
  const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf: (params: string) => string };
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schemaText]] }))) as Dmmf;
  const shape: SchemaShape = new Set();
  const enumDbNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of dmmf.datamodel.enums) {
    shape.add(`enum ${e.dbName ?? e.name} (${e.values.map((v) => v.dbName ?? v.name).join(", ")})`);
  }
  const tables = new Map<string, { table: string; columns: Map<string, string> }>();
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns = new Map<string, string>();
    for (const field of model.fields) {
      if (field.kind !== "scalar" && field.kind !== "enum") continue;
      const column = field.dbName ?? field.name;
      columns.set(field.name, column);
      shape.add(`column ${table}.${column} ${columnType(field, enumDbNames)} ${field.isRequired ? "NOT NULL" : "NULL"}`);
    }
    tables.set(model.name, { table, columns });
    const pk = model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    shape.add(`unique ${table}(${pk.map((f) => columns.get(f)).join(", ")})`);
  }
  for (const index of dmmf.datamodel.indexes) {
    if (index.type === "id") continue;
    const model = tables.get(index.model)!;
    const cols = index.fields.map((f) => model.columns.get(f.name)).join(", ");
    shape.add(`${index.type === "unique" ? "unique" : "index"} ${model.table}(${cols})`);
  }
  return shape;
}

/** The structure of the `public` schema of a live database, in the same form. */
export async function shapeFromDatabase(connectionString: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const shape: SchemaShape = new Set();
    const enums = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`);
    for (const e of enums.rows) shape.add(`enum ${e.name} (${e.values.join(", ")})`);

    const columns = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      character_maximum_length: number | null;
      datetime_precision: number | null;
    }>(`
      SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length, datetime_precision
      FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    for (const c of columns.rows) {
      let type: string;
      switch (c.data_type) {
        case "USER-DEFINED":
          type = c.udt_name === "citext" ? "citext" : `enum ${c.udt_name}`;
          break;
        case "character varying":
          type = `varchar(${c.character_maximum_length ?? ""})`;
          break;
        case "character":
          type = `char(${c.character_maximum_length ?? ""})`;
          break;
        case "timestamp with time zone":
          type = `timestamptz(${c.datetime_precision})`;
          break;
        case "timestamp without time zone":
          type = `timestamp(${c.datetime_precision})`;
          break;
        case "numeric":
          type = "numeric(65,30)";
          break;
        case "ARRAY":
          // udt_name is the element type's with a leading underscore ("_text").
          type = `${c.udt_name.replace(/^_/, "")}[]`;
          break;
        default:
          type = c.data_type;
      }
      shape.add(`column ${c.table_name}.${c.column_name} ${type} ${c.is_nullable === "YES" ? "NULL" : "NOT NULL"}`);
    }

    // Plain b-tree indexes on columns; expression or partial indexes are hand-written additions
    // Prisma cannot describe, so they are left out of the comparison on purpose.
    const indexes = await client.query<{ table_name: string; unique: boolean; columns: string[] }>(`
      SELECT t.relname AS table_name, ix.indisunique AS unique,
             array_agg(a.attname ORDER BY k.ord)::text[] AS columns
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = i.relam
      CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations' AND am.amname = 'btree'
        AND ix.indpred IS NULL AND ix.indexprs IS NULL
      GROUP BY t.relname, i.relname, ix.indisunique`);
    for (const index of indexes.rows) {
      shape.add(`${index.unique ? "unique" : "index"} ${index.table_name}(${index.columns.join(", ")})`);
    }
    return shape;
  } finally {
    await client.end();
  }
}

/** What one side has that the other lacks, as readable lines. */
export function diffShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const missing = [...expected].filter((line) => !actual.has(line)).map((line) => `in schema.prisma, not in the database: ${line}`);
  const extra = [...actual].filter((line) => !expected.has(line)).map((line) => `in the database, not in schema.prisma: ${line}`);
  return [...missing, ...extra].sort();
}
