// `npm start`: serves the API on Node over the embedded libSQL file database (or a remote libSQL server).
import { mkdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { type Client, createClient } from "@libsql/client";
import { parseNetwork } from "../../models/allocation/network.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import type { DocsAssets } from "../http/docs.ts";
import { defaultOrganisationId } from "../http/organisation.ts";
import type { PageSource } from "../http/page.ts";
import { createSolvePool } from "../solvers/pool.ts";
import { createDb, type Db } from "../storage/db.ts";
import { randomId } from "../storage/ids.ts";
import { migrate } from "../storage/migrate.ts";
import { createRepositories } from "../storage/repositories.ts";

const seedNetworkPath = fileURLToPath(
  new URL("../../data/china-2024/network.json", import.meta.url),
);
const swaggerUiDir = dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
);
// npm start builds it first (prestart); `npm run build:web` rebuilds it.
const pagePath = fileURLToPath(new URL("../../dist/web/index.html", import.meta.url));
// In-flight requests get this long to finish after SIGINT or SIGTERM.
const shutdownGraceMs = 10_000;

/** The file path of a `file:` URL, undefined for a remote or in-memory database. */
function localDatabasePath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  // libSQL reads file:relative/path, file:/absolute/path and file:///absolute/path.
  const path = url
    .slice("file:".length)
    .replace(/^\/\/(localhost)?(?=\/)/, "")
    .replace(/\?.*$/, "");
  return path === ":memory:" || path === "" ? undefined : path;
}

async function openDatabase(url: string, authToken: string | undefined): Promise<Client> {
  const path = localDatabasePath(url);
  if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url, ...(authToken === undefined ? {} : { authToken }) });
  // WAL lets readers go on while a plan is written; the setting stays with the file.
  if (path !== undefined) await client.execute("PRAGMA journal_mode=WAL");
  return client;
}

/** On an organisation's first start, the default dataset, so a newcomer has something to plan. */
async function seed(db: Db): Promise<string | undefined> {
  const { datasets } = createRepositories({ db, newId: randomId, clock: () => new Date() });
  if (!(await datasets.isEmpty(defaultOrganisationId))) return undefined;
  let text: string;
  try {
    text = readFileSync(seedNetworkPath, "utf8");
  } catch {
    return undefined;
  }
  const parsed = parseNetwork(JSON.parse(text));
  if (!parsed.ok) {
    const problems = parsed.issues.map((i) => `${i.pointer || "/"}: ${i.message}`).join("; ");
    console.warn(`not seeding ${seedNetworkPath}, which is not a valid network: ${problems}`);
    return undefined;
  }
  const { dataset } = await datasets.create(defaultOrganisationId, {
    name: parsed.network.name,
    network: parsed.network,
  });
  return `${dataset.id} (${dataset.name})`;
}

const docsAssets: DocsAssets = async (name) => {
  const bytes = await readFile(join(swaggerUiDir, name));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};

// Read once; a missing page is not remembered, so building it later needs no restart.
let pageHtml: Promise<string | undefined> | undefined;
const page: PageSource = () => {
  pageHtml ??= readFile(pagePath, "utf8").catch(() => {
    pageHtml = undefined;
    return undefined;
  });
  return pageHtml;
};

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const client = await openDatabase(config.database.url, config.database.authToken);
  const db = createDb(client);
  const applied = await migrate(db);
  if (applied > 0) console.log(`applied ${applied} migration(s) to ${config.database.url}`);
  const seeded = await seed(db);
  if (seeded !== undefined) console.log(`seeded dataset ${seeded}`);

  // Solves run on worker threads, one per core, so a large one never stalls other requests.
  const pool = createSolvePool();
  const app = createApp({
    db,
    solve: pool.solve,
    clock: () => new Date(),
    newId: randomId,
    limits: config.limits,
    docsAssets,
    page,
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${info.port}`;
    console.log(`anodeflow API on ${base}/v1 (database ${config.database.url})`);
    console.log(`  planner  ${base}/`);
    console.log(`  docs     ${base}/docs`);
    console.log(`  openapi  ${base}/openapi.json`);
  });

  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests`);
    setTimeout(() => {
      console.error(`still busy after ${shutdownGraceMs} ms; exiting`);
      process.exit(1);
    }, shutdownGraceMs).unref();
    server.close(async () => {
      await pool.close();
      client.close();
      process.exit(0);
    });
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
