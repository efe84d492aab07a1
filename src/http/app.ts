// createApp(deps): the whole HTTP API as one runtime-neutral Hono app; the entries bring the runtime.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Limits } from "../config.ts";
import type { Db } from "../storage/db.ts";
import type { NewId } from "../storage/ids.ts";
import { createRepositories } from "../storage/repositories.ts";
import { comparisonsRouter } from "./comparisons.index.ts";
import { type AppEnv, createRouter, type Services, type SolveFn } from "./context.ts";
import { datasetsRouter } from "./datasets.index.ts";
import { type DocsAssets, registerDocs } from "./docs.ts";
import { healthRouter } from "./health.index.ts";
import { defaultOrganisation } from "./organisation.ts";
import { type PageSource, registerPage } from "./page.ts";
import { plansRouter } from "./plans.index.ts";
import { ApiError, notFound, onError } from "./problems.ts";
import { scenariosRouter } from "./scenarios.index.ts";
import { solveRouter } from "./solve.index.ts";

export interface AppDeps {
  /** A migrated database. */
  db: Db;
  solve: SolveFn;
  clock: () => Date;
  newId: NewId;
  limits: Limits;
  /**
   * Sets `organisationId` for /v1 routes (API keys will, later); defaults to the one default
   * organisation.
   */
  identify?: MiddlewareHandler<AppEnv>;
  /** swagger-ui-dist's files for /docs; without them /docs has no assets to load. */
  docsAssets?: DocsAssets;
  /** The built planner page for /; without it / says the page is not built. */
  page?: PageSource;
}

export function createApp(deps: AppDeps) {
  const services: Services = {
    db: deps.db,
    repositories: createRepositories(deps),
    solve: deps.solve,
    limits: deps.limits,
  };
  const app = createRouter();
  app.onError(onError);
  app.notFound(notFound);

  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.limits.bodyBytes,
      onError: () => {
        throw new ApiError(
          "payload_too_large",
          `The body is larger than ${deps.limits.bodyBytes} bytes`,
        );
      },
    }),
  );
  app.use("/v1/*", deps.identify ?? defaultOrganisation);

  app.route("/", healthRouter());
  app.route("/", solveRouter());
  app.route("/", datasetsRouter());
  app.route("/", scenariosRouter());
  app.route("/", plansRouter());
  app.route("/", comparisonsRouter());
  registerDocs(app, { limits: deps.limits, assets: deps.docsAssets });
  registerPage(app, deps.page);
  return app;
}

export type App = ReturnType<typeof createApp>;
