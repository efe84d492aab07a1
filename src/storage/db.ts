// Opens the drizzle database over a libSQL client that the runtime entry creates and owns.
import type { Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema.ts";

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

/** Node passes a client from `@libsql/client`, Workers one from `@libsql/client/web`. */
export function createDb(client: Client): Db {
  return drizzle(client, { schema });
}
