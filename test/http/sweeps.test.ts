import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as routes from "../../src/http/sweeps/sweeps.routes.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
  testLimits,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const network = fixture("two-plants.json");
const rail = [{ kind: "scaleModeCost", mode: "rail", factor: 1 }];
const parameter = { change: 0, field: "factor", from: 0.5, to: 3 };
const sweep = (body: unknown) => t.app.request("/v1/sweeps", jsonRequest("POST", body));

describe("POST /v1/sweeps", () => {
  it("answers the rail-tariff curve of two-plants with its breakpoints where the hand solution has them (1.8 and 2.5)", async () => {
    // Rail costs f x 720 CNY until a>x's rail (5f) passes road (9) at f = 1.8; then 720 + 320f
    // until a>y by rail (10 + 8f) passes b>y (20 + 4f) at f = 2.5; then 240f on rail.
    const result = await readAs(
      await sweep({ network, changes: rail, parameter }),
      routes.sweep,
      200,
    );
    expect(result.status).toBe("optimal");
    expect(result.moves).toBe("costs");
    expect(result.breakpoints?.map((b) => b.value)).toEqual([
      expect.closeTo(1.8, 9),
      expect.closeTo(2.5, 9),
    ]);
    expect(result.breakpoints?.map((b) => b.totalCost)).toEqual([
      expect.closeTo(1800 + 720 * 1.8, 6),
      expect.closeTo(2520 + 320 * 2.5, 6),
    ]);
    expect(result.pieces?.map((p) => p.slope)).toEqual([
      expect.closeTo(720, 6),
      expect.closeTo(320, 6),
      expect.closeTo(240, 6),
    ]);
    expect(result.pieces?.[1]?.plan.movedAtFrom).toEqual([
      { arc: "a>x:rail", tonnesBefore: 80, tonnesAfter: 0 },
      { arc: "a>x:road", tonnesBefore: 0, tonnesAfter: 80 },
    ]);
  });

  it("sweeps on a grid of a second parameter: doubling a>x's road cost removes the 1.8 breakpoint (rail then beats road up to 3.6)", async () => {
    const changes = [
      ...rail,
      { kind: "scaleLaneCost", from: "a", to: "x", mode: "road", factor: 1 },
    ];
    const result = await readAs(
      await sweep({
        network,
        changes,
        parameter,
        grid: { change: 1, field: "factor", from: 1, to: 2, steps: 1 },
      }),
      routes.sweep,
      200,
    );
    expect(result.status).toBe("optimal");
    expect(result.rows?.map((r) => r.value)).toEqual([1, 2]);
    expect(result.rows?.map((r) => r.sweep.breakpoints?.map((b) => b.value))).toEqual([
      [expect.closeTo(1.8, 9), expect.closeTo(2.5, 9)],
      [expect.closeTo(2.5, 9)],
    ]);
    const grid = await readProblem(
      await sweep({
        network,
        changes,
        parameter,
        grid: { change: 1, field: "mode", from: 1, to: 2, steps: 1 },
      }),
      routes.sweep,
      "validation_failed",
    );
    expect(pointers(grid)).toEqual(["/grid/field"]);
  });

  it("sweeps a stored dataset by its id", async () => {
    const dataset = await readAs(
      await t.app.request("/v1/datasets", jsonRequest("POST", { network })),
      datasetRoutes.create,
      201,
    );
    const result = await readAs(
      await sweep({ datasetId: dataset.id, changes: rail, parameter }),
      routes.sweep,
      200,
    );
    expect(result.breakpoints).toHaveLength(2);
  });

  it("names what is wrong: a field that is not a number, an unknown field, an empty range", async () => {
    const notNumeric = await readProblem(
      await sweep({ network, changes: rail, parameter: { ...parameter, field: "mode" } }),
      routes.sweep,
      "validation_failed",
    );
    expect(pointers(notNumeric)).toEqual(["/parameter/field"]);
    const unknown = await readProblem(
      await sweep({ network, changes: rail, parameter: { ...parameter, step: 0.1 } }),
      routes.sweep,
      "unknown_field",
    );
    expect(pointers(unknown)).toEqual(["/parameter/step"]);
    const empty = await readProblem(
      await sweep({ network, changes: rail, parameter: { ...parameter, to: 0.5 } }),
      routes.sweep,
      "validation_failed",
    );
    expect(pointers(empty)).toEqual(["/parameter/to"]);
  });

  it("refuses an inline body over OFFLOAD_BODY_BYTES before parsing it, pointing to datasets", async () => {
    const small = await createTestApp({ limits: { ...testLimits, offloadBodyBytes: 100 } });
    try {
      // As Node's server gives it: the length a client declares, read before the body.
      const body = JSON.stringify({ network, changes: rail, parameter });
      const request = {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(body.length) },
        body,
      };
      const problem = await readProblem(
        await small.app.request("/v1/sweeps", request),
        routes.sweep,
        "payload_too_large",
      );
      expect(problem.detail).toMatch(/POST \/v1\/datasets/);
    } finally {
      small.close();
    }
  });
});
