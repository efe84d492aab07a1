// An app over a fresh temp-file database, fixed ids and clock, and helpers that read responses by contract.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RouteConfig } from "@hono/zod-openapi";
import { createClient } from "@libsql/client";
import { expect } from "vitest";
import type { z } from "zod";
import type { NetworkInput } from "../../../models/allocation/network.ts";
import type { Limits } from "../../../src/config.ts";
import { type App, type AppDeps, createApp } from "../../../src/http/app.ts";
import * as datasetRoutes from "../../../src/http/datasets/datasets.routes.ts";
import * as scenarioRoutes from "../../../src/http/scenarios/scenarios.routes.ts";
import { openAccess } from "../../../src/http/shared/auth.ts";
import { silentLogger } from "../../../src/http/shared/logging.ts";
import {
  type Problem,
  type ProblemCode,
  problemSchema,
} from "../../../src/http/shared/problems.ts";
import { solveNetwork } from "../../../src/solve/solve.ts";
import { createDb } from "../../../src/storage/db.ts";
import type { NewId } from "../../../src/storage/ids.ts";
import { migrate } from "../../../src/storage/migrate.ts";

export const testLimits: Limits = {
  bodyBytes: 64 * 1024,
  nodes: 40,
  lanes: 400,
  defaultSolveTimeLimitMs: 5_000,
  maxSolveTimeLimitMs: 10_000,
  requestsPerMinute: 100_000,
  authFailuresPerMinute: 1_000,
  concurrentSolves: 2,
  queuedSolves: 8,
  solvesPerOrganisation: 100,
  solveQueueTimeoutMs: 10_000,
  idempotencyTtlMs: 24 * 3_600_000,
  quotas: {
    storedBytes: 1024 * 1024 * 1024,
    datasets: 10_000,
    scenarios: 10_000,
    plans: 10_000,
    apiKeys: 10_000,
  },
  offloadBodyBytes: 256 * 1024,
};

/** ds_0001, sc_0002, ...: one counter, so ids also tell the order things were made in. */
export function sequentialIds(): NewId {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(4, "0")}`;
}

/** Starts at 2025-01-01T00:00:00Z and moves one second per reading. */
export function steppingClock(): () => Date {
  let ms = Date.parse("2025-01-01T00:00:00Z");
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

/**
 * A migrated database in a temp file (an in-memory libSQL database is per connection, and
 * transactions take a connection of their own) and an app over it. Route tests test routes: every
 * caller is admin of the default organisation (the AUTH=off bypass) and logs go nowhere, unless
 * `identify` or `log` says otherwise; test/http/security.test.ts tests the keys. Overrides that
 * need the database's URL (a worker's own connection) come from a function of it.
 */
export async function createTestApp(
  overrides: Partial<AppDeps> | ((databaseUrl: string) => Partial<AppDeps>) = {},
) {
  const dir = mkdtempSync(join(tmpdir(), "anodeflow-http-"));
  const url = `file:${join(dir, "test.db")}`;
  const client = createClient({ url });
  const db = createDb(client);
  await migrate(db);
  const app = createApp({
    db,
    solve: solveNetwork,
    clock: steppingClock(),
    newId: sequentialIds(),
    limits: testLimits,
    identify: openAccess,
    log: silentLogger,
    ...(typeof overrides === "function" ? overrides(url) : overrides),
  });
  return {
    app,
    db,
    client,
    close() {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const fixture = (name: string): NetworkInput =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8"));

export const jsonRequest = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

type ContentOf<R extends RouteConfig, S extends keyof R["responses"]> = R["responses"][S] extends {
  content: infer C;
}
  ? C[keyof C] extends { schema: infer Schema extends z.ZodType }
    ? z.output<Schema>
    : never
  : never;

/**
 * Asserts the status, that the route's contract declares it with this media type, and parses the
 * body with the contract's own schema.
 */
export async function readAs<R extends RouteConfig, S extends keyof R["responses"] & number>(
  response: Response,
  route: R,
  status: S,
): Promise<ContentOf<R, S>> {
  const body = await response.text();
  expect(response.status, body.slice(0, 500)).toBe(status);
  const content = (route.responses[status] as { content?: Record<string, { schema: z.ZodType }> })
    .content;
  const [mediaType, declared] = Object.entries(content ?? {})[0] ?? [];
  if (mediaType === undefined || declared === undefined) {
    throw new Error(`${route.method} ${route.path} declares no content for ${status}`);
  }
  expect(response.headers.get("content-type")).toContain(mediaType);
  const parsed = declared.schema.safeParse(mediaType.includes("json") ? JSON.parse(body) : body);
  if (!parsed.success) throw new Error(`response breaks its contract: ${parsed.error.message}`);
  return parsed.data as ContentOf<R, S>;
}

/**
 * Asserts a problem+json response with this code, that the route declares its status (pass
 * undefined for answers outside any route, such as an unknown path), and returns the problem.
 */
export async function readProblem(
  response: Response,
  route: RouteConfig | undefined,
  code: ProblemCode,
): Promise<Problem> {
  const text = await response.text();
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = problemSchema.parse(JSON.parse(text));
  expect(problem.code, text).toBe(code);
  expect(problem.status).toBe(response.status);
  expect(problem.type).toBe("about:blank");
  expect(problem.instance).toMatch(/^\//);
  if (route !== undefined) {
    expect(
      Object.keys(route.responses),
      `${route.method} ${route.path} does not declare ${response.status}`,
    ).toContain(String(response.status));
  }
  return problem;
}

/** The pointers (or parameter names) of a problem's errors. */
export const pointers = (problem: Problem) =>
  (problem.errors ?? []).map((error) => ("pointer" in error ? error.pointer : error.parameter));

/** Stores `network` as a dataset and a change-free "baseline" scenario on it, through the API. */
export async function createBaseline(app: Pick<App, "request">, network: NetworkInput) {
  const post = (path: string, body: unknown) => app.request(path, jsonRequest("POST", body));
  const dataset = await readAs(await post("/v1/datasets", { network }), datasetRoutes.create, 201);
  const scenario = await readAs(
    await post("/v1/scenarios", { datasetId: dataset.id, name: "baseline" }),
    scenarioRoutes.create,
    201,
  );
  return { dataset, scenario };
}

/** A problem answer without its request id, so two answers to the same body compare equal. */
export async function comparableProblem(response: Response) {
  const { requestId: _, ...problem } = JSON.parse(await response.text());
  return { status: response.status, problem };
}

/** POSTs a raw JSON text, as a client that built the body itself sends it. */
export const postJsonText = async (
  app: Pick<App, "request">,
  path: string,
  body: string,
): Promise<Response> =>
  await app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
