import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as routes from "../../src/http/scenarios/scenarios.routes.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let datasetId: string;
let otherDatasetId: string;
beforeAll(async () => {
  t = await createTestApp();
  const network = fixture("two-plants.json");
  const create = async (name: string) =>
    (
      await readAs(
        await t.app.request("/v1/datasets", jsonRequest("POST", { network: { ...network, name } })),
        datasetRoutes.create,
        201,
      )
    ).id;
  datasetId = await create("base");
  otherDatasetId = await create("other");
});
afterAll(() => t.close());

const post = (body: unknown) => t.app.request("/v1/scenarios", jsonRequest("POST", body));
const railUp = { kind: "scaleModeCost", mode: "rail", factor: 1.15 };

describe("POST /v1/scenarios", () => {
  it("stores a dataset plus changes and answers 201 with the scenario's Location", async () => {
    const response = await post({
      datasetId,
      name: "rail +15 %",
      description: "Rail tariffs up",
      changes: [railUp, { kind: "setPlantCapacity", plantId: "a", capacityT: 90 }],
    });
    const scenario = await readAs(response, routes.create, 201);
    expect(response.headers.get("location")).toBe(`/v1/scenarios/${scenario.id}`);
    expect(scenario).toMatchObject({
      datasetId,
      name: "rail +15 %",
      description: "Rail tariffs up",
      changes: [railUp, { kind: "setPlantCapacity", plantId: "a", capacityT: 90 }],
    });
  });

  it("stores a scenario without changes, which plans the dataset as it is", async () => {
    const scenario = await readAs(await post({ datasetId, name: "baseline" }), routes.create, 201);
    expect(scenario.changes).toEqual([]);
    expect(scenario.description).toBeNull();
  });

  it("is 422 unknown_reference for a dataset that does not exist", async () => {
    const problem = await readProblem(
      await post({ datasetId: "ds_nope", name: "x" }),
      routes.create,
      "unknown_reference",
    );
    expect(pointers(problem)).toEqual(["/datasetId"]);
  });

  it("is 422 with a pointer to each change that names an unknown node, and stores nothing", async () => {
    const before = await readAs(await t.app.request("/v1/scenarios?limit=100"), routes.list, 200);
    const problem = await readProblem(
      await post({
        datasetId,
        name: "typos",
        changes: [
          railUp,
          { kind: "closeLane", from: "a", to: "zz", mode: "rail" },
          { kind: "setSmelterDemand", smelterId: "nope", demandT: 5 },
        ],
      }),
      routes.create,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/changes/1/to", "/changes/2/smelterId"]);
    const after = await readAs(await t.app.request("/v1/scenarios?limit=100"), routes.list, 200);
    expect(after.items).toEqual(before.items);
  });

  it.each([
    [
      "a seasonality change on a dataset without periods",
      "/changes/0/profile",
      { kind: "setSeasonality", plantId: "a", profile: [1, 1] },
    ],
  ])("is 422 validation_failed for %s, pointing at %s", async (_what, pointer, change) => {
    const problem = await readProblem(
      await post({ datasetId, name: "seasons", changes: [change] }),
      routes.create,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual([pointer]);
  });

  it("is 422 unknown_field for a change with an unknown field, pointing at the field", async () => {
    const problem = await readProblem(
      await post({ datasetId, name: "seasons", changes: [{ ...railUp, month: 3 }] }),
      routes.create,
      "unknown_field",
    );
    expect(pointers(problem)).toEqual(["/changes/0/month"]);
  });

  it("is 422 validation_failed for a change of a kind that does not exist", async () => {
    const problem = await readProblem(
      await post({ datasetId, name: "odd", changes: [{ kind: "teleport", plantId: "a" }] }),
      routes.create,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/changes/0/kind"]);
  });
});

describe("GET /v1/scenarios", () => {
  it("reads a scenario back by id", async () => {
    const created = await readAs(
      await post({ datasetId, name: "read back", changes: [railUp] }),
      routes.create,
      201,
    );
    const scenario = await readAs(
      await t.app.request(`/v1/scenarios/${created.id}`),
      routes.get,
      200,
    );
    expect(scenario).toEqual(created);
  });

  it("is 404 for an unknown id", async () => {
    await readProblem(await t.app.request("/v1/scenarios/sc_nope"), routes.get, "not_found");
  });

  it("lists only the scenarios of the dataset asked for", async () => {
    const other = await readAs(
      await post({ datasetId: otherDatasetId, name: "on the other dataset" }),
      routes.create,
      201,
    );
    const page = await readAs(
      await t.app.request(`/v1/scenarios?datasetId=${otherDatasetId}`),
      routes.list,
      200,
    );
    expect(page.items).toEqual([other]);
  });
});

describe("PATCH /v1/scenarios/{id}", () => {
  const patch = (id: string, body: unknown) =>
    t.app.request(`/v1/scenarios/${id}`, jsonRequest("PATCH", body));

  it("renames a scenario and keeps its dataset, changes and creation time", async () => {
    const created = await readAs(
      await post({ datasetId, name: "before", changes: [railUp] }),
      routes.create,
      201,
    );
    const renamed = await readAs(await patch(created.id, { name: "after" }), routes.rename, 200);
    expect(renamed).toEqual({ ...created, name: "after" });
    const read = await readAs(await t.app.request(`/v1/scenarios/${created.id}`), routes.get, 200);
    expect(read.name).toBe("after");
  });

  it("is 422 unknown_field for any field but name, pointing at it, and renames nothing", async () => {
    const created = await readAs(await post({ datasetId, name: "kept" }), routes.create, 201);
    const problem = await readProblem(
      await patch(created.id, { name: "x", changes: [] }),
      routes.rename,
      "unknown_field",
    );
    expect(pointers(problem)).toEqual(["/changes"]);
    const read = await readAs(await t.app.request(`/v1/scenarios/${created.id}`), routes.get, 200);
    expect(read.name).toBe("kept");
  });

  it("is 422 validation_failed for an empty name or none", async () => {
    const created = await readAs(await post({ datasetId, name: "named" }), routes.create, 201);
    for (const body of [{ name: "" }, {}]) {
      const problem = await readProblem(
        await patch(created.id, body),
        routes.rename,
        "validation_failed",
      );
      expect(pointers(problem)).toEqual(["/name"]);
    }
  });

  it("is 404 for an unknown id", async () => {
    await readProblem(await patch("sc_nope", { name: "x" }), routes.rename, "not_found");
  });
});
