// Applies the bundled migrations on start: the same bookkeeping as drizzle's libSQL migrator, no file system.
import type { MigrationMeta } from "drizzle-orm/migrator";
import type { Db } from "./db.ts";
import { migrations as bundledMigrations } from "./migrations/bundle.ts";

/** drizzle-kit's table, so `drizzle-kit migrate` and this function agree on what has run. */
const migrationsTable = "__drizzle_migrations";

/**
 * Runs, in one transaction, every migration newer than the last one recorded, and returns how many
 * ran. drizzle's own migrator reads the SQL files from disk, which a Worker cannot do.
 */
export async function migrate(
  db: Db,
  migrations: readonly MigrationMeta[] = bundledMigrations,
): Promise<number> {
  const client = db.$client;
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${migrationsTable} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
  const last = await client.execute(
    `SELECT created_at FROM ${migrationsTable} ORDER BY created_at DESC LIMIT 1`,
  );
  const lastMillis = last.rows[0] === undefined ? -1 : Number(last.rows[0].created_at);
  const pending = migrations.filter((m) => m.folderMillis > lastMillis);
  if (pending.length === 0) return 0;
  await client.migrate(
    pending.flatMap((m) => [
      ...m.sql.filter((statement) => statement.trim() !== ""),
      {
        sql: `INSERT INTO ${migrationsTable} (hash, created_at) VALUES (?, ?)`,
        args: [m.hash, m.folderMillis],
      },
    ]),
  );
  return pending.length;
}
