import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as routes from "../../src/http/datasets/datasets.routes.ts";
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
const post = (body: unknown) => t.app.request("/v1/datasets", jsonRequest("POST", body));

/** The same JSON with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe("POST /v1/datasets", () => {
  it("stores a network and answers 201 with the dataset's Location", async () => {
    const response = await post({ name: "Two plants, 2025", network });
    const dataset = await readAs(response, routes.create, 201);
    expect(response.headers.get("location")).toBe(`/v1/datasets/${dataset.id}`);
    expect(dataset.id).toMatch(/^ds_/);
    expect(dataset.name).toBe("Two plants, 2025");
    expect(dataset.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dataset.stats).toEqual({ modes: 2, plants: 2, smelters: 2, ports: 1, lanes: 7 });
  });

  it("returns the stored dataset with 200 for the same content in another key order", async () => {
    const first = await readAs(
      await post({ network: { ...network, name: "idempotent" } }),
      routes.create,
      201,
    );
    const again = await readAs(
      await post({ name: "renamed", network: reverseKeys({ ...network, name: "idempotent" }) }),
      routes.create,
      200,
    );
    expect(again).toEqual(first);
  });

  it("treats a network with its defaults written out as the same content", async () => {
    const first = await readAs(
      await post({ network: { ...network, name: "defaults" } }),
      routes.create,
      201,
    );
    const explicit = {
      ...network,
      name: "defaults",
      version: 1,
      anodePerTonneAluminium: 0.45,
      options: { objective: "minCost", shortfallPenaltyPerT: 20_000, allowShortfall: true },
    };
    const again = await readAs(await post({ network: explicit }), routes.create, 200);
    expect(again.id).toBe(first.id);
  });

  it("names the dataset after the network when the body gives no name", async () => {
    const dataset = await readAs(
      await post({ network: { ...network, name: "unnamed body" } }),
      routes.create,
      201,
    );
    expect(dataset.name).toBe("unnamed body");
  });

  it("is 422 with pointers into the network and stores nothing", async () => {
    const before = await readAs(await t.app.request("/v1/datasets?limit=100"), routes.list, 200);
    const broken = { ...network, lanes: [{ from: "a", to: "nowhere", mode: "rail" }] };
    const problem = await readProblem(
      await post({ network: broken }),
      routes.create,
      "validation_failed",
    );
    expect(pointers(problem)).toEqual(["/network/lanes/0/to"]);
    const after = await readAs(await t.app.request("/v1/datasets?limit=100"), routes.list, 200);
    expect(after.items).toEqual(before.items);
  });

  it("is 413 limit_exceeded for more plants, smelters and ports than allowed", async () => {
    const plants = Array.from({ length: testLimits.nodes }, (_, i) => ({
      ...network.plants[0],
      id: `plant-${i}`,
    }));
    const problem = await readProblem(
      await post({ network: { ...network, plants, lanes: [] } }),
      routes.create,
      "limit_exceeded",
    );
    expect(pointers(problem)).toEqual(["/network"]);
  });

  it("is 413 limit_exceeded for the lanes a network without lanes implies", async () => {
    // 10 plants x 3 destinations x 20 modes = 600 implied lanes, over the limit of 400.
    const plants = Array.from({ length: 10 }, (_, i) => ({ ...network.plants[0], id: `p${i}` }));
    const modes = Array.from({ length: 20 }, (_, i) => ({ ...network.modes[0], id: `m${i}` }));
    const { lanes: _, ...withoutLanes } = network;
    const problem = await readProblem(
      await post({ network: { ...withoutLanes, plants, modes } }),
      routes.create,
      "limit_exceeded",
    );
    expect(problem.errors?.[0]?.message).toContain("600 implied lanes");
  });
});

describe("GET /v1/datasets/{id}", () => {
  it("returns the network with its defaults filled in", async () => {
    const created = await readAs(
      await post({ network: { ...network, name: "read back" } }),
      routes.create,
      201,
    );
    const dataset = await readAs(
      await t.app.request(`/v1/datasets/${created.id}`),
      routes.get,
      200,
    );
    expect(dataset.network.name).toBe("read back");
    expect(dataset.network.options.objective).toBe("minCost");
    expect(dataset.network.plants[0]?.minOutputT).toBe(0);
    expect(dataset.contentHash).toBe(created.contentHash);
  });

  it("is 404 for an id that was never issued, however long", async () => {
    await readProblem(
      await t.app.request(`/v1/datasets/ds_${"x".repeat(300)}`),
      routes.get,
      "not_found",
    );
  });

  it("is 404 for an unknown id", async () => {
    const problem = await readProblem(
      await t.app.request("/v1/datasets/ds_nope"),
      routes.get,
      "not_found",
    );
    expect(problem.detail).toBe("No dataset ds_nope");
    expect(problem.instance).toBe("/v1/datasets/ds_nope");
  });
});

describe("GET /v1/datasets", () => {
  let fresh: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    fresh = await createTestApp();
    for (const name of ["first", "second", "third"]) {
      await fresh.app.request(
        "/v1/datasets",
        jsonRequest("POST", { network: { ...network, name } }),
      );
    }
  });
  afterAll(() => fresh.close());

  it("pages newest first and hands out a cursor until the last page", async () => {
    const first = await readAs(await fresh.app.request("/v1/datasets?limit=2"), routes.list, 200);
    expect(first.items.map((d) => d.name)).toEqual(["third", "second"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await readAs(
      await fresh.app.request(`/v1/datasets?limit=2&cursor=${first.nextCursor}`),
      routes.list,
      200,
    );
    expect(second.items.map((d) => d.name)).toEqual(["first"]);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0]).not.toHaveProperty("network");
  });

  it("is 400 invalid_parameter for a limit above 100 or a cursor it did not issue", async () => {
    for (const [query, parameter] of [
      ["limit=101", "limit"],
      ["limit=zero", "limit"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
    ]) {
      const problem = await readProblem(
        await fresh.app.request(`/v1/datasets?${query}`),
        routes.list,
        "invalid_parameter",
      );
      expect(pointers(problem)).toEqual([parameter]);
    }
  });
});
