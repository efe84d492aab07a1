// Whether the database answers, for /healthz: the one query that touches no table.
import { sql } from "drizzle-orm";
import type { Db } from "./db.ts";

export function createHealthRepository(db: Db) {
  return {
    /** Resolves when the database answers a trivial query; rejects with the driver's error. */
    async ping(): Promise<void> {
      await db.run(sql`select 1`);
    },
  };
}
