// createApp(deps): the whole HTTP API as one runtime-neutral Hono app; the entries bring the runtime.
import type { Context, MiddlewareHandler } from "hono";
import type { DatabaseConfig, Limits, WebhookSettings } from "../config.ts";
import type { Db } from "../storage/db.ts";
import type { NewId } from "../storage/ids.ts";
import { createRepositories, type Repositories } from "../storage/repositories.ts";
import { batchesRouter } from "./batches/index.ts";
import { comparisonsRouter } from "./comparisons/index.ts";
import { datasetsRouter } from "./datasets/index.ts";
import { type DocsAssets, registerDocs } from "./docs/docs.ts";
import { healthRouter } from "./health/index.ts";
import { jobsRouter } from "./jobs/index.ts";
import { runJobTask } from "./jobs/job-tasks.ts";
import { keysRouter } from "./keys/index.ts";
import { type PageSource, registerPage } from "./page/page.ts";
import { planRegionsRouter } from "./plan-regions/index.ts";
import { plansRouter } from "./plans/index.ts";
import { scenariosRouter } from "./scenarios/index.ts";
import { apiKeyAuth, securitySchemeName } from "./shared/auth.ts";
import { requestBodyLimit } from "./shared/body-limit.ts";
import { compression, type Encoders } from "./shared/compression.ts";
import { createRouter } from "./shared/context.ts";
import { corsFor } from "./shared/cors.ts";
import { createProcessJobs, createQueueJobs } from "./shared/jobs.ts";
import { defaultLogger, requestLog } from "./shared/logging.ts";
import { notFound, onError } from "./shared/problems.ts";
import { createQuotaHolds } from "./shared/quotas.ts";
import { createRateLimiter, rateLimit } from "./shared/rate-limit.ts";
import { routeMethods } from "./shared/route-methods.ts";
import { securityHeaders } from "./shared/security-headers.ts";
import { createSolveGate } from "./shared/solve-gate.ts";
import { strictQuery } from "./shared/strict-query.ts";
import type {
  AppEnv,
  JobScheduler,
  Logger,
  MessageQueue,
  OffloadFn,
  RateLimiter,
  ResolveHost,
  Services,
  SolveBudget,
  SolveFn,
  SolveGate,
  WebhookSender,
} from "./shared/types.ts";
import { createQueueWebhookSender, createWebhookSender } from "./shared/webhooks.ts";
import { solveRouter } from "./solve/index.ts";
import { sweepsRouter } from "./sweeps/index.ts";
import { transferRouter } from "./transfer/index.ts";
import { usageRouter } from "./usage/index.ts";
import { webhooksRouter } from "./webhooks/index.ts";

export interface AppDeps {
  /** A migrated database. */
  db: Db;
  solve: SolveFn;
  /** Runs large-body parsing on worker threads (the Node entry passes its pool's runModule). */
  offload?: OffloadFn;
  /** The file database the offloaded upload workers store into (see Services). */
  offloadDatabase?: DatabaseConfig;
  clock: () => Date;
  newId: NewId;
  limits: Limits;
  /**
   * Sets `organisationId`, `role` and `keyId` for /v1 routes: API keys (`apiKeyAuth`) unless
   * given; `openAccess` is the AUTH=off bypass for local development.
   */
  identify?: MiddlewareHandler<AppEnv>;
  /** Where log lines go: JSON lines on stdout and stderr unless given. */
  log?: Logger;
  /**
   * The caller's network address, from the runtime: the Node server's socket, Cloudflare's
   * CF-Connecting-IP. Failed authentications are counted per address; unknown, all count as one.
   */
  clientAddress?: (c: Context) => string | undefined;
  /** Milliseconds for the rate limiter's windows; Date.now unless given. */
  now?: () => number;
  /** swagger-ui-dist's files for /docs; without them /docs has no assets to load. */
  docsAssets?: DocsAssets;
  /** The built planner page for /; without it / says the page is not built. */
  page?: PageSource;
  /**
   * Bounds concurrent solves; one made from `limits` unless given (tests give one they watch; the
   * Worker one counted by a Durable Object for the whole deployment).
   */
  solveGate?: SolveGate;
  /**
   * Requests per key and failed authentications per address: in-memory limiters from `limits`
   * unless given (the Worker's count in a Durable Object, with the same limits).
   */
  rateLimiters?: { requests: RateLimiter; authFailures: RateLimiter };
  /** The largest network a request may solve (the Worker's CPU budget); unbounded unless given. */
  solveBudget?: SolveBudget;
  /**
   * False where work cannot outlive its request (Workers without a queue): Prefer: respond-async
   * is ignored and webhooks are off (501).
   */
  jobs?: boolean;
  /**
   * The JOBS queue (Workers): jobs and webhook deliveries are sent to it and run by its consumer
   * (src/http/queue-consumer.ts) instead of in this process.
   */
  queue?: MessageQueue;
  /** How webhooks deliver; off (the defaults of src/config.ts) unless given. Unused without jobs. */
  webhookSettings?: WebhookSettings;
  /** Name resolution for the webhook destination check (Node); without it literal hosts only. */
  resolveHost?: ResolveHost;
  /** A sender made by the entry (which also resumes deliveries); one from the settings unless given. */
  webhooks?: WebhookSender;
  /** Origins whose pages may call the API (CORS_ORIGINS); none, or absent: no CORS. */
  corsOrigins?: readonly string[];
  /**
   * Response encoders (br, gzip) from the runtime: the Node entry brings node:zlib's; absent, answers
   * go uncompressed (Workers: Cloudflare compresses at its edge).
   */
  encoders?: Encoders;
}

/** src/config.ts's defaults: private destinations refused, 5 attempts from 30 s apart. */
export const defaultWebhookSettings: WebhookSettings = {
  allowPrivate: false,
  maxAttempts: 5,
  retryBaseMs: 30_000,
  timeoutMs: 10_000,
};

/** Where jobs run and how webhooks deliver: in this process, on the queue, or nowhere. */
function jobsAndWebhooks(
  deps: AppDeps,
  repositories: Repositories,
  log: Logger,
): { jobs?: JobScheduler; webhooks?: WebhookSender } {
  const settings = deps.webhookSettings ?? defaultWebhookSettings;
  if (deps.queue !== undefined)
    return {
      jobs: createQueueJobs(deps.queue),
      webhooks:
        deps.webhooks ??
        createQueueWebhookSender({
          repositories,
          settings,
          clock: deps.clock,
          log,
          queue: deps.queue,
        }),
    };
  // Webhooks retry later, so they go where jobs go: not on Workers without a queue.
  if (deps.jobs === false) return {};
  return {
    jobs: createProcessJobs(runJobTask),
    webhooks:
      deps.webhooks ??
      createWebhookSender({
        repositories,
        settings,
        clock: deps.clock,
        log,
        resolveHost: deps.resolveHost,
      }),
  };
}

/** What every handler reaches through c.var.services; a queue consumer uses the same. */
export function createServices(deps: AppDeps): Services {
  const repositories = createRepositories(deps);
  const log = deps.log ?? defaultLogger;
  const { jobs, webhooks } = jobsAndWebhooks(deps, repositories, log);
  return {
    repositories,
    solve: deps.solve,
    ...(deps.offload === undefined ? {} : { offload: deps.offload }),
    ...(deps.offloadDatabase === undefined ? {} : { offloadDatabase: deps.offloadDatabase }),
    solveGate: deps.solveGate ?? createSolveGate(deps.limits),
    ...(deps.solveBudget === undefined ? {} : { solveBudget: deps.solveBudget }),
    quotaHolds: createQuotaHolds(),
    ...(jobs === undefined ? {} : { jobs }),
    ...(webhooks === undefined ? {} : { webhooks }),
    limits: deps.limits,
    authFailures:
      deps.rateLimiters?.authFailures ??
      createRateLimiter(deps.limits.authFailuresPerMinute, deps.now),
    log,
    clock: deps.clock,
  };
}

/** The app over `services` (made from `deps` unless given: a Worker shares them with its consumer). */
export function createApp(deps: AppDeps, services: Services = createServices(deps)) {
  const app = createRouter();
  app.onError(onError);
  app.notFound(notFound(routeMethods(() => app.routes)));

  app.use("*", async (c, next) => {
    c.set("services", services);
    c.set("clientAddress", deps.clientAddress?.(c) ?? "unknown");
    await next();
  });
  app.use("*", ...requestLog());
  if (deps.encoders !== undefined) app.use("*", compression(deps.encoders));
  app.use("*", securityHeaders());
  // Before the key check: a browser's preflight carries no Authorization.
  if (deps.corsOrigins !== undefined && deps.corsOrigins.length > 0) {
    app.use("*", corsFor(deps.corsOrigins));
  }
  // Who is asking comes first: a caller without a valid key learns nothing else, not even a limit.
  app.use("/v1/*", deps.identify ?? apiKeyAuth);
  app.use(
    "/v1/*",
    rateLimit(
      deps.rateLimiters?.requests ?? createRateLimiter(deps.limits.requestsPerMinute, deps.now),
    ),
  );
  app.use("/v1/*", requestBodyLimit(deps.limits.bodyBytes));
  app.use(
    "/v1/*",
    strictQuery(() => app.openAPIRegistry.definitions),
  );

  app.route("/", healthRouter());
  app.route("/", solveRouter());
  app.route("/", sweepsRouter());
  app.route("/", datasetsRouter());
  app.route("/", scenariosRouter());
  app.route("/", plansRouter());
  app.route("/", batchesRouter());
  app.route("/", jobsRouter());
  app.route("/", planRegionsRouter());
  app.route("/", comparisonsRouter());
  app.route("/", keysRouter());
  app.route("/", usageRouter());
  app.route("/", webhooksRouter());
  app.route("/", transferRouter());
  app.openAPIRegistry.registerComponent("securitySchemes", securitySchemeName, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "afk_<id>_<secret>",
    description:
      "An API key: `Authorization: Bearer afk_...`. Each key belongs to one organisation and has a role: viewer (read), planner (also solve and create datasets, scenarios and plans) or admin (also manage keys). Each operation names the least role it needs. Create keys with `npm run keys -- create --org NAME --role ROLE` or `POST /v1/keys`.",
  });
  registerDocs(app, { limits: deps.limits, assets: deps.docsAssets });
  registerPage(app, deps.page);
  return app;
}

export type App = ReturnType<typeof createApp>;
