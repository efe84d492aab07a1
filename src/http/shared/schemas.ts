// API schemas shared by several resources: named public formats, solve options, ids, pages.
import { z } from "@hono/zod-openapi";
import { comparisonSchema } from "../../../models/allocation/compare.ts";
import { networkSchema, objectiveSchema } from "../../../models/allocation/network.ts";
import {
  periodMarginalsAutoMaxLanePeriods,
  sensitivityAutoMaxLanes,
  sensitivityModes,
} from "../../../models/allocation/plan.ts";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { changeSchema } from "../../../models/allocation/scenario.ts";
import { solverIds } from "../../solvers/registry.ts";
import { decodeCursor, type PageRequest } from "../../storage/pagination.ts";
import { provenanceSchema } from "../../storage/records.ts";
import { slugMaxLength, slugPattern } from "../../storage/slugs.ts";
import { ApiError } from "./problems.ts";

/**
 * Names a schema built outside src/http, so the document refers to it as a component wherever it
 * appears. The id goes into zod's registry for that very instance: `.openapi()` is missing on
 * schemas built before zod-openapi extends zod, and `.meta()` would name only a copy.
 */
function component<T extends z.ZodType>(schema: T, id: string): T {
  z.globalRegistry.add(schema, { ...schema.meta(), id });
  return schema;
}

export const networkBodySchema = component(networkSchema, "Network");
export const planBodySchema = component(planSchema, "Plan");
export const comparisonBodySchema = component(comparisonSchema, "Comparison");
export const provenanceBodySchema = component(provenanceSchema, "Provenance");
component(changeSchema, "Change");
// Each kind of change a component of its own, so the document's Change has a discriminator on
// `kind` with a mapping (OpenAPI maps discriminator values to $refs only).
for (const option of changeSchema.options) {
  const kind = option.shape.kind.value;
  component(option, `${kind.charAt(0).toUpperCase()}${kind.slice(1)}Change`);
}

export const timestampSchema = z.iso.datetime().describe("When it was created (UTC, ISO 8601)");

export const solveOptionsSchema = z
  .strictObject({
    solver: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        `Solver backend: ${solverIds.join(", ")}. Default auto: the network simplex for a pure network, HiGHS otherwise. Another id is a 422 unknown_solver.`,
      )
      .openapi({ examples: [...solverIds] }),
    timeLimitMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Wall-clock budget of the solve, milliseconds (default and maximum: see the API description). A solve that runs out returns a plan with status timeLimit.",
      ),
    objective: objectiveSchema
      .optional()
      .describe("Overrides the network's options.objective for this solve"),
    sensitivity: z
      .enum(sensitivityModes)
      .optional()
      .describe(
        `The sensitivity analysis behind the plan's marginal costs, ranges and reduced costs. Default auto: run it on networks of at most ${sensitivityAutoMaxLanes} lanes (explicit or implied) and skip it above, where it can take several times as long as the solve (with periods, only per-period marginal costs are computed, up to ${periodMarginalsAutoMaxLanePeriods} lanes x periods); full: always; off: never. A skipped analysis leaves the flows, totals and balances complete, the figures null and unusedLanes empty, with plan.sensitivity.status skipped.`,
      ),
  })
  .openapi("SolveOptions");

export type SolveOptionsInput = z.infer<typeof solveOptionsSchema>;

/** A dataset's stable handle. */
export const slugSchema = z
  .string()
  .min(1)
  .max(slugMaxLength)
  .regex(slugPattern, "lower-case letters and digits in runs joined by single hyphens")
  .describe(
    "Stable handle of a dataset: lower-case letters, digits and single hyphens, e.g. china-2024. Accepted wherever a dataset id is",
  )
  .openapi({ example: "china-2024" });

/** A dataset named by its id or its slug, in a body or a query. */
export const datasetRefSchema = (description: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .describe(`${description}: its id (ds_...) or its slug (such as china-2024)`)
    .openapi({ example: "china-2024" });

/** `?cascade=true` on a DELETE: also delete what refers to the resource. */
export const cascadeQuerySchema = z.object({
  cascade: z
    .enum(["true", "false"])
    .optional()
    .describe(
      "true: also delete what refers to it, in the same transaction; false (default): refuse with 409 in_use while anything does",
    ),
});

/** Any string: an id that was never issued is a 404 like any other unknown id, not a 400. */
export const idParamSchema = (what: string, example: string) =>
  z.object({
    id: z
      .string()
      .openapi({ param: { name: "id", in: "path" }, description: `${what} id`, example }),
  });

export const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe("Items per page, 1 to 100 (default 20)"),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("nextCursor of the previous page; omit for the first page"),
});

/** The validated query as a repository page request; a cursor we did not issue is a 400. */
export function pageRequest(query: { limit: number; cursor?: string | undefined }): PageRequest {
  if (query.cursor === undefined) return { limit: query.limit };
  const after = decodeCursor(query.cursor);
  if (after === undefined) {
    throw new ApiError("invalid_parameter", "Invalid query parameter", [
      { parameter: "cursor", message: "not a cursor this API returned" },
    ]);
  }
  return { limit: query.limit, after };
}

/** A page of `item`, newest first. */
export const pageSchema = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .describe("Pass as cursor to get the next page; null on the last page"),
    })
    .openapi(name);

/**
 * The network a request works on: given inline, or a stored dataset's id; exactly one (see
 * `oneNetworkSource`).
 */
export const networkSourceFields = (verb: string) => ({
  network: networkBodySchema.optional(),
  datasetId: datasetRefSchema(`A stored dataset to ${verb} (or give network)`).optional(),
});

/** The same rule as JSON Schema, for the document. */
export const oneNetworkSourceSchema = {
  oneOf: [{ required: ["network"] }, { required: ["datasetId"] }],
};

/** The refinement that makes a body give exactly one of network and datasetId. */
export function oneNetworkSource(
  body: { network?: unknown; datasetId?: unknown },
  ctx: z.RefinementCtx,
): void {
  if ((body.network === undefined) === (body.datasetId === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: "give exactly one of network and datasetId",
    });
  }
}
