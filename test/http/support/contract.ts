// Reading answers by their route's contract: runtime-neutral, so the Node suites and the workerd suite share it.
import type { RouteConfig } from "@hono/zod-openapi";
import { expect } from "vitest";
import type { z } from "zod";
import type { NetworkInput } from "../../../models/allocation/network.ts";
import * as datasetRoutes from "../../../src/http/datasets/datasets.routes.ts";
import * as scenarioRoutes from "../../../src/http/scenarios/scenarios.routes.ts";
import {
  type Problem,
  type ProblemCode,
  problemSchema,
} from "../../../src/http/shared/problems.ts";

/** What the helpers need of an app: Hono's `request`, or a Worker's fetch wrapped to look like it. */
export interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

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
export async function createBaseline(app: Requester, network: NetworkInput) {
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
