import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "../../src/storage/bundle-migrations.ts";
import { createDb } from "../../src/storage/db.ts";
import { migrate } from "../../src/storage/migrate.ts";
import { migrations } from "../../src/storage/migrations/bundle.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "anodeflow-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("migrations", () => {
  it("bundle exactly the SQL files drizzle-kit wrote, so Workers run the same statements", () => {
    expect(migrations.map(({ name: _, ...m }) => m)).toEqual(
      readMigrationFiles({ migrationsFolder }),
    );
    // The names wrangler records in d1_migrations: the SQL files, in order.
    expect(migrations.map((m) => m.name)).toEqual(
      readdirSync(migrationsFolder)
        .filter((f) => f.endsWith(".sql"))
        .sort(),
    );
  });

  it("are up to date with the schema: drizzle-kit finds nothing to generate", async () => {
    const out = join(scratch, "generated");
    cpSync(migrationsFolder, out, { recursive: true });
    const schema = join(root, "src", "storage", "schema.ts");
    const { stdout } = await run(
      join(root, "node_modules", ".bin", "drizzle-kit"),
      ["generate", "--dialect", "sqlite", "--schema", schema, "--out", "generated"],
      { cwd: scratch },
    );
    expect(stdout).toContain("No schema changes");
    expect(readdirSync(out).filter((f) => f.endsWith(".sql"))).toEqual(
      readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql")),
    );
  });

  it("apply once: the second run on the same database applies nothing", async () => {
    const client = createClient({ url: `file:${join(scratch, "twice.db")}` });
    const db = createDb(client);
    expect(await migrate(db)).toBe(migrations.length);
    expect(await migrate(db)).toBe(0);
    const tables = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    expect(tables.rows.map((r) => r.name)).toEqual([
      "__drizzle_migrations",
      "api_keys",
      "datasets",
      "idempotency_keys",
      "jobs",
      "organisations",
      "plan_flows",
      "plans",
      "scenarios",
    ]);
    client.close();
  });
});
