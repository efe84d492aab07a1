import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import * as batchRoutes from "../../src/http/batches/batches.routes.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as routes from "../../src/http/jobs/jobs.routes.ts";
import * as planRoutes from "../../src/http/plans/plans.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as sweepRoutes from "../../src/http/sweeps/sweeps.routes.ts";
import { solveNetwork } from "../../src/solve/solve.ts";
import { createTestApp, fixture, jsonRequest, readAs, readProblem } from "./support/test-app.ts";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
const apps: TestApp[] = [];
afterAll(() => {
  for (const app of apps) app.close();
});

const network = fixture("two-plants.json");
const rail = [{ kind: "scaleModeCost", mode: "rail", factor: 1 }];
const parameter = { change: 0, field: "factor", from: 0.5, to: 3 };
const async = { "content-type": "application/json", prefer: "respond-async" };

const post = (t: TestApp, path: string, body: unknown, headers: Record<string, string> = async) =>
  t.app.request(path, { method: "POST", headers, body: JSON.stringify(body) });

/** The job once it has ended (a generous poll: the work runs after the 202). */
async function ended(t: TestApp, location: string) {
  await expect
    .poll(async () => (await (await t.app.request(location)).json()).status, { timeout: 60_000 })
    .not.toBe("running");
  return readAs(await t.app.request(location), routes.get, 200);
}

async function scenarioIds(t: TestApp, factors: number[]) {
  const answer = await post(t, "/v1/datasets", { network }, { "content-type": "application/json" });
  // 200 when an earlier test of the same app stored it.
  const dataset = await readAs(answer, datasetRoutes.create, answer.status === 200 ? 200 : 201);
  const ids: string[] = [];
  for (const factor of factors) {
    const scenario = await readAs(
      await t.app.request(
        "/v1/scenarios",
        jsonRequest("POST", {
          datasetId: dataset.id,
          name: `rail x${factor}`,
          changes: [{ kind: "scaleModeCost", mode: "rail", factor }],
        }),
      ),
      scenarioRoutes.create,
      201,
    );
    ids.push(scenario.id);
  }
  return ids;
}

describe("Prefer: respond-async", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    apps.push(t);
  });

  it("answers a sweep 202 with the job's Location, whose result is the sweep the request would have answered", async () => {
    const accepted = await post(t, "/v1/sweeps", { network, changes: rail, parameter });
    const job = await readAs(accepted, sweepRoutes.sweep, 202);
    expect(accepted.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
    expect(accepted.headers.get("preference-applied")).toBe("respond-async");
    expect(job.kind).toBe("sweep");
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("succeeded");
    expect(done.progress.phase).toBe("done");
    const sync = await readAs(
      await post(
        t,
        "/v1/sweeps",
        { network, changes: rail, parameter },
        { "content-type": "application/json" },
      ),
      sweepRoutes.sweep,
      200,
    );
    const result = done.result as typeof sync;
    expect(result.breakpoints).toEqual(sync.breakpoints);
  });

  it("stores a failed job's problem as the request would have answered it", async () => {
    const job = await readAs(
      await post(t, "/v1/sweeps", {
        network,
        changes: rail,
        parameter: { ...parameter, field: "mode" },
      }),
      sweepRoutes.sweep,
      202,
    );
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("failed");
    expect(done.problem).toMatchObject({ status: 422, code: "validation_failed" });
    expect(done.problem?.errors?.[0]?.pointer).toBe("/parameter/field");
  });

  it("runs a batch as a job, counting the plans stored", async () => {
    const ids = await scenarioIds(t, [1, 2]);
    const job = await readAs(
      await post(t, "/v1/batches", { scenarioIds: ids }),
      batchRoutes.create,
      202,
    );
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("succeeded");
    expect(done.progress).toEqual({ phase: "done", done: 2, total: 2 });
    const items = (done.result as { items: { id: string }[] }).items;
    for (const item of items)
      await readAs(await t.app.request(`/v1/plans/${item.id}`), planRoutes.get, 200);
  });

  it("runs a scenario's plan as a job whose resultUrl is the stored plan", async () => {
    const [id] = await scenarioIds(t, [1.5]);
    const accepted = await post(t, `/v1/scenarios/${id}/plans`, {});
    const job = await readAs(accepted, planRoutes.create, 202);
    expect(accepted.headers.get("location")).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: "plan", status: "running", resultUrl: null });
    expect(job.progress.phase).toBe("running");
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("succeeded");
    expect(done.progress.phase).toBe("done");
    const summary = done.result as { id: string; scenarioId: string };
    expect(summary.scenarioId).toBe(id);
    expect(done.resultUrl).toBe(`/v1/plans/${summary.id}`);
    const stored = await readAs(await t.app.request(done.resultUrl ?? ""), planRoutes.get, 200);
    expect(stored.scenarioId).toBe(id);
    expect(stored.plan.status).toBe("optimal");
  });

  it("runs an upload as a job whose resultUrl is the stored dataset; a sweep's job has none", async () => {
    const renamed = { ...network, name: "two plants, uploaded later" };
    const job = await readAs(
      await post(t, "/v1/datasets", { network: renamed }),
      datasetRoutes.create,
      202,
    );
    expect(job.kind).toBe("dataset");
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("succeeded");
    expect(done.progress.phase).toBe("done");
    const id = (done.result as { id: string }).id;
    expect(done.resultUrl).toBe(`/v1/datasets/${id}`);
    const stored = await readAs(await t.app.request(done.resultUrl ?? ""), datasetRoutes.get, 200);
    expect(stored.network.name).toBe("two plants, uploaded later");

    const sweep = await readAs(
      await post(t, "/v1/sweeps", { network, changes: rail, parameter }),
      sweepRoutes.sweep,
      202,
    );
    expect((await ended(t, `/v1/jobs/${sweep.id}`)).resultUrl).toBeNull();
  });

  it("is ignored where work cannot outlive its request (Workers): the sweep is answered whole", async () => {
    const worker = await createTestApp({ jobs: false });
    apps.push(worker);
    const answered = await post(worker, "/v1/sweeps", { network, changes: rail, parameter });
    const sweep = await readAs(answered, sweepRoutes.sweep, 200);
    expect(sweep.breakpoints).toHaveLength(2);
    expect(answered.headers.get("preference-applied")).toBeNull();
  });

  it("answers an unknown job 404", async () => {
    await readProblem(await t.app.request("/v1/jobs/jb_nope"), routes.get, "not_found");
  });
});

describe("DELETE /v1/jobs/{id}", () => {
  it("cancels a batch: the solves in flight are stored, no more start, and the job ends cancelled", async () => {
    // Solves wait here until the gate opens, so the cancel lands while two scenarios are in flight:
    // both wait for their dataset's baseline plan (solved once, first) before their own solve.
    const waiting: (() => void)[] = [];
    let open = false;
    let started = 0;
    let firstStarted: () => void = () => {};
    const baselineStarted = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const t = await createTestApp({
      solve: async (...args: Parameters<typeof solveNetwork>): Promise<Plan> => {
        if (++started === 1) firstStarted();
        if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
        return solveNetwork(...args);
      },
    });
    apps.push(t);
    const ids = await scenarioIds(t, [1, 1.5, 2]);
    const job = await readAs(
      await post(t, "/v1/batches", { scenarioIds: ids }),
      batchRoutes.create,
      202,
    );
    await baselineStarted;
    const cancelled = await readAs(
      await t.app.request(`/v1/jobs/${job.id}`, { method: "DELETE" }),
      routes.cancel,
      202,
    );
    expect(cancelled.status).toBe("running");
    open = true;
    for (const resolve of waiting.splice(0)) resolve();
    const done = await ended(t, `/v1/jobs/${job.id}`);
    expect(done.status).toBe("cancelled");
    expect(done.progress).toEqual({ phase: "done", done: 2, total: 3 });
    const plans = await readAs(await t.app.request("/v1/plans"), planRoutes.list, 200);
    expect(plans.items).toHaveLength(2);
  });
});
