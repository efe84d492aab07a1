// Opens the drizzle database over a client the runtime entry creates and owns: libSQL (Node, Turso) or D1 (Workers).
import type { Client } from "@libsql/client";
import { drizzle as drizzleD1 } from "drizzle-orm/d1";
import { drizzle as drizzleLibsql, type LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema.ts";

/**
 * What the repositories take: drizzle's async SQLite database with `batch` (one transaction on
 * both drivers), whichever driver is under it. Nothing here names the client, so a repository
 * cannot reach for libSQL-only calls; D1 has no interactive transactions, so none are used.
 */
export type Db = BaseSQLiteDatabase<"async", unknown, typeof schema> & {
  batch: LibSQLDatabase<typeof schema>["batch"];
  /** Bound values one statement may carry, when the driver allows fewer than SQLite's 32766. */
  readonly maxBoundParameters?: number;
};

/** Node passes a client from `@libsql/client`, Workers one from `@libsql/client/web`. */
export function createDb(client: Client): Db {
  return drizzleLibsql(client, { schema });
}

/**
 * A D1 binding (env.DB on Workers, or wrangler's platform proxy on Node), typed by its use only:
 * drizzle's D1 driver calls prepare, batch and exec.
 */
export type D1Binding = Parameters<typeof drizzleD1>[0];

/** D1 binds at most 100 values per statement (developers.cloudflare.com/d1/platform/limits). */
const d1MaxBoundParameters = 100;

export function createD1Db(binding: D1Binding): Db {
  return Object.assign(drizzleD1(binding, { schema }), {
    maxBoundParameters: d1MaxBoundParameters,
  });
}
