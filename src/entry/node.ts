// `npm start`: serves the API on Node over the embedded libSQL file database (or a remote libSQL server).
import { lookup } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { ConfigError, loadConfig } from "../config.ts";
import { createApp } from "../http/app.ts";
import type { DocsAssets } from "../http/docs/docs.ts";
import type { PageSource } from "../http/page/page.ts";
import { openAccess } from "../http/shared/auth.ts";
import { jobEventData } from "../http/shared/jobs.ts";
import { defaultLogger } from "../http/shared/logging.ts";
import type { ResolveHost } from "../http/shared/types.ts";
import { createWebhookSender } from "../http/shared/webhooks.ts";
import { createSolvePool } from "../solve/pool.ts";
import { randomId } from "../storage/ids.ts";
import { defaultOrganisationId } from "../storage/organisations.ts";
import { createRepositories } from "../storage/repositories.ts";
import { nodeEncoders } from "./compression.ts";
import { localDatabasePath, openMigrated } from "./database.ts";
import { createFirstKey, ensureDefaultOrganisation, startBanner } from "./first-key.ts";
import { seed } from "./seed.ts";

// The repository root, whether this runs as src/entry/node.ts or compiled (npm start) as
// dist/node/src/entry/node.js.
const root = new URL(
  import.meta.url.includes("/dist/node/src/") ? "../../../../" : "../../",
  import.meta.url,
);
const swaggerUiDir = dirname(
  createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"),
);
// npm start builds it first (prestart); `npm run build:web` rebuilds it.
const pagePath = fileURLToPath(new URL("dist/web/index.html", root));
// In-flight requests get this long to finish after SIGINT or SIGTERM.
const shutdownGraceMs = 10_000;

/** Every address a webhook's host resolves to, so none of them may be private (see destinations.ts). */
const resolveHost: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

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
  const { client, db, applied } = await openMigrated(config.database);
  if (applied > 0) console.log(`applied ${applied} migration(s) to ${config.database.url}`);
  for (const dataset of await seed(db))
    console.log(`seeded dataset ${dataset} into the shared catalogue`);
  const repositories = createRepositories({ db, newId: randomId, clock: () => new Date() });
  const webhooks = createWebhookSender({
    repositories,
    settings: config.webhooks,
    clock: () => new Date(),
    log: defaultLogger,
    resolveHost,
  });
  // A job's work lived in the process that stopped: jobs it left running can never finish.
  const interrupted = await repositories.jobs.failUnfinished({
    status: 503,
    code: "job_interrupted",
    detail:
      "The server stopped while this job ran; nothing after its last stored result is kept. Submit it again.",
  });
  if (interrupted.length > 0)
    console.log(`${interrupted.length} job(s) left running by the last run now failed`);
  // Deliveries the last run had attempts left for go on where they stopped, then these events.
  const resumed = await webhooks.resume();
  if (resumed > 0) console.log(`${resumed} webhook delivery(ies) resumed`);
  for (const { organisationId, job } of interrupted)
    await webhooks.emit(organisationId, "job.failed", jobEventData(job));
  if (config.webhooks.allowPrivate)
    console.warn(
      "WEBHOOK_ALLOW_PRIVATE=true: webhooks may deliver to private and loopback addresses",
    );
  const firstKey = config.auth === "keys" ? await createFirstKey(repositories) : undefined;
  if (config.auth === "off") {
    // Every caller acts for it, so its row must exist before one mints a key (POST /v1/keys).
    await ensureDefaultOrganisation(repositories);
    const warning = `AUTH=off: no API keys are checked; every caller on ${config.host} is admin of ${defaultOrganisationId}. For local development only.`;
    console.warn(`\n  WARNING  ${warning}\n`);
    defaultLogger({ level: "warn", msg: "authentication disabled", detail: warning });
  }

  // Solves run on worker threads, one per core, so a large one never stalls other requests.
  const pool = createSolvePool({
    memoryMb: config.solveMemoryMb,
    warmBasesMb: config.warmBasesMb,
  });
  const app = createApp({
    db,
    solve: pool.solve,
    offload: pool.runModule,
    // Workers store large uploads into a local file only; a remote server's client stays here.
    ...(localDatabasePath(config.database.url) === undefined
      ? {}
      : { offloadDatabase: config.database }),
    clock: () => new Date(),
    newId: randomId,
    limits: config.limits,
    webhooks,
    ...(config.auth === "off" ? { identify: openAccess } : {}),
    // The socket's peer: the server faces clients directly (behind a proxy, every client is the proxy).
    clientAddress: (c) => getConnInfo(c).remote.address,
    docsAssets,
    page,
    corsOrigins: config.corsOrigins,
    ...(config.compression ? { encoders: nodeEncoders } : {}),
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${info.port}`;
    // One write, so a reader waiting for the last line has the whole banner.
    const lines = startBanner(base, `database ${config.database.url}`, firstKey);
    console.log(lines.join("\n"));
  });

  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests`);
    setTimeout(() => {
      console.error(`still busy after ${shutdownGraceMs} ms; exiting`);
      process.exit(1);
    }, shutdownGraceMs).unref();
    server.close(async () => {
      webhooks.close();
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
