// Applies the bundled migrations on start: the same bookkeeping as drizzle's migrator, no file system, libSQL or D1.
import { sql } from "drizzle-orm";
import type { BundledMigration } from "./bundled-migration.ts";
import type { Db } from "./db.ts";
import { migrations as bundledMigrations } from "./migrations/bundle.ts";

export type { BundledMigration };

/** drizzle-kit's table, so `drizzle-kit migrate` and this function agree on what has run. */
const migrationsTable = "__drizzle_migrations";

/** wrangler's table (`wrangler d1 migrations apply`), by file name; its own DDL, word for word. */
const wranglerTable = "d1_migrations";
const createWranglerTable = `CREATE TABLE IF NOT EXISTS ${wranglerTable}(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/**
 * A string as an SQL literal. The bookkeeping rows are written as literals, not bound values:
 * drizzle's D1 batch cannot bind values to a raw statement, and these are the bundle's own
 * hashes and file names.
 */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export interface MigrateOptions {
  /**
   * Also keep wrangler's d1_migrations (D1): a migration wrangler applied counts as applied here,
   * and one applied here is recorded there, so `wrangler d1 migrations apply` and the first
   * request can run in either order and never apply a file twice.
   */
  wrangler?: boolean;
}

/**
 * Runs, in one batch (one transaction on libSQL and on D1), every migration newer than the last
 * one recorded, and returns how many ran. drizzle's own migrators read the SQL files from disk,
 * which a Worker cannot do. Foreign keys are checked at commit, not per statement, so a migration
 * that rebuilds a table works on D1 too (where foreign_keys cannot be turned off).
 */
export async function migrate(
  db: Db,
  migrations: readonly BundledMigration[] = bundledMigrations,
  options: MigrateOptions = {},
): Promise<number> {
  await db.run(
    sql.raw(
      `CREATE TABLE IF NOT EXISTS ${migrationsTable} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
    ),
  );
  const last = await db.all<{ created_at: number | string }>(
    sql.raw(`SELECT created_at FROM ${migrationsTable} ORDER BY created_at DESC LIMIT 1`),
  );
  const lastMillis = last[0] === undefined ? -1 : Number(last[0].created_at);
  let pending = migrations.filter((m) => m.folderMillis > lastMillis);
  const record = (m: BundledMigration) =>
    db.run(
      sql.raw(
        `INSERT INTO ${migrationsTable} (hash, created_at) VALUES (${literal(m.hash)}, ${Number(m.folderMillis)})`,
      ),
    );
  if (options.wrangler === true) {
    await db.run(sql.raw(createWranglerTable));
    const applied = await db.all<{ name: string }>(sql.raw(`SELECT name FROM ${wranglerTable}`));
    const byWrangler = new Set(applied.map((row) => row.name));
    const already = pending.filter((m) => byWrangler.has(m.name));
    pending = pending.filter((m) => !byWrangler.has(m.name));
    const [first, ...rest] = already.map(record);
    if (first !== undefined) await db.batch([first, ...rest]);
  }
  if (pending.length === 0) return 0;
  const statements = pending.flatMap((m) => [
    ...m.sql.filter((statement) => statement.trim() !== "").map((s) => db.run(sql.raw(s))),
    record(m),
    ...(options.wrangler === true
      ? [db.run(sql.raw(`INSERT INTO ${wranglerTable} (name) VALUES (${literal(m.name)})`))]
      : []),
  ]);
  await db.batch([db.run(sql.raw("PRAGMA defer_foreign_keys = ON")), ...statements]);
  return pending.length;
}
