// The public plan format v1: what a solve returns to the CLI, the API and procurement systems.
import { z } from "zod";
import { diagnosisSchema } from "./diagnosis-schema.ts";
import { objectiveSchema } from "./network.ts";
import { planCorridorSchema, planHubSchema, planRouteSchema } from "./plan-hubs-schema.ts";
import { planPeriodSchema } from "./plan-periods-schema.ts";

export const planStatusSchema = z
  .enum(["optimal", "infeasible", "unbounded", "timeLimit", "error"])
  .describe("Read this first: values are present only when the status is optimal");

const t = (what: string) => z.number().describe(`${what}, tonnes per year`);
const cny = (what: string) => z.number().describe(`${what}, CNY per year`);

/*
 * Fields added after the first release of format v1 are optional, so plans written before them
 * still parse. Every marginal figure is in cost form: CNY per tonne of change in the minCost
 * objective, or in minus the margin under maxMargin, so a positive figure is money spent
 * (formulation.md, "Duals and marginal costs").
 */

/** How far a marginal figure holds, and whether the dual behind it is unique. */
const marginalDetail = (figure: string, previous: string) =>
  z
    .object({
      previousTonnePerT: z
        .number()
        .nullable()
        .describe(
          `${previous}; equals ${figure} unless degenerate. null when the quantity cannot fall (it is 0, or one tonne less is infeasible)`,
        ),
      degenerate: z
        .boolean()
        .describe(
          `The dual is not unique: the next and the previous tonne are priced differently. ${figure} is the next tonne's side`,
        ),
      range: z
        .object({
          moreT: z
            .number()
            .nullable()
            .describe(`Tonnes more for which ${figure} holds per tonne; null: without limit`),
          fewerT: z
            .number()
            .describe(
              `Tonnes fewer for which ${figure} still prices the next tonne; 0 when degenerate`,
            ),
        })
        .nullable()
        .describe(
          "Exact, from the residual network; null when a binding CO2 cap makes the program a general LP (figures then hold at the implied carbon price)",
        ),
    })
    .describe(`Range and degeneracy of ${figure}`);

const marginalCost = (what: string) =>
  z
    .number()
    .nullable()
    .describe(
      `${what}, CNY per tonne: the cost of the NEXT tonne (the right-hand derivative of the objective in cost form). null when the solver returned no duals (javascript-lp-solver), when the analysis was skipped (sensitivity.status) or when one more tonne is infeasible (then marginal.range.moreT is 0)`,
    );

/** The part of a marginal cost that is surcharges rather than production, freight and carbon. */
const marginalSurcharge = (figure: string) =>
  z
    .number()
    .nullable()
    .optional()
    .describe(
      `Of ${figure}, the network's surcharges on the residual path the next tonne takes, CNY per tonne (a tonne it displaces counts negative); the rest is production, freight and carbon. Among equally cheap paths, the one the analysis finds. Only when the network has surcharges; null where ${figure} is`,
    );

export const planSurchargeSchema = z.object({
  id: z.string(),
  name: z.string(),
  toProvinces: z.array(z.string()),
  fromOutside: z.boolean(),
  costPerT: z.number().describe("CNY per tonne ex-VAT on each lane it applies to"),
  tonnes: t("Flow on the lanes it applies to"),
  cost: cny("tonnes x costPerT"),
  basis: z.string().nullable().describe("The surcharge's basis as the network gives it"),
});

export const planTotalsSchema = z.object({
  productionCost: cny("Production cost of all output"),
  transportCost: cny("Freight on all flows"),
  handlingCost: cny("Port handling on exported tonnes"),
  carbonCost: cny(
    "Carbon price times CO2: transport (co2T) plus production (co2ProductionT, 0 unless plants give co2KgPerT)",
  ),
  exportRevenue: cny(
    "FOB price times exported tonnes, plus export-market sales (tier price times tonnes; 0 without markets)",
  ),
  domesticRevenue: cny(
    "Smelters' pricePerT times tonnes delivered (0 where no price is given)",
  ).optional(),
  exportFreightCost: cny(
    "Sea or overland freight from ports to export markets (0 without export routes)",
  ).optional(),
  surchargeCost: cny(
    "The network's surcharges (surcharges[]) on all flows: costs beside freight, e.g. a fitted scarcity margin (only when the network has surcharges; the plan's surcharges[] splits it)",
  ).optional(),
  shortfallPenalty: cny("Penalty on demand and minimum exports left unmet"),
  holdingCost: cny(
    "Holding cost of every period's closing stocks (only when the network has periods)",
  ).optional(),
  hubHandlingCost: cny(
    "Handling at hubs on the tonnes passing through them (only when the network has hubs, legs or corridors)",
  ).optional(),
  totalCost: cny(
    "productionCost + transportCost + handlingCost + exportFreightCost + surchargeCost + carbonCost + shortfallPenalty + holdingCost + hubHandlingCost (revenue excluded)",
  ),
  margin: cny("exportRevenue + domesticRevenue - totalCost"),
  capacityT: t("Anode capacity of all plants"),
  outputT: t("Anode output of all plants"),
  idleCapacityT: t("capacityT - outputT"),
  utilization: z.number().describe("outputT / capacityT, 0..1"),
  highEfficiencyOutputT: t("Output of plants marked highEfficiency"),
  highEfficiencyShare: z.number().describe("highEfficiencyOutputT / outputT, 0..1"),
  demandT: t("Smelter anode demand"),
  deliveredT: t("Tonnes delivered to smelters"),
  exportT: t("Tonnes delivered to export ports"),
  shortfallT: t("Smelter demand plus port minimum exports left unmet"),
  co2T: z.number().describe("Transport CO2, tonnes CO2e per year"),
  co2ProductionT: z
    .number()
    .optional()
    .describe("Production CO2 (plants' co2KgPerT times output), tonnes CO2e per year"),
  co2TotalT: z
    .number()
    .optional()
    .describe("co2T + co2ProductionT, tonnes CO2e per year: what co2CapT limits"),
  co2CapT: z
    .number()
    .nullable()
    .optional()
    .describe("options.co2CapT, tonnes CO2e per year; null without a cap"),
  impliedCarbonPricePerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Dual of the CO2 cap (4), CNY per tonne CO2: what one tonne CO2 less of cap would cost (>= 0; 0 when the cap does not bind). null without a cap, without duals, or when the analysis was skipped",
    ),
});

export const planFlowSchema = z.object({
  from: z.string().describe("Plant id"),
  to: z.string().describe("Smelter or port id"),
  mode: z
    .string()
    .describe(
      "Mode id; for a route through hubs its legs' modes with the hubs between, e.g. coastal@fangchenggang+rail",
    ),
  tonnes: t("Flow"),
  distanceKm: z.number().describe("Lane distance (a route's legs summed), km"),
  costPerT: z
    .number()
    .describe("Freight per tonne on this lane or route (port and hub handling excluded), CNY"),
  cost: cny("tonnes x costPerT"),
  surchargePerT: z
    .number()
    .optional()
    .describe(
      "The network's surcharges on this lane, CNY per tonne, beside costPerT (only when the network has surcharges)",
    ),
  co2T: z.number().describe("Transport CO2 of this flow, tonnes CO2e"),
  hubHandlingPerT: z
    .number()
    .optional()
    .describe(
      "Handling at the hubs the route passes, CNY per tonne (only when the network has hubs, legs or corridors)",
    ),
  route: planRouteSchema.optional(),
  lotT: z
    .number()
    .optional()
    .describe("The lane's lot size, tonnes (only for a lane with lanes[].lotT)"),
  lotCount: z
    .number()
    .int()
    .optional()
    .describe("Whole lots on this lane over the year: tonnes = lotT x lotCount (only with lotT)"),
});

export const planPlantSchema = z.object({
  id: z.string(),
  province: z.string(),
  capacityT: t("Capacity"),
  outputT: t("Output"),
  utilization: z.number().describe("outputT / capacityT, 0..1 (0 when capacity is 0)"),
  capacityValuePerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Value of one more tonne of capacity, CNY per tonne: the saving in cost form (>= 0, 0 while capacity idles). null without duals or when the analysis was skipped",
    ),
  capacityValue: marginalDetail(
    "capacityValuePerT",
    "Value of the last tonne of capacity (what one tonne less would cost)",
  )
    .nullable()
    .optional(),
  exportT: t("Tonnes this plant sends to export ports").optional(),
  netbackPerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Tonne-weighted netback of this plant's exports: the ports' netbackPerT less inland freight, CNY per tonne; null when it exports nothing",
    ),
});

export const planSourceSchema = z.object({
  from: z.string().describe("Plant id"),
  mode: z.string().describe("Mode id"),
  tonnes: t("Flow"),
  productionCostPerT: z.number().describe("Plant production cost, CNY per tonne"),
  freightPerT: z.number().describe("Freight on the lane, CNY per tonne"),
  carbonCostPerT: z
    .number()
    .describe("options.carbonPricePerT x lane CO2, CNY per tonne (the CO2 cap's price excluded)"),
  surchargePerT: z
    .number()
    .optional()
    .describe(
      "The network's surcharges on the lane, CNY per tonne (only when the network has surcharges)",
    ),
  hubHandlingPerT: z
    .number()
    .optional()
    .describe("Handling at the hubs on the route, CNY per tonne (only on routes through hubs)"),
  deliveredCostPerT: z
    .number()
    .describe(
      "productionCostPerT + freightPerT + surchargePerT + carbonCostPerT (+ hubHandlingPerT), CNY per tonne",
    ),
});

export const planAlternativeSchema = z.object({
  from: z.string().describe("Plant id"),
  mode: z.string().describe("Mode id"),
  deliveredCostPerT: z
    .number()
    .describe("Production + freight + surcharges + carbon on this unused lane, CNY per tonne"),
  reducedCostPerT: z
    .number()
    .describe(
      "The cost gap: how much cheaper (CNY per tonne) this lane must be before the plan uses it (exact, > 0 while it stays unused)",
    ),
});

export const planUnusedLaneSchema = z.object({
  from: z.string().describe("Plant id"),
  to: z.string().describe("Smelter or port id"),
  mode: z.string().describe("Mode id"),
  reducedCostPerT: z
    .number()
    .nullable()
    .describe(
      "Exact reduced cost, CNY per tonne: the lane is used once its cost falls by more than this (and not before). >= 0; null when no cost makes it usable (zero capacity, or no other flow can make way)",
    ),
});

export const planSmelterSchema = z.object({
  id: z.string(),
  province: z.string(),
  demandT: t("Anode demand"),
  receivedT: t("Tonnes received"),
  shortfallT: t("demandT - receivedT"),
  co2T: z.number().optional().describe("Transport CO2 of the tonnes delivered here, tonnes CO2e"),
  marginalCostPerT: marginalCost(
    "Marginal delivered cost of one more tonne of demand here",
  ).optional(),
  marginal: marginalDetail(
    "marginalCostPerT",
    "What the last tonne of demand costs (the saving per tonne of demand dropped)",
  )
    .nullable()
    .optional(),
  marginalSurchargePerT: marginalSurcharge("marginalCostPerT"),
  sources: z
    .array(planSourceSchema)
    .optional()
    .describe("Why this route: the lanes that deliver here, largest first"),
  bestAlternative: planAlternativeSchema
    .nullable()
    .optional()
    .describe(
      "The unused lane into this smelter with the smallest cost gap; null without duals or when the analysis was skipped",
    ),
});

export const planPortMarketSchema = z.object({
  market: z.string().describe("Market id"),
  tonnes: t("Shipped from this port to this market"),
  freightPerT: z.number().describe("Route freight, CNY per tonne"),
  pricePerT: z
    .number()
    .describe("The market's average realised price (sales revenue / tonnes), CNY per tonne"),
  netbackPerT: z
    .number()
    .describe(
      "pricePerT - freightPerT - the port's handling: value at the port gate, CNY per tonne",
    ),
});

export const planPortSchema = z.object({
  id: z.string(),
  province: z.string(),
  exportT: t("Tonnes exported through this port"),
  minExportT: t("Minimum export"),
  maxExportT: t("Maximum export"),
  shortfallT: t("Minimum export left unmet"),
  marginalCostPerT: marginalCost(
    "Cost of raising this port's minimum export by one tonne (0 while exports exceed it)",
  ).optional(),
  marginal: marginalDetail(
    "marginalCostPerT",
    "What the last tonne of minimum export costs (the saving per tonne of minimum lowered)",
  )
    .nullable()
    .optional(),
  netbackPerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Tonne-weighted netback of this port's exports (its markets' netbackPerT, or fobPricePerT - handling without routes), CNY per tonne; null when it exports nothing",
    ),
  markets: z
    .array(planPortMarketSchema)
    .optional()
    .describe("Where this port's exports went (only with export routes)"),
});

export const planMarketSchema = z.object({
  id: z.string(),
  name: z.string(),
  tonnes: t("Sold in this market"),
  revenue: cny("Tier prices times tonnes"),
  averagePricePerT: z
    .number()
    .nullable()
    .describe("revenue / tonnes, CNY per tonne; null when nothing is sold"),
  marginalPricePerT: z
    .number()
    .nullable()
    .describe("Price of the last tier sold into, CNY per tonne; null when nothing is sold"),
  tiers: z
    .array(
      z.object({
        upToT: z.number().nullable().describe("Cumulative tonnes at the tier's end; null: open"),
        pricePerT: z.number().describe("CNY per tonne"),
        tonnes: t("Sold at this tier's price"),
      }),
    )
    .describe("Tonnes sold per tier"),
});

export const planWarningSchema = z.object({
  code: z
    .enum(["unmetDemand", "unmetMinimumExport"])
    .describe(
      "unmetDemand: a smelter short of anodes; unmetMinimumExport: a port below its minimum",
    ),
  subject: z.string().describe("Smelter or port id"),
  tonnes: t("Tonnes left unmet"),
  message: z.string().describe("The warning in words"),
});

export const planProvinceSchema = z.object({
  province: z.string(),
  capacityT: t("Capacity of the province's plants"),
  outputT: t("Output of the province's plants"),
  demandT: t("Demand of the province's smelters"),
  receivedT: t("Tonnes received by the province's smelters"),
  exportT: t("Tonnes the province's plants send to export ports (any province)"),
  netInflowT: t(
    "Tonnes received from other provinces' plants minus tonnes sent to other provinces' smelters; outputT - exportT + netInflowT = receivedT",
  ),
  marginalCostPerT: z
    .number()
    .nullable()
    .optional()
    .describe(
      "Demand-weighted mean of the province's smelters' marginalCostPerT, CNY per tonne; null without smelters, without duals, when the analysis was skipped, or where a smelter's next tonne is infeasible",
    ),
  marginalSurchargePerT: marginalSurcharge("marginalCostPerT (demand-weighted over its smelters)"),
  marginal: z
    .object({
      previousTonnePerT: z
        .number()
        .nullable()
        .describe("Demand-weighted mean of the smelters' previousTonnePerT"),
      degenerate: z.boolean().describe("Any of the province's smelters is degenerate"),
      range: z
        .object({
          moreT: z
            .number()
            .nullable()
            .describe("Smallest moreT of its smelters: each figure holds for that many more"),
          fewerT: z.number().describe("Smallest fewerT of its smelters"),
        })
        .nullable(),
    })
    .nullable()
    .optional()
    .describe("Range and degeneracy over the province's smelters, each changed alone"),
});

export const planSolverSchema = z.object({
  id: z.string().describe("Backend that solved the program"),
  version: z.string(),
  ms: z.number().describe("Solver wall time, milliseconds"),
  mipGap: z
    .number()
    .optional()
    .describe(
      "Only for a network with lots (a MILP): the relative gap |plan cost - best bound| / |plan cost| HiGHS certifies; 0 is proven optimal, stopping at 1e-4",
    ),
  mipStatus: z
    .enum(["optimal", "timeLimit"])
    .optional()
    .describe(
      "Only with lots: optimal (branch and bound closed within its gap) or timeLimit (the time limit stopped it; the plan is the best one with whole lots found, mipGap from the optimum at most)",
    ),
  warmStart: z
    .boolean()
    .optional()
    .describe(
      "Only for stored plans (scenario plans, batches) solved by the network simplex: true when the solve started from the optimal basis of an earlier solve of the same dataset and shape (the same answer, found faster, and certified as a cold one is), false when it started cold",
    ),
});

export const planContractSchema = z.object({
  id: z.string(),
  plants: z.array(z.string()),
  to: z.string().describe("Smelter or port id"),
  tonnes: t("Tonnes on the direct lanes from these plants to `to`"),
  minT: t("contracts[].minT (0 when absent)"),
  maxT: z.number().nullable().describe("contracts[].maxT, tonnes per year; null without one"),
  binding: z
    .enum(["min", "max"])
    .nullable()
    .describe("The bound the tonnes sit at (within 1e-6 t), null when strictly between"),
  marginalValuePerT: z
    .number()
    .nullable()
    .describe(
      "Dual of row (13) in cost form, CNY per tonne: what one tonne more of the binding bound costs (> 0 for a minimum that forces dearer supply, <= 0 for a maximum that holds cheaper supply back; 0 when slack). null without duals. For a network with lots, from the fixed LP (sensitivity.dualsFrom)",
    ),
});

export const planSchema = z
  .object({
    format: z.literal("anodeflow.plan/v1"),
    network: z.string().describe("Name of the network solved"),
    status: planStatusSchema,
    message: z.string().optional().describe("Why the status is not optimal"),
    warnings: z
      .array(planWarningSchema)
      .optional()
      .describe(
        "Read these first: each smelter and port the plan leaves short (possible only where options.allowShortfall is true), with the tonnes. They follow the status, before the objective and totals",
      ),
    objective: z
      .object({
        sense: z.enum(["min", "max"]),
        kind: objectiveSchema,
        value: z.number().describe("minCost: totalCost; maxMargin: margin (CNY per year)"),
      })
      .nullable(),
    totals: planTotalsSchema.nullable(),
    flows: z.array(planFlowSchema).describe("Positive flows only"),
    plants: z.array(planPlantSchema),
    smelters: z.array(planSmelterSchema),
    ports: z.array(planPortSchema),
    markets: z
      .array(planMarketSchema)
      .optional()
      .describe("Export markets: tonnes and revenue by tier (only when the network has markets)"),
    provinces: z.array(planProvinceSchema),
    contracts: z
      .array(planContractSchema)
      .optional()
      .describe(
        "The network's contracts with their tonnes, bounds and marginal values (only when it has any)",
      ),
    surcharges: z
      .array(planSurchargeSchema)
      .optional()
      .describe(
        "The network's surcharges with the tonnes and cost each carries (only when it has any); their sum is totals.surchargeCost",
      ),
    hubs: z
      .array(planHubSchema)
      .optional()
      .describe("Only when the network has hubs, legs or corridors: each hub's throughput"),
    corridors: z
      .array(planCorridorSchema)
      .optional()
      .describe("Only when the network has hubs, legs or corridors: each corridor's use"),
    periods: z
      .array(planPeriodSchema)
      .optional()
      .describe(
        "Only when the network has periods: each period's flows, output, deliveries, exports and closing stocks; the annual fields above are their sums over periods",
      ),
    unusedLanes: z
      .array(planUnusedLaneSchema)
      .optional()
      .describe(
        "Lanes without flow, smallest reduced cost first (then from, to, mode); at most the solve's unusedLanesTop (default 500). Empty without duals or when the analysis was skipped (unusedLaneCount still counts them)",
      ),
    unusedLaneCount: z
      .number()
      .int()
      .optional()
      .describe("How many lanes carry no flow (unusedLanes may list fewer)"),
    sensitivity: z
      .object({
        status: z
          .enum([
            "exact",
            "atImpliedCarbonPrice",
            "atSideConstraintPrices",
            "unavailable",
            "skipped",
          ])
          .describe(
            'exact: figures and ranges from the residual network; atImpliedCarbonPrice: a binding CO2 cap, figures hold at its price and ranges are null; atSideConstraintPrices: a binding contract (13), figures hold at the contracts\' prices (and the cap\'s) and ranges are null; unavailable: the backend returned no duals; skipped: the solve option sensitivity left the analysis out ("off", or "auto" on a network above its lane threshold; the note says which), so figures are null as without duals',
          ),
        note: z
          .string()
          .describe(
            "What the status means for this plan; when skipped, why and how to ask for the analysis",
          ),
        dualsFrom: z
          .literal("fixedLp")
          .optional()
          .describe(
            "Only for a network with lots (a MILP, which has no duals): every dual-based figure comes from the LP with the lot counts fixed at the plan's, so it prices a tonne more with the lots held",
          ),
      })
      .optional()
      .describe("How the marginal figures were obtained"),
    notes: z
      .array(z.string())
      .optional()
      .describe("What this plan leaves out and why (e.g. a step that does not yet run on periods)"),
    diagnosis: diagnosisSchema
      .nullable()
      .optional()
      .describe("Why the plan is infeasible and what relaxation restores it; only when infeasible"),
    solver: planSolverSchema,
  })
  .describe("An allocation plan (format v1)");

export type Plan = z.infer<typeof planSchema>;
export type PlanTotals = z.infer<typeof planTotalsSchema>;
export type PlanFlow = z.infer<typeof planFlowSchema>;
export type PlanProvince = z.infer<typeof planProvinceSchema>;
export type PlanSource = z.infer<typeof planSourceSchema>;
export type PlanWarning = z.infer<typeof planWarningSchema>;
export type PlanMarket = z.infer<typeof planMarketSchema>;
export type PlanUnusedLane = z.infer<typeof planUnusedLaneSchema>;
export type PlanSurcharge = z.infer<typeof planSurchargeSchema>;
export type { PlanCorridor, PlanHub, PlanRouteLeg } from "./plan-hubs-schema.ts";
export type PlanContract = z.infer<typeof planContractSchema>;
export type { PlanPeriod } from "./plan-periods-schema.ts";
