import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/entry/database.ts";

// SQLite reports synchronous as a number: 1 NORMAL, 2 FULL.
const full = 2;
const normal = 1;

describe("openDatabase", () => {
  const dirs: string[] = [];
  const fileUrl = () => {
    const dir = mkdtempSync(join(tmpdir(), "anodeflow-db-"));
    dirs.push(dir);
    return `file:${join(dir, "test.db")}`;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("opens a file database in WAL mode with synchronous FULL by default, on pooled connections too", async () => {
    const client = await openDatabase({ url: fileUrl(), authToken: undefined });
    try {
      expect((await client.execute("PRAGMA journal_mode")).rows[0]?.journal_mode).toBe("wal");
      expect((await client.execute("PRAGMA synchronous")).rows[0]?.synchronous).toBe(full);
      // A transaction holds the first connection, so the next statement gets a new one.
      const tx = await client.transaction("write");
      expect((await tx.execute("PRAGMA synchronous")).rows[0]?.synchronous).toBe(full);
      expect((await client.execute("PRAGMA synchronous")).rows[0]?.synchronous).toBe(full);
      await tx.commit();
    } finally {
      client.close();
    }
  });

  it("trades durability for speed only when DATABASE_SYNCHRONOUS=normal says so", async () => {
    const { database } = loadConfig({ DATABASE_URL: fileUrl(), DATABASE_SYNCHRONOUS: "normal" });
    const client = await openDatabase(database);
    try {
      expect((await client.execute("PRAGMA synchronous")).rows[0]?.synchronous).toBe(normal);
    } finally {
      client.close();
    }
  });

  it("refuses a synchronous mode other than full and normal", () => {
    expect(() => loadConfig({ DATABASE_SYNCHRONOUS: "off" })).toThrow(/DATABASE_SYNCHRONOUS/);
  });
});
