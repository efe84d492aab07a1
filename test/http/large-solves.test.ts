import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import { createSolvePool, type SolvePool } from "../../src/solve/pool.ts";
import {
  comparableProblem,
  createTestApp,
  fixture,
  jsonRequest,
  postJsonText,
  readAs,
  testLimits,
} from "./support/test-app.ts";

const network = fixture("two-plants.json");

// Bodies that fail in each way parsing, validation, limits, changes and options can fail.
const badBodies: Record<string, unknown> = {
  "an unknown field deep in the network": {
    network: { ...network, plants: [{ ...network.plants[0], colour: "red" }] },
  },
  "both a network and a dataset id": { network, datasetId: "ds_x" },
  "wrong types": { network: { ...network, modes: "rail" }, changes: 3 },
  "more lanes than allowed": {
    network: {
      ...network,
      lanes: Array.from({ length: testLimits.lanes + 1 }, () => network.lanes?.[0]),
    },
  },
  "a change that names an unknown plant": {
    network,
    changes: [
      { kind: "scaleModeCost", mode: "rail", factor: 1.1 },
      { kind: "setPlantCapacity", plantId: "nowhere", capacityT: 10 },
    ],
  },
  "a time limit above the maximum": {
    network,
    options: { timeLimitMs: testLimits.maxSolveTimeLimitMs + 1 },
  },
  "an unknown solver": { network, options: { solver: "no-such-solver" } },
  "an unknown dataset id": { datasetId: "ds_nowhere" },
};

describe("solve requests over OFFLOAD_BODY_BYTES", () => {
  let pool: SolvePool;
  let onMain: Awaited<ReturnType<typeof createTestApp>>;
  let offloaded: Awaited<ReturnType<typeof createTestApp>>;
  const solve = (app: typeof onMain.app, body: string) => postJsonText(app, "/v1/solve", body);

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    onMain = await createTestApp();
    // A threshold of 0 sends every JSON body to a worker; the main thread's solve must not run.
    offloaded = await createTestApp({
      offload: pool.runModule,
      solve: pool.solve,
      limits: { ...testLimits, offloadBodyBytes: 0 },
    });
  });
  afterAll(async () => {
    onMain.close();
    offloaded.close();
    await pool.close();
  });

  it.each(["malformed JSON", ...Object.keys(badBodies)])(
    "answers a body with %s on a worker exactly as on the main thread",
    async (name) => {
      const body = name === "malformed JSON" ? '{"network": {' : JSON.stringify(badBodies[name]);
      const [main, worker] = await Promise.all([
        solve(onMain.app, body).then(comparableProblem),
        solve(offloaded.app, body).then(comparableProblem),
      ]);
      expect(worker.status).toBeGreaterThanOrEqual(400);
      expect(worker.status).toBeLessThan(500);
      expect(worker).toEqual(main);
    },
  );

  it("answers a network with changes with the plan the main thread gives", async () => {
    const body = JSON.stringify({
      network,
      changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1.15 }],
      options: { solver: "highs" },
    });
    const main = await readAs(await solve(onMain.app, body), solveRoutes.solve, 200);
    const worker = await readAs(await solve(offloaded.app, body), solveRoutes.solve, 200);
    expect(worker.status).toBe("optimal");
    expect(worker.status).toBe(main.status);
    expect(worker.objective?.value).toBeCloseTo(main.objective?.value ?? Number.NaN, 6);
    expect(worker.flows).toEqual(main.flows);
  });

  it("says in Server-Timing how long each phase took on the worker", async () => {
    const response = await solve(offloaded.app, JSON.stringify({ network }));
    expect(response.status).toBe(200);
    const header = response.headers.get("server-timing") ?? "";
    const phases = Object.fromEntries(
      header.split(", ").map((entry) => {
        const [name, dur] = entry.split(";dur=");
        return [name, Number(dur)];
      }),
    );
    expect(Object.keys(phases)).toEqual([
      "queue",
      "read",
      "parse",
      "validate",
      "plan",
      "solve",
      "build",
      "analysis",
      "interpret",
      "serialise",
    ]);
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0);
    // Build, solve, analysis and interpret run inside the plan phase (each rounded to 0.1 ms).
    const part = (name: string) => phases[name] ?? 0;
    const parts = ["build", "solve", "analysis", "interpret"].map(part);
    expect(parts.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(part("plan") + 0.5);
    const plan = await readAs(response, solveRoutes.solve, 200);
    expect(plan.status).toBe("optimal");
  });

  it("goes on with a body naming a stored dataset on the main thread", async () => {
    const stored = async (app: typeof onMain.app) =>
      readAs(
        await app.request("/v1/datasets", jsonRequest("POST", { network })),
        datasetRoutes.create,
        201,
      );
    const planOf = async (app: typeof onMain.app) => {
      const dataset = await stored(app);
      const body = JSON.stringify({ datasetId: dataset.id });
      return readAs(await solve(app, body), solveRoutes.solve, 200);
    };
    const [main, worker] = [await planOf(onMain.app), await planOf(offloaded.app)];
    expect(worker.status).toBe("optimal");
    expect(worker.objective?.value).toBeCloseTo(main.objective?.value ?? Number.NaN, 6);
  });
});
