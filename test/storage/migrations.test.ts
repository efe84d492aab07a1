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
      "webhook_deliveries",
      "webhooks",
    ]);
    client.close();
  });

  it("0006 backfills slugs: the seeded catalogue's by name, every other dataset's from its id", async () => {
    const client = createClient({ url: `file:${join(scratch, "slugs.db")}` });
    const db = createDb(client);
    const before = migrations.findIndex((m) => m.sql.some((s) => s.includes("`slug`")));
    expect(await migrate(db, migrations.slice(0, before))).toBe(before);
    const insert = (id: string, organisation: string, name: string, at: number) =>
      client.execute({
        sql: "INSERT INTO datasets (id, organisation_id, name, content_hash, network, stats, created_at) VALUES (?, ?, ?, ?, '{}', '{}', ?)",
        args: [id, organisation, name, `sha256:${id}`, at],
      });
    await insert("ds_cat1", "catalogue", "China 2024 (provinces, paper's 0.45 t/t)", 1);
    await insert("ds_cat2", "catalogue", "China 2024 (provinces, calibrated 0.476 t/t)", 2);
    await insert("ds_cat3", "catalogue", "China 2024 (cities, paper's 0.45 t/t)", 3);
    await insert("ds_cat4", "catalogue", "China 2024 (cities, calibrated 0.476 t/t)", 4);
    // A second row of a default's name keeps its id's slug, so the unique index holds.
    await insert("ds_cat5", "catalogue", "China 2024 (provinces, paper's 0.45 t/t)", 5);
    await insert("ds_own1", "org_a", "China 2024 (provinces, paper's 0.45 t/t)", 6);
    expect(await migrate(db)).toBe(migrations.length - before);
    const { rows } = await client.execute("SELECT id, slug FROM datasets ORDER BY id");
    expect(Object.fromEntries(rows.map((r) => [r.id, r.slug]))).toEqual({
      ds_cat1: "china-2024",
      ds_cat2: "china-2024-calibrated",
      ds_cat3: "china-2024-cities",
      ds_cat4: "china-2024-cities-calibrated",
      ds_cat5: "ds-cat5",
      ds_own1: "ds-own1",
    });
    client.close();
  });
});
