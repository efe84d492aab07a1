import type { RouteConfig } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exampleIds, requestExamples } from "../../src/http/shared/examples.ts";
import type { SolveFn } from "../../src/http/shared/types.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import {
  createOrganisationRepository,
  defaultOrganisationId,
} from "../../src/storage/organisations.ts";
import { exampleNewId } from "./support/example-ids.ts";
import { createTestApp, jsonRequest } from "./support/test-app.ts";

// The document's response examples are real answers: this flow makes each one on a fresh install
// and the committed file must equal what it got (`npm run docs:examples` rewrites it). Values that
// differ from run to run (timings, secrets) are pinned to a fixed example of the same shape.
const examplesFile = "../../src/http/docs/response-examples.json";
const at = new Date("2026-12-04T09:30:00.000Z");

interface Captured {
  contentType: string;
  body: unknown;
}

const volatile: Record<string, unknown> = {
  ms: 12.5,
  key: "afk_0010_k7q2m9x4zp0vbqe3r8lwt5nyc1hdj6uf2a9s",
  secret: "whsec_MfKQ9r6tJ3y8aB2vN5xZ0wLp7cE4hG1sYt2dQ8uRkA=",
};
// Timings (solveMs, prepareMs, ...); a limit the request chose (timeLimitMs) is no timing.
const isTiming = (key: string) => key.endsWith("Ms") && key !== "timeLimitMs";

/** Pins the run-dependent values, found by key at any depth. */
function pinned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pinned);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      typeof item === "number" && isTiming(key)
        ? 12.5
        : key in volatile && item !== null && typeof item !== "object"
          ? volatile[key]
          : pinned(item),
    ]),
  );
}

let t: Awaited<ReturnType<typeof createTestApp>>;
let release: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const captured = new Map<string, Captured>();

// Solves wait at the gate while it is shut, so a job is caught running (for the cancel example).
// Their timings are pinned before the plan is stored, so the bytes usage counts are the same too.
const gatedSolve: SolveFn = async (...args) => {
  await gate;
  return pinned(await solveNetwork(...args)) as Awaited<ReturnType<SolveFn>>;
};

async function capture(key: string, response: Response): Promise<unknown> {
  const status = key.split(" ")[2];
  const text = await response.text();
  expect(String(response.status), `${key}: ${text}`).toBe(status);
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0] ?? "";
  const body = contentType.endsWith("json") ? JSON.parse(text) : text;
  captured.set(key, { contentType, body: pinned(body) });
  return body;
}

const asyncHeaders = { "content-type": "application/json", prefer: "respond-async" };
const request = (path: string, init?: RequestInit) => t.app.request(path, init);
const postAsync = (path: string, body: unknown) =>
  request(path, { method: "POST", headers: asyncHeaders, body: JSON.stringify(body) });

/** Waits until the job's status matches (vi.waitFor: expect.poll runs only inside a test). */
async function reaches(location: string, status: RegExp): Promise<void> {
  await vi.waitFor(
    async () => {
      const job = (await (await request(location)).json()) as { status: string };
      if (!status.test(job.status)) throw new Error(`${location} is ${job.status}`);
    },
    { timeout: 60_000, interval: 10 },
  );
}
const ended = (location: string) => reaches(location, /succeeded|failed|cancelled/);

beforeAll(async () => {
  t = await createTestApp({
    newId: exampleNewId(),
    clock: () => at,
    solve: gatedSolve,
    resolveHost: async () => ["93.184.215.14"],
  });
  await createOrganisationRepository(t.db, exampleNewId(), () => at).ensure(
    "default",
    defaultOrganisationId,
  );
  const { dataset, scenario, plan, otherPlan } = exampleIds;
  await capture("get /healthz 200", await request("/healthz"));
  await capture(
    "post /v1/datasets 201",
    await request("/v1/datasets", jsonRequest("POST", requestExamples.newDataset)),
  );
  await capture(
    "post /v1/datasets 200",
    await request("/v1/datasets", jsonRequest("POST", requestExamples.newDataset)),
  );
  const datasetJob = await capture(
    "post /v1/datasets 202",
    await postAsync("/v1/datasets", requestExamples.newDataset),
  );
  await ended(`/v1/jobs/${(datasetJob as { id: string }).id}`);
  await capture("get /v1/datasets 200", await request("/v1/datasets"));
  await capture("get /v1/datasets/{id} 200", await request(`/v1/datasets/${dataset}`));
  await capture(
    "post /v1/scenarios 201",
    await request("/v1/scenarios", jsonRequest("POST", requestExamples.newScenario)),
  );
  await capture("get /v1/scenarios 200", await request("/v1/scenarios"));
  await capture("get /v1/scenarios/{id} 200", await request(`/v1/scenarios/${scenario}`));
  const plans = `/v1/scenarios/${scenario}/plans`;
  await capture(
    "post /v1/scenarios/{id}/plans 201",
    await request(plans, jsonRequest("POST", requestExamples.newPlan)),
  );
  await request(plans, jsonRequest("POST", { options: { sensitivity: "off" } }));
  const planJob = await capture(
    "post /v1/scenarios/{id}/plans 202",
    await postAsync(plans, requestExamples.newPlan),
  );
  await ended(`/v1/jobs/${(planJob as { id: string }).id}`);
  await capture("get /v1/plans 200", await request("/v1/plans?limit=2"));
  await capture("get /v1/plans/{id} 200", await request(`/v1/plans/${plan}`));
  await capture("get /v1/plans/{id}/flows.csv 200", await request(`/v1/plans/${plan}/flows.csv`));
  await capture("get /v1/plans/{id}/regions 200", await request(`/v1/plans/${plan}/regions`));
  await capture(
    "get /v1/plans/{id}/compare/{otherId} 200",
    await request(`/v1/plans/${plan}/compare/${otherPlan}`),
  );
  await capture(
    "post /v1/plans/compare 200",
    await request("/v1/plans/compare", jsonRequest("POST", requestExamples.compare)),
  );
  await capture(
    "post /v1/batches 201",
    await request("/v1/batches", jsonRequest("POST", requestExamples.newBatch)),
  );
  const batchJob = await capture(
    "post /v1/batches 202",
    await postAsync("/v1/batches", requestExamples.newBatch),
  );
  const batchJobPath = `/v1/jobs/${(batchJob as { id: string }).id}`;
  await ended(batchJobPath);
  await capture("get /v1/jobs/{id} 200", await request(batchJobPath));
  gate = new Promise((open) => {
    release = open;
  });
  const running = (await (await postAsync("/v1/batches", requestExamples.newBatch)).json()) as {
    id: string;
  };
  const runningPath = `/v1/jobs/${running.id}`;
  await reaches(runningPath, /running/);
  await capture("delete /v1/jobs/{id} 202", await request(runningPath, { method: "DELETE" }));
  release();
  await ended(runningPath);
  await capture(
    "post /v1/solve 200",
    await request("/v1/solve", jsonRequest("POST", requestExamples.solve)),
  );
  await capture(
    "post /v1/sweeps 200",
    await request("/v1/sweeps", jsonRequest("POST", requestExamples.sweep)),
  );
  const sweepJob = await capture(
    "post /v1/sweeps 202",
    await postAsync("/v1/sweeps", requestExamples.sweep),
  );
  await ended(`/v1/jobs/${(sweepJob as { id: string }).id}`);
  // A plan's hash covers its stored timings, which differ per run: pinned like them (nothing in a
  // bundle refers to a plan by it; the import example, requestExamples.importBundle, is whole).
  await capture("get /v1/export 200", await request("/v1/export"));
  const exported = captured.get("get /v1/export 200")?.body as { plans: { contentHash: string }[] };
  for (const [i, plan] of exported.plans.entries())
    plan.contentHash = `sha256:${String(i + 1).repeat(64)}`;
  await capture(
    "post /v1/import 200",
    await request("/v1/import", jsonRequest("POST", requestExamples.importBundle)),
  );
  await capture("get /v1/usage 200", await request("/v1/usage"));
  const key = (await capture(
    "post /v1/keys 201",
    await request("/v1/keys", jsonRequest("POST", requestExamples.newApiKey)),
  )) as { id: string };
  await capture("get /v1/keys 200", await request("/v1/keys"));
  await capture(
    "delete /v1/keys/{id} 200",
    await request(`/v1/keys/${key.id}`, { method: "DELETE" }),
  );
  // Last: an event after it would try to reach the example's address.
  const hook = (await capture(
    "post /v1/webhooks 201",
    await request("/v1/webhooks", jsonRequest("POST", requestExamples.newWebhook)),
  )) as { id: string };
  await capture("get /v1/webhooks 200", await request("/v1/webhooks"));
  await capture("get /v1/webhooks/{id} 200", await request(`/v1/webhooks/${hook.id}`));
  await capture(
    "get /v1/webhooks/{id}/deliveries 200",
    await request(`/v1/webhooks/${hook.id}/deliveries`),
  );
  // Last too: the answers above show the scenario under its first name.
  await capture(
    "patch /v1/scenarios/{id} 200",
    await request(`/v1/scenarios/${scenario}`, jsonRequest("PATCH", requestExamples.scenarioPatch)),
  );
}, 180_000);
afterAll(() => {
  release();
  t.close();
});

interface RegisteredRoute {
  type: string;
  route?: RouteConfig;
}

describe("the document's response examples", () => {
  it("are the answers a fresh install gives, as committed", async () => {
    const file = Object.fromEntries([...captured].sort(([a], [b]) => a.localeCompare(b)));
    await expect(`${JSON.stringify(file, null, 2)}\n`).toMatchFileSnapshot(examplesFile);
  });

  it("cover every answer with a body the document declares, except workbooks", () => {
    const routes = (t.app.openAPIRegistry.definitions as RegisteredRoute[]).flatMap((d) =>
      d.type === "route" && d.route !== undefined ? [d.route] : [],
    );
    const declared = routes.flatMap((route) =>
      Object.entries(route.responses).flatMap(([status, response]) =>
        Number(status) < 400 &&
        "content" in response &&
        response.content !== undefined &&
        Object.keys(response.content).some((type) => !type.includes("spreadsheetml"))
          ? [`${route.method} ${route.path} ${status}`]
          : [],
      ),
    );
    expect([...captured.keys()].sort()).toEqual(declared.sort());
  });

  it("each match the schema of the answer they illustrate", () => {
    const routes = (t.app.openAPIRegistry.definitions as RegisteredRoute[]).flatMap((d) =>
      d.type === "route" && d.route !== undefined ? [d.route] : [],
    );
    for (const [key, { contentType, body }] of captured) {
      const [method, path, status] = key.split(" ");
      const route = routes.find((r) => r.method === method && r.path === path);
      const response = route?.responses[Number(status)];
      const media = response && "content" in response ? response.content?.[contentType] : undefined;
      expect(media, key).toBeDefined();
      const schema = (media as { schema?: unknown } | undefined)?.schema as {
        safeParse?: (v: unknown) => { success: boolean };
      };
      if (typeof schema.safeParse === "function") {
        const result = schema.safeParse(body);
        expect(result.success, `${key}: ${JSON.stringify(result)}`).toBe(true);
      } else {
        expect(typeof body, key).toBe("string");
      }
    }
  });
});
