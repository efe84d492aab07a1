// Contract of POST /v1/sweeps: the optimal total cost over one field of a change, as exact linear pieces.
import { createRoute, z } from "@hono/zod-openapi";
import { changesSchema } from "../../../models/allocation/scenario.ts";
import { sweepGridSchema, sweepParameterSchema } from "../../../models/allocation/sweep.ts";
import { jobAccepted } from "../jobs/jobs.routes.ts";
import { authorised } from "../shared/auth.ts";
import { requestExamples } from "../shared/examples.ts";
import { jsonBodyProblems, keyProblems, problems, solveProblems } from "../shared/problems.ts";
import {
  networkSourceFields,
  oneNetworkSource,
  oneNetworkSourceSchema,
  solveOptionsSchema,
} from "../shared/schemas.ts";

export const sweepRequestSchema = z
  .strictObject({
    ...networkSourceFields("sweep"),
    changes: changesSchema
      .min(1)
      .describe("Scenario changes applied in order; parameter.change names the one swept"),
    parameter: sweepParameterSchema,
    grid: sweepGridSchema.optional(),
    options: solveOptionsSchema
      .pick({ solver: true, timeLimitMs: true })
      .strict()
      .optional()
      .describe("The solver of every solve, and the time limit of the whole sweep"),
  })
  .superRefine(oneNetworkSource)
  .openapi("SweepRequest", {
    description:
      "Sweep parameter.field of changes[parameter.change] from parameter.from to parameter.to on the network or the stored dataset",
    ...oneNetworkSourceSchema,
  });

const cny = (what: string) => z.number().describe(`${what}, CNY`);

export const sweepPieceSchema = z
  .object({
    from: z.number().describe("Parameter value where the piece starts"),
    to: z.number().describe("Parameter value where the piece ends"),
    totalCostAtFrom: cny("Optimal total cost at from"),
    totalCostAtTo: cny("Optimal total cost at to"),
    slope: z.number().describe("d(total cost)/d(parameter) along the piece, CNY per unit"),
    plan: z
      .object({
        at: z.number().describe("The parameter value this plan was solved at"),
        flowCount: z.number().int().describe("Lanes and legs the plan uses"),
        tonnesByMode: z
          .record(z.string(), z.number())
          .describe("Tonnes per year by mode id, lanes and legs"),
        movedAtFrom: z
          .array(
            z.object({
              arc: z.string().describe("Lane `plant>destination:mode` or leg `from>to:mode`"),
              tonnesBefore: z.number().describe("Tonnes per year on the piece before"),
              tonnesAfter: z.number().describe("Tonnes per year on this piece"),
            }),
          )
          .describe(
            "The lanes and legs whose tonnes change at this piece's start, largest move first, at most 10; empty on the first piece",
          ),
      })
      .describe("The plan optimal all along the piece, summarised"),
  })
  .openapi("SweepPiece");

export const sweepResultSchema = z
  .object({
    status: z
      .enum(["optimal", "infeasible", "unbounded", "timeLimit", "error"])
      .describe("optimal: the whole range swept; else the solve at `at` ended the sweep"),
    parameter: sweepParameterSchema.optional(),
    moves: z
      .enum(["costs", "bounds", "nothing"])
      .optional()
      .describe(
        "What the parameter moves in the program: costs (the curve is concave), bounds (convex) or nothing (flat)",
      ),
    breakpoints: z
      .array(z.object({ value: z.number(), totalCost: cny("Optimal total cost there") }))
      .optional()
      .describe("Parameter values inside the range where the slope changes, ascending"),
    pieces: z.array(sweepPieceSchema).optional().describe("The curve, from parameter.from to .to"),
    solves: z.number().int().optional().describe("Solves the sweep made"),
    ms: z.number().optional().describe("Wall time of the sweep, milliseconds"),
    at: z.number().optional().describe("Only when not optimal: the parameter value that failed"),
    message: z.string().optional().describe("Only when not optimal: why"),
  })
  .openapi("Sweep");

export const sweepResponseSchema = sweepResultSchema
  .extend({
    grid: sweepGridSchema.optional().describe("Only for a two-parameter sweep: the grid asked"),
    rows: z
      .array(
        z.object({
          value: z.number().describe("The grid parameter's value"),
          sweep: sweepResultSchema.describe("The first parameter's exact sweep at that value"),
        }),
      )
      .optional()
      .describe(
        "Only for a two-parameter sweep, one per grid value; status above is optimal when every row is, else the first failed row's",
      ),
  })
  .openapi("SweepResponse");

export const sweep = createRoute({
  ...authorised("planner"),
  method: "post",
  path: "/v1/sweeps",
  tags: ["Solve"],
  operationId: "sweep",
  summary: "Sweep one field of a change: the total cost as exact linear pieces",
  description:
    "Each breakpoint is where two supporting lines of the cost curve meet (from the optima either side), never a grid point; each piece carries the plan optimal along it. A parameter that moves costs gives a concave curve, one that moves bounds (demand, capacities) a convex one; one that moves both, a margin objective or lots are a 422. An infeasible value is a 200 with status infeasible and `at`. Nothing is stored. An inline network must fit in OFFLOAD_BODY_BYTES: upload a larger one as a dataset and sweep its datasetId.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: sweepRequestSchema, example: requestExamples.sweep },
      },
    },
  },
  responses: {
    200: {
      description: "The sweep; pieces are present only when status is optimal",
      content: { "application/json": { schema: sweepResponseSchema } },
    },
    202: jobAccepted,
    ...problems(
      ...jsonBodyProblems,
      ...keyProblems,
      ...solveProblems,
      "limit_exceeded",
      "unknown_reference",
      "unknown_solver",
    ),
  },
});
