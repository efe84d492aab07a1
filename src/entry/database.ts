// Opens the libSQL database the Node entries share (server and keys CLI): the file made, WAL on, migrated.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
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

export async function openDatabase(url: string, authToken: string | undefined): Promise<Client> {
  const path = localDatabasePath(url);
  if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url, ...(authToken === undefined ? {} : { authToken }) });
  // WAL lets readers go on while a plan is written; the setting stays with the file.
  if (path !== undefined) await client.execute("PRAGMA journal_mode=WAL");
  return client;
}

/** The client, the database over it, and how many migrations this opening applied. */
export async function openMigrated(database: { url: string; authToken: string | undefined }) {
  const client = await openDatabase(database.url, database.authToken);
  const db: Db = createDb(client);
  const applied = await migrate(db);
  return { client, db, applied };
}
