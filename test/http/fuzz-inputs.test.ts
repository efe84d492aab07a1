import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSchema } from "../../models/allocation/plan-schema.ts";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import * as solveRoutes from "../../src/http/solve/solve.routes.ts";
import {
  expectSafeAnswer,
  hostileId,
  hostileNumber,
  hostileValue,
  mutate,
  mutation,
  prototypeKeys,
  toBody,
} from "./support/fuzz.ts";
import { createTestApp, fixture, readAs, readProblem } from "./support/test-app.ts";

// Property-based fuzzing of the network and scenario inputs through the whole app, in process.
let t: Awaited<ReturnType<typeof createTestApp>>;
let datasetId: string;
const base = fixture("two-plants.json");
const prototypeBefore = prototypeKeys();

beforeAll(async () => {
  t = await createTestApp();
  datasetId = (
    await readAs(await post("/v1/datasets", { network: base }), datasetRoutes.create, 201)
  ).id;
});
afterAll(() => t.close());

const post = (path: string, body: unknown) =>
  t.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: toBody(body),
  });

/** The app still answers a plain solve with the fixture's known optimum. */
async function stillServes() {
  expect((await t.app.request("/healthz")).status).toBe(200);
  const plan = await readAs(await post("/v1/solve", { network: base }), solveRoutes.solve, 200);
  expect(plan.status).toBe("optimal");
  expect(plan.objective?.value).toBeCloseTo(2520, 6);
  expect(prototypeKeys()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** One change of any kind, with ids and values drawn from the hostile pools. */
const hostileChange = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      "scaleModeCost",
      "scaleLaneCost",
      "scaleLaneCapacity",
      "scalePlantCapacity",
      "scaleDemand",
    ),
    mode: hostileId,
    from: hostileId,
    to: hostileId,
    plantId: hostileId,
    smelterId: hostileId,
    factor: hostileNumber,
  }),
  fc.record({
    kind: fc.constantFrom("setLaneCost", "setLaneCapacity", "closeLane"),
    from: hostileId,
    to: hostileId,
    mode: hostileId,
    costPerT: hostileNumber,
    capacityT: hostileNumber,
  }),
  fc.record(
    {
      kind: fc.constantFrom(
        "setPlantCapacity",
        "setSmelterDemand",
        "setPortExport",
        "setPortPrice",
      ),
      plantId: hostileId,
      smelterId: hostileId,
      portId: hostileId,
      capacityT: hostileNumber,
      demandT: hostileNumber,
      minExportT: hostileNumber,
      maxExportT: hostileNumber,
      fobPricePerT: hostileNumber,
    },
    { requiredKeys: ["kind"] },
  ),
  fc.record({
    kind: fc.constantFrom("scaleDemand"),
    province: fc.constantFrom("Shandong", "Yunnan", "Atlantis", "__proto__"),
    factor: hostileNumber,
  }),
  fc.record({
    kind: fc.constantFrom("setAnodeFactor", "setCarbonPrice", "setObjective", "nope", "__proto__"),
    anodePerTonneAluminium: hostileNumber,
    carbonPricePerT: hostileNumber,
    objective: fc.constantFrom("minCost", "maxMargin", "maxCost", 1),
  }),
  hostileValue,
);

/** Valid changes with extreme but allowed values: they must give a valid plan, never a fault. */
// Values at the network format's bounds (tonnes <= 1e9, CNY/t <= 1e6, carbon price <= 1e5) and
// tiny ones: all valid, so all must solve. `beyond` gives values past those bounds.
const changeWith = (tonnes: number[], factors: number[], carbonPrices: number[]) =>
  fc.oneof(
    fc.record({
      kind: fc.constant("scaleModeCost"),
      mode: fc.constantFrom("rail", "road"),
      factor: fc.constantFrom(...factors),
    }),
    fc.record({
      kind: fc.constant("setPlantCapacity"),
      plantId: fc.constantFrom("a", "b"),
      capacityT: fc.constantFrom(...tonnes),
    }),
    fc.record({
      kind: fc.constant("setSmelterDemand"),
      smelterId: fc.constantFrom("x", "y"),
      demandT: fc.constantFrom(...tonnes),
    }),
    fc.record({
      kind: fc.constant("setPortExport"),
      portId: fc.constant("p"),
      maxExportT: fc.constantFrom(...tonnes),
    }),
    fc.record({
      kind: fc.constant("setCarbonPrice"),
      carbonPricePerT: fc.constantFrom(...carbonPrices),
    }),
  );
const extremeValidChange = fc.oneof(
  changeWith([0, 1e-9, 1e9], [0, 1e-300, 1e4], [0, 1e5]),
  fc.record({
    kind: fc.constant("setObjective"),
    objective: fc.constantFrom("minCost", "maxMargin"),
  }),
);
const beyondBoundsChange = changeWith([1e10, 1e300, Number.MAX_VALUE], [1e6, 1e300], [1e6, 1e300]);

describe("fuzzing the network (seed 7)", () => {
  it("answers 600 mutated networks with a plan or a 4xx problem, never a 5xx, and keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (mutations, store) => {
          const network = mutate(base, mutations);
          if (store) {
            await expectSafeAnswer(await post("/v1/datasets", { network }), "dataset");
          } else {
            await expectSafeAnswer(await post("/v1/solve", { network }), "solve", "plan");
          }
        },
      ),
      { seed: 7, numRuns: 600 },
    );
    await stillServes();
  });

  it("answers whole bodies of hostile shape (seed 11): wrong types, deep nesting, prototype keys", async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileValue,
        fc.constantFrom("/v1/solve", "/v1/datasets", "/v1/scenarios", "/v1/plans/compare"),
        async (body, path) => {
          await expectSafeAnswer(await post(path, body), path);
          await expectSafeAnswer(await post(path, { network: body, datasetId: body }), path);
        },
      ),
      { seed: 11, numRuns: 300 },
    );
    await stillServes();
  });
});

describe("fuzzing scenario changes (seed 13)", () => {
  it("answers 400 hostile change lists with a plan or a 4xx problem, stored or stateless", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileChange, { maxLength: 5 }),
        fc.nat({ max: 2 }),
        async (changes, where) => {
          if (where === 0) {
            await expectSafeAnswer(
              await post("/v1/solve", { datasetId, changes }),
              "solve",
              "plan",
            );
            return;
          }
          const scenario = (await expectSafeAnswer(
            await post("/v1/scenarios", { datasetId, name: "fuzz", changes }),
            "scenario",
          )) as { id: string } | undefined;
          if (scenario === undefined || where === 1) return;
          const stored = (await expectSafeAnswer(
            await post(`/v1/scenarios/${scenario.id}/plans`, {}),
            "plan",
          )) as { plan: unknown } | undefined;
          if (stored !== undefined) expect(planSchema.safeParse(stored.plan).success).toBe(true);
        },
      ),
      { seed: 13, numRuns: 400 },
    );
    await stillServes();
  });

  it("solves changes with values at the format's bounds into valid plans stored and read back (seed 17)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(extremeValidChange, { minLength: 1, maxLength: 4 }),
        async (changes) => {
          const scenario = (await expectSafeAnswer(
            await post("/v1/scenarios", { datasetId, name: "extreme", changes }),
            "scenario",
          )) as { id: string };
          expect(scenario?.id).toBeDefined();
          const response = await post(`/v1/scenarios/${scenario.id}/plans`, {});
          expect(response.status).toBe(201);
          const stored = (await expectSafeAnswer(response, "plan")) as {
            id: string;
            plan: unknown;
          };
          expect(planSchema.safeParse(stored.plan).success).toBe(true);
          const read = await t.app.request(`/v1/plans/${stored.id}`);
          expect(((await expectSafeAnswer(read, "read")) as { plan: unknown }).plan).toEqual(
            stored.plan,
          );
          await expectSafeAnswer(await t.app.request(`/v1/plans/${stored.id}/flows.csv`), "csv");
        },
      ),
      { seed: 17, numRuns: 150 },
    );
    await stillServes();
  });

  it("refuses values beyond the format's bounds with a 422 that points into the changes (seed 19)", async () => {
    await fc.assert(
      fc.asyncProperty(beyondBoundsChange, async (change) => {
        const response = await post("/v1/scenarios", {
          datasetId,
          name: "beyond",
          changes: [change],
        });
        const problem = await readProblem(response, scenarioRoutes.create, "validation_failed");
        expect(
          problem.errors?.some((e) => "pointer" in e && e.pointer.startsWith("/changes/0")),
        ).toBe(true);
      }),
      { seed: 19, numRuns: 60 },
    );
    await stillServes();
  });
});
