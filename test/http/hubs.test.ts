import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as routes from "../../src/http/solve/solve.routes.ts";
import { createTestApp, jsonRequest, pointers, readAs, readProblem } from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// The hand-solved fixtures of the model tests, sent as a client would write them: the network
// without its written-down answer.
function fixture(name: string) {
  const { expected: _, ...network } = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8"),
  );
  return network;
}
const solve = (body: unknown) => t.app.request("/v1/solve", jsonRequest("POST", body));

describe("POST /v1/solve with hubs, legs and corridors", () => {
  it("returns routes leg by leg, hubs and corridors, and applies closeHub", async () => {
    const network = fixture("hubs-corridor.json");
    const plan = await readAs(await solve({ network }), routes.solve, 200);
    expect(plan.objective?.value).toBeCloseTo(123_000, 6);
    const routed = plan.flows.find((f) => f.mode === "rail@h+road");
    expect(routed?.route?.map((leg) => `${leg.from}>${leg.to}:${leg.mode}`)).toEqual([
      "a>h:rail",
      "h>s:road",
    ]);
    expect(plan.corridors?.[0]?.marginalValuePerT).toBeCloseTo(90, 6);
    expect(plan.hubs?.[0]?.throughputT).toBeCloseTo(500, 6);
    const closed = await readAs(
      await solve({ network, changes: [{ kind: "closeHub", hub: "h" }] }),
      routes.solve,
      200,
    );
    // Without h: 500 t on the rail lane (the corridor), 100 t by road.
    expect(closed.objective?.value).toBeCloseTo(600 * 100 + 500 * 100 + 100 * 180, 6);
  });

  it("is 422 for a leg into a plant, pointing at the field", async () => {
    const network = fixture("hubs-coastal.json") as { legs: Record<string, unknown>[] };
    network.legs.push({ from: "f", to: "a", mode: "rail" });
    const problem = await readProblem(await solve({ network }), routes.solve, "validation_failed");
    expect(pointers(problem)).toEqual(["/network/legs/2/to"]);
  });

  it("is 422 not_supported_yet for a leg's lotT, on solve and on dataset upload", async () => {
    const network = fixture("hubs-coastal.json") as { legs: Record<string, unknown>[] };
    network.legs[0] = { ...network.legs[0], lotT: 3000 };
    const problem = await readProblem(await solve({ network }), routes.solve, "not_supported_yet");
    expect(pointers(problem)).toEqual(["/network/legs/0/lotT"]);
    const upload = await t.app.request(
      "/v1/datasets",
      jsonRequest("POST", { name: "lots", network }),
    );
    const stored = await readProblem(upload, datasetRoutes.create, "not_supported_yet");
    expect(pointers(stored)).toEqual(["/network/legs/0/lotT"]);
  });
});
