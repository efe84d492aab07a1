// Cloudflare Workers entry: the same app over D1 (a `DB` binding) or else a remote libSQL database (DATABASE_URL).
import { createClient } from "@libsql/client/web";
import highsWasm from "highs/runtime";
import { Hono } from "hono";
import pageHtml from "../../dist/web/index.html";
import { type Config, ConfigError, loadConfig, type WebhookSettings } from "../config.ts";
import { type App, type AppDeps, createApp, createServices } from "../http/app.ts";
import type { DocsAssets } from "../http/docs/docs.ts";
import { consumeMessage } from "../http/queue-consumer.ts";
import { defaultLogger } from "../http/shared/logging.ts";
import { ApiError, onError } from "../http/shared/problems.ts";
import type { MessageQueue, QueueMessage, Services } from "../http/shared/types.ts";
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
  /** The jobs queue: jobs and webhook deliveries run on its consumer (queue() below). */
  JOBS?: MessageQueue;
};

/** A message of the JOBS queue, as the consumer receives it (workers-types' Message, in part). */
interface QueueMessageOf<Body> {
  readonly id: string;
  readonly attempts: number;
  readonly body: Body;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/** What the queue consumer shares with the app of this isolate: its services and settings. */
let consumer: { services: Services; webhookSettings: WebhookSettings } | undefined;

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
  const deps: AppDeps = {
    db,
    solve: solveNetwork,
    clock: () => new Date(),
    newId: randomId,
    limits: config.limits,
    ...(env.LIMITS === undefined
      ? {}
      : coordinatedLimits(env.LIMITS, config.limits, defaultLogger)),
    // A solve runs inside its request, so within the Worker's CPU budget (README "Cloudflare Workers").
    solveBudget: { arcs: config.workerSolveArcs },
    // Cloudflare sets it to the visitor's address and overwrites any value the client sent.
    clientAddress: (c) => c.req.header("cf-connecting-ip"),
    docsAssets,
    // Built before wrangler bundles (npm run check:worker), so the page ships inside the Worker.
    page: async () => pageHtml,
    // Jobs and webhook deliveries go to the JOBS queue and run on its consumer (queue() below).
    // Without that binding a Worker's work ends with its request: Prefer: respond-async is
    // answered whole and webhooks are off.
    ...(env.JOBS === undefined
      ? { jobs: false }
      : { queue: env.JOBS, webhookSettings: config.webhooks }),
    corsOrigins: config.corsOrigins,
    // No encoders: Cloudflare compresses text answers at its edge (br or gzip, by Accept-Encoding).
  };
  const services = createServices(deps);
  consumer = { services, webhookSettings: config.webhooks };
  return createApp(deps, services);
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

/** The isolate's app, started on first use; a failed start is not kept, so the next use tries again. */
function started(env: Env): Promise<App> {
  app ??= start(env).catch((error: unknown) => {
    app = undefined;
    throw error;
  });
  return app;
}

export default {
  async fetch(request: Request, env: Env, ctx?: { waitUntil(promise: Promise<unknown>): void }) {
    try {
      const response = await (await started(env)).fetch(request);
      // Events the request emitted (plan.created) are queued after the answer, not dropped.
      const settling = consumer?.services.webhooks?.settled?.();
      if (settling !== undefined) ctx?.waitUntil(settling);
      return response;
    } catch (error) {
      defaultLogger({
        level: "error",
        msg: "cannot start",
        error: error instanceof Error ? error.message : String(error),
      });
      return unavailable.fetch(request);
    }
  },

  /**
   * The JOBS queue's consumer: each message a job to run or a webhook delivery to attempt, in an
   * invocation with its own CPU budget (max_batch_size = 1 in wrangler.toml). A delivery to try
   * again comes back after the backoff's wait (retry with delaySeconds); a message that could not
   * even be handled (the database unreachable) is retried by the queue.
   */
  async queue(batch: { messages: readonly QueueMessageOf<QueueMessage>[] }, env: Env) {
    await started(env);
    const { services, webhookSettings } = consumer as NonNullable<typeof consumer>;
    for (const message of batch.messages) {
      try {
        const outcome = await consumeMessage(services, message.body, webhookSettings);
        if (outcome.ack) message.ack();
        else message.retry({ delaySeconds: outcome.delaySeconds });
      } catch (error) {
        defaultLogger({
          level: "error",
          msg: "queue message not handled",
          message: message.id,
          attempts: message.attempts,
          error: error instanceof Error ? error.message : String(error),
        });
        message.retry();
      }
    }
  },
};
