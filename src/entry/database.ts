// Opens the libSQL database the Node entries share (server and keys CLI): the file made, WAL on, durable, migrated.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import type { DatabaseConfig } from "../config.ts";
import { busyWaitOnThreadMs, retryWhenBusy } from "../storage/busy-retry.ts";
import { createDb, type Db } from "../storage/db.ts";
import { migrate } from "../storage/migrate.ts";

/** The file path of a `file:` URL, undefined for a remote or in-memory database. */
export function localDatabasePath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  // libSQL reads file:relative/path, file:/absolute/path and file:///absolute/path.
  const path = url
    .slice("file:".length)
    .replace(/^\/\/(localhost)?(?=\/)/, "")
    .replace(/\?.*$/, "");
  return path === ":memory:" || path === "" ? undefined : path;
}

/** How long a write to a file database waits in all for another connection's write to end. */
const busyTimeoutMs = 5_000;

/**
 * A file database opens in WAL mode (readers go on while a plan is written; the mode stays with the
 * file) with `synchronous` FULL unless told "normal" (DATABASE_SYNCHRONOUS). In WAL mode, NORMAL
 * syncs only at checkpoints, so the last acknowledged writes can be lost on power loss; FULL syncs
 * the WAL at every commit. The pragma belongs to a connection: it is set on the client's first one,
 * and FULL is also libSQL's compiled-in default for the connections its pool opens later.
 */
export async function openDatabase(database: DatabaseConfig): Promise<Client> {
  const { url, authToken } = database;
  const path = localDatabasePath(url);
  if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  const opened = createClient({
    url,
    // Upload workers write to the same file over connections of their own (WAL has one writer).
    // A write that meets theirs waits for it, but only briefly inside SQLite, whose busy handler
    // sleeps on this thread (the event loop); the rest of the wait is between turns of the loop.
    ...(path === undefined ? {} : { timeout: busyWaitOnThreadMs }),
    ...(authToken === undefined ? {} : { authToken }),
  });
  if (path === undefined) return opened;
  const client = retryWhenBusy(opened, busyTimeoutMs);
  await client.execute("PRAGMA journal_mode=WAL");
  const synchronous = database.synchronous === "normal" ? "NORMAL" : "FULL";
  await client.execute(`PRAGMA synchronous=${synchronous}`);
  return client;
}

/** The client, the database over it, and how many migrations this opening applied. */
export async function openMigrated(database: DatabaseConfig) {
  const client = await openDatabase(database);
  const db: Db = createDb(client);
  const applied = await migrate(db);
  return { client, db, applied };
}
