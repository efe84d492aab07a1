// Cloudflare Workers entry: the same app over D1 (a `DB` binding) or else a remote libSQL database (DATABASE_URL).
import { createClient } from "@libsql/client/web";
import highsWasm from "highs/runtime";
import { Hono } from "hono";
import pageHtml from "../../dist/web/index.html";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { type App, createApp } from "../http/app.ts";
import type { DocsAssets } from "../http/docs/docs.ts";
import { defaultLogger } from "../http/shared/logging.ts";
import { ApiError, onError } from "../http/shared/problems.ts";
import { solveNetwork } from "../solve/solve.ts";
import { useHighsWasmModule } from "../solvers/highs.ts";
import { createD1Db, createDb, type D1Binding, type Db } from "../storage/db.ts";
import { randomId } from "../storage/ids.ts";
import { migrate } from "../storage/migrate.ts";
import { coordinatedLimits, type LimitsNamespace } from "./coordinated-limits.ts";

// wrangler.toml binds it as LIMITS: rate limits and solve slots counted for the whole deployment.
export { LimitsCoordinator } from "./limits-coordinator.ts";

/** wrangler.toml's [assets] binding: swagger-ui-dist's files, served only through the app. */
interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/**
 * Vars and secrets (DATABASE_URL, DATABASE_AUTH_TOKEN, limits: see src/config.ts) and bindings: DB,
 * wrangler.toml's D1 database, when the Worker stores in D1.
 */
type Env = Record<string, unknown> & {
  ASSETS: AssetsBinding;
  DB?: D1Binding;
  /** The LimitsCoordinator Durable Object; without it limits count per isolate, as on Node. */
  LIMITS?: LimitsNamespace;
  /** A Queue for jobs: then a network too large to solve in a request may go as a job. */
  QUEUE?: unknown;
};

// Workers cannot fetch highs.wasm beside its loader; wrangler.toml's rule compiles it in instead.
useHighsWasmModule(highsWasm);

// One app per isolate: the first request migrates, later ones reuse the client and the app.
let app: Promise<App> | undefined;

async function start(env: Env): Promise<App> {
  const config = loadConfig(env);
  if (config.auth === "off") {
    throw new ConfigError("AUTH=off is for local development on Node; a Worker always checks keys");
  }
  const db = await openDatabase(env, config.database);
  const docsAssets: DocsAssets = async (name) => {
    const response = await env.ASSETS.fetch(`https://assets.invalid/${name}`);
    return response.ok && response.body !== null ? response.body : undefined;
  };
  return createApp({
    db,
    solve: solveNetwork,
    clock: () => new Date(),
    newId: randomId,
    limits: config.limits,
    ...(env.LIMITS === undefined
      ? {}
      : coordinatedLimits(env.LIMITS, config.limits, defaultLogger)),
    // A solve runs inside its request, so within the Worker's CPU budget (README "Cloudflare Workers").
    solveBudget: { arcs: config.workerSolveArcs, asyncJobs: env.QUEUE !== undefined },
    // Cloudflare sets it to the visitor's address and overwrites any value the client sent.
    clientAddress: (c) => c.req.header("cf-connecting-ip"),
    docsAssets,
    // Built before wrangler bundles (npm run check:worker), so the page ships inside the Worker.
    page: async () => pageHtml,
    // A Worker's work ends with its request: Prefer: respond-async is answered whole.
    jobs: false,
    corsOrigins: config.corsOrigins,
    // No encoders: Cloudflare compresses text answers at its edge (br or gzip, by Accept-Encoding).
  });
}

/**
 * D1 when wrangler.toml binds one as DB; else the remote libSQL server of DATABASE_URL. Migrated
 * either way; on D1 the migrations wrangler applied count, and those applied here are recorded
 * for wrangler (d1_migrations).
 */
async function openDatabase(env: Env, database: Config["database"]): Promise<Db> {
  if (env.DB !== undefined) {
    const db = createD1Db(env.DB);
    await migrate(db, undefined, { wrangler: true });
    return db;
  }
  if (!/^(libsql|https?|wss?):/.test(database.url)) {
    throw new ConfigError(
      `Workers store in D1 (a DB binding in wrangler.toml) or a remote libSQL server (DATABASE_URL=libsql:// or https://), not ${database.url}`,
    );
  }
  const client = createClient({
    url: database.url,
    ...(database.authToken === undefined ? {} : { authToken: database.authToken }),
  });
  const db = createDb(client);
  await migrate(db);
  return db;
}

/** Answers while the app cannot start, through the app's own problem+json error handler. */
const unavailable = new Hono().onError(onError).all("*", () => {
  throw new ApiError("unavailable", "The service cannot reach its database; see the Worker's logs");
});

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // A failed start is not kept, so the next request tries again (after a secret is fixed, say).
    app ??= start(env).catch((error: unknown) => {
      app = undefined;
      throw error;
    });
    try {
      return (await app).fetch(request);
    } catch (error) {
      defaultLogger({
        level: "error",
        msg: "cannot start",
        error: error instanceof Error ? error.message : String(error),
      });
      return unavailable.fetch(request);
    }
  },
};
