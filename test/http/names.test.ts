import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetRoutes from "../../src/http/datasets/datasets.routes.ts";
import * as keyRoutes from "../../src/http/keys/keys.routes.ts";
import * as scenarioRoutes from "../../src/http/scenarios/scenarios.routes.ts";
import { randomId } from "../../src/storage/ids.ts";
import { defaultOrganisationId } from "../../src/storage/organisations.ts";
import { createRepositories } from "../../src/storage/repositories.ts";
import {
  createTestApp,
  fixture,
  jsonRequest,
  pointers,
  readAs,
  readProblem,
} from "./support/test-app.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const network = fixture("two-plants.json");
const post = (path: string, body: unknown) => t.app.request(path, jsonRequest("POST", body));
const get = (path: string) => t.app.request(path);

/** The network with its first plant renamed. */
function withPlantName(name: string) {
  const [first, ...rest] = network.plants;
  if (first === undefined) throw new Error("two-plants.json has no plant");
  return { ...network, plants: [{ ...first, name }, ...rest] };
}

describe("names and descriptions", () => {
  it("keep a Chinese name, an emoji and line breaks exactly as sent through every read", async () => {
    const name = "山东魏桥 🏭 Ⅱ期";
    const sent = {
      ...withPlantName(name),
      name: `${name} network`,
      description: "line 1\nline 2\t.",
    };
    const created = await readAs(
      await post("/v1/datasets", { name, network: sent }),
      datasetRoutes.create,
      201,
    );
    const dataset = await readAs(await get(`/v1/datasets/${created.id}`), datasetRoutes.get, 200);
    expect(dataset.name).toBe(name);
    expect(dataset.network.name).toBe(`${name} network`);
    expect(dataset.network.description).toBe("line 1\nline 2\t.");
    expect(dataset.network.plants[0]?.name).toBe(name);

    const scenario = await readAs(
      await post("/v1/scenarios", { datasetId: created.id, name, description: "为什么\r\n" }),
      scenarioRoutes.create,
      201,
    );
    const read = await readAs(await get(`/v1/scenarios/${scenario.id}`), scenarioRoutes.get, 200);
    expect([read.name, read.description]).toEqual([name, "为什么\r\n"]);
  });

  it.each([
    ["a NUL", "a\u0000b", "U+0000"],
    ["an escape character", "a\u001bb", "U+001B"],
    ["a C1 control", "a\u0085b", "U+0085"],
    ["an unpaired high surrogate", "a\ud800b", "U+D800"],
    ["an unpaired low surrogate at the end", "ab\udc00", "U+DC00"],
  ])("refuse %s with a 422 naming the field and the character", async (_, bad, character) => {
    const cases = [
      { path: "/v1/datasets", body: { name: bad, network }, pointer: "/name" },
      {
        path: "/v1/datasets",
        body: { network: withPlantName(bad) },
        pointer: "/network/plants/0/name",
      },
      {
        path: "/v1/datasets",
        body: { network: { ...network, name: bad } },
        pointer: "/network/name",
      },
      { path: "/v1/keys", body: { role: "viewer", name: bad }, pointer: "/name" },
      {
        path: "/v1/scenarios",
        body: { datasetId: "ds_none", name: "ok", description: bad },
        pointer: "/description",
      },
    ];
    for (const { path, body, pointer } of cases) {
      const problem = await readProblem(await post(path, body), undefined, "validation_failed");
      expect(pointers(problem), path).toEqual([pointer]);
      expect(problem.errors?.[0]?.message).toContain(character);
    }
  });

  it("refuse a line break in a name, where only descriptions may have one", async () => {
    const response = await post("/v1/scenarios", { datasetId: "ds_none", name: "a\nb" });
    const problem = await readProblem(response, scenarioRoutes.create, "validation_failed");
    expect(pointers(problem)).toEqual(["/name"]);
    expect(problem.errors?.[0]?.message).toContain("U+000A");
  });

  it("keep a key's non-ASCII name", async () => {
    // Keys need their organisation's row, which AUTH=off does not make.
    const repositories = createRepositories({ db: t.db, newId: randomId, clock: () => new Date() });
    await repositories.organisations.ensure("default", defaultOrganisationId);
    const created = await readAs(
      await post("/v1/keys", { role: "viewer", name: "采购系统" }),
      keyRoutes.create,
      201,
    );
    expect(created.name).toBe("采购系统");
  });
});
