// Cloudflare Workers entry: the same app over a remote libSQL database through @libsql/client/web.
import { createClient } from "@libsql/client/web";
import highsWasm from "highs/runtime";
import { Hono } from "hono";
import pageHtml from "../../dist/web/index.html";
import { ConfigError, loadConfig } from "../config.ts";
import { type App, createApp } from "../http/app.ts";
import type { DocsAssets } from "../http/docs/docs.ts";
import { defaultLogger } from "../http/shared/logging.ts";
import { ApiError, onError } from "../http/shared/problems.ts";
import { solveNetwork } from "../solve/solve.ts";
import { useHighsWasmModule } from "../solvers/highs.ts";
import { createDb } from "../storage/db.ts";
import { randomId } from "../storage/ids.ts";
import { migrate } from "../storage/migrate.ts";

/** wrangler.toml's [assets] binding: swagger-ui-dist's files, served only through the app. */
interface AssetsBinding {
  fetch(request: Request | string): Promise<Response>;
}

/** Vars and secrets (DATABASE_URL, DATABASE_AUTH_TOKEN, limits: see src/config.ts) and bindings. */
type Env = Record<string, unknown> & { ASSETS: AssetsBinding };

// Workers cannot fetch highs.wasm beside its loader; wrangler.toml's rule compiles it in instead.
useHighsWasmModule(highsWasm);

// One app per isolate: the first request migrates, later ones reuse the client and the app.
let app: Promise<App> | undefined;

async function start(env: Env): Promise<App> {
  const config = loadConfig(env);
  if (config.auth === "off") {
    throw new ConfigError("AUTH=off is for local development on Node; a Worker always checks keys");
  }
  if (!/^(libsql|https?|wss?):/.test(config.database.url)) {
    throw new ConfigError(
      `DATABASE_URL must name a remote libSQL server on Workers (libsql:// or https://), not ${config.database.url}`,
    );
  }
  const client = createClient({
    url: config.database.url,
    ...(config.database.authToken === undefined ? {} : { authToken: config.database.authToken }),
  });
  const db = createDb(client);
  await migrate(db);
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
