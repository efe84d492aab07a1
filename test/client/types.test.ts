// Type-level contract of the generated client: `npx tsc --noEmit` is the test (vitest only loads
// the file). Request bodies leave defaulted fields optional; a typed body with an unknown field does
// not compile.
import { describe, expectTypeOf, it } from "vitest";
import type { AnodeflowClient, Schemas } from "../../client/index.ts";
import type { paths } from "../../client/schema.d.ts";

/** The JSON body a POST sends, by path: request schemas may be renamed, paths stay. */
type PostBody<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { "application/json": infer B } } };
}
  ? B
  : never;
type SolveBody = PostBody<"/v1/solve">;
type ScenarioBody = PostBody<"/v1/scenarios">;
type DatasetBody = PostBody<"/v1/datasets">;

/** True when K must be present in T. */
type IsRequired<T, K extends keyof T> = object extends Pick<T, K> ? false : true;

// Only compiled, never called: the calls a procurement system writes.
async function calls(client: AnodeflowClient, datasetId: string) {
  await client.POST("/v1/solve", { body: { datasetId } });
  await client.POST("/v1/scenarios", {
    body: {
      datasetId,
      name: "rail +20 %",
      changes: [{ kind: "scaleModeCost", mode: "rail", factor: 1.2 }],
    },
  });
  // A body built apart, with its type, has its field names checked (openapi-fetch infers the
  // body inline, so there an unknown field is left to the server's 422).
  // @ts-expect-error `change` is not a field
  const typo: SolveBody = { datasetId, change: [] };
  await client.POST("/v1/solve", { body: typo });
  await client.POST("/v1/scenarios", {
    // @ts-expect-error a change's kind is one of the documented kinds
    body: { datasetId, name: "x", changes: [{ kind: "scaleRail", factor: 1.2 }] },
  });
}

describe("generated types", () => {
  it("take { datasetId } alone as a solve body", () => {
    expectTypeOf<SolveBody | ScenarioBody | DatasetBody>().not.toBeNever();
    expectTypeOf<DatasetBody["network"]>().toHaveProperty("modes");
    expectTypeOf<{ datasetId: string }>().toExtend<SolveBody>();
    expectTypeOf<IsRequired<SolveBody, "changes">>().toEqualTypeOf<false>();
    expectTypeOf<IsRequired<SolveBody, "options">>().toEqualTypeOf<false>();
    expectTypeOf<IsRequired<ScenarioBody, "changes">>().toEqualTypeOf<false>();
    expectTypeOf<IsRequired<DatasetBody["network"], "version">>().toEqualTypeOf<false>();
    expectTypeOf(calls).toBeFunction();
  });

  it("read a plan's status as its enumeration", () => {
    expectTypeOf<Schemas["StoredPlan"]["status"]>().toEqualTypeOf<
      "optimal" | "infeasible" | "unbounded" | "timeLimit" | "error"
    >();
  });

  it("read defaulted fields of a stored network as present", () => {
    // The response view lists a defaulted field as required (the request view leaves it optional).
    const present: IsRequired<Schemas["Dataset"]["network"], "version"> = true;
    expectTypeOf(present).toBeBoolean();
  });
});
