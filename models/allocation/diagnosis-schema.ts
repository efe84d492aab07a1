// Format of an infeasibility diagnosis (part of plan format v1): conflicts in domain terms, the cheapest relaxation.
import { z } from "zod";

export const hardLimitSchema = z
  .enum([
    "demand",
    "minExport",
    "minOutput",
    "capacity",
    "maxExport",
    "laneCapacity",
    "closedLane",
    "co2Cap",
    "routeCapacity",
    "marketCapacity",
    "hubCapacity",
    "legCapacity",
    "corridorCapacity",
    "inventoryCapacity",
    "contractMin",
    "contractMax",
  ])
  .describe(
    "The hard limit a relaxation breaks: demand (smelter demand with allowShortfall false), minExport (a port's minimum with allowShortfall false), minOutput, capacity (a plant's), maxExport, laneCapacity, closedLane (a plant-destination-mode link absent from `lanes`), co2Cap, routeCapacity (an export route's capacityT), marketCapacity (what an export market's tiers take in all: its last tier's upToT), hubCapacity (a hub's capacityT), legCapacity (a leg's capacityT), corridorCapacity (a corridor's capacityT), inventoryCapacity (a stock holder's inventory.capacityT at the end of a period; networks with periods), contractMin and contractMax (a contract's minT or maxT, row (13))",
  );

const ids = (what: string) => z.array(z.string()).describe(what);

export const conflictQuaySchema = z.object({
  port: z.string().describe("Port id: the quay is where its exports leave for export markets"),
  minExportT: z.number().describe("The port's minimum export, tonnes per year"),
  tonnes: z
    .number()
    .describe("Tonnes the elastic solution ships on from this quay within its routes' capacities"),
});

export const conflictMarketSchema = z.object({
  id: z.string().describe("Export market id"),
  tonnes: z.number().describe("Tonnes the elastic solution sells there within its tiers"),
  limitT: z
    .number()
    .nullable()
    .describe("The most its tiers take in all (the last tier's upToT), tonnes; null when open"),
});

export const conflictSchema = z.object({
  kind: z
    .enum(["supply", "absorption", "co2", "corridor", "contract"])
    .describe(
      "supply: demand and minimum exports in a region exceed what can reach it; absorption: minimum output, and minimum exports where export markets are modelled, exceed what the smelters, ports, routes and markets they reach can take; co2: the cap is below the least CO2 a feasible plan emits; corridor: a corridor shared by several legs and lanes is too narrow for what must pass it (lanes lists them); contract: a contract's minT or maxT cannot hold with every other limit (plants lists its plants, smelters or ports its destination)",
    ),
  description: z.string().describe("The conflict in one sentence, with its tonnes"),
  missingT: z
    .number()
    .describe(
      "Tonnes of the hard limits in this conflict that cannot be met (t CO2 for a co2 conflict)",
    ),
  plants: ids("Plants in the region"),
  smelters: ids("Smelters in the region"),
  ports: ids("Ports in the region"),
  lanes: ids("Lanes at the region's boundary (full, or closed and needed), as from>to:mode"),
  quays: z
    .array(conflictQuaySchema)
    .optional()
    .describe("Export sides of ports in the region (only where the network has export markets)"),
  markets: z
    .array(conflictMarketSchema)
    .optional()
    .describe("Export markets in the region, with their tonnes (only with export markets)"),
  routes: ids(
    "Export routes at the region's boundary (full, or widened by the relaxation), as port>market",
  ).optional(),
  period: z
    .string()
    .optional()
    .describe("The period the conflict lies in (networks with periods, when it lies in one)"),
  periods: ids(
    "Every period the conflict spans, in period order (networks with periods; stock links them)",
  ).optional(),
  stocks: ids(
    "Stocks at the region's boundary (full, or raised by the relaxation), as holder@period: the stock closing that period (networks with periods)",
  ).optional(),
});

export const relaxationChangeSchema = z.object({
  limit: hardLimitSchema,
  id: z
    .string()
    .describe(
      "Plant, smelter, port, market, hub or corridor id, lane or leg from>to:mode, export route port>market, or 'co2Cap'",
    ),
  byT: z
    .number()
    .describe(
      "By how much the limit must give, tonnes per year (t CO2 for co2Cap; tonnes in its period with a period)",
    ),
  description: z.string().describe("The change as an instruction"),
  period: z
    .string()
    .optional()
    .describe(
      "The period whose limit must give (networks with periods; for inventoryCapacity the period whose closing stock), absent for an annual limit",
    ),
});

export const diagnosisSchema = z
  .object({
    summary: z.string().describe("The diagnosis in plain words"),
    missingT: z
      .number()
      .nullable()
      .describe("Total anode tonnes of hard limits that cannot be met together (conflicts summed)"),
    plants: ids("Every plant involved in a conflict"),
    smelters: ids("Every smelter involved in a conflict"),
    ports: ids("Every port involved in a conflict"),
    lanes: ids("Every lane involved in a conflict, as from>to:mode"),
    markets: ids("Every export market involved in a conflict").optional(),
    routes: ids("Every export route involved in a conflict, as port>market").optional(),
    periods: ids(
      "Every period involved in a conflict, in period order (networks with periods)",
    ).optional(),
    conflicts: z.array(conflictSchema),
    relaxation: z
      .object({
        changes: z.array(relaxationChangeSchema).describe("Make all of these and the plan solves"),
        totalT: z.number().describe("Sum of byT: the least total a relaxation must give"),
        costOfRelaxedPlan: z
          .number()
          .describe(
            "Objective of the relaxed plan in cost form (minCost: total cost; maxMargin: minus the margin), CNY per year, without any shortfall penalty",
          ),
      })
      .nullable()
      .describe(
        "The cheapest relaxation: the fewest tonnes of hard limits broken, then the least cost, with unmet demand or minimum export priced at shortfallPenaltyPerT; null when the diagnosing solve failed",
      ),
    solver: z.string().describe("Backend that solved the elastic program"),
  })
  .describe(
    "Why no plan meets every hard limit: an elastic re-solve in which each hard limit may be broken at a heavy price per tonne",
  );

export type Diagnosis = z.infer<typeof diagnosisSchema>;
export type Conflict = z.infer<typeof conflictSchema>;
export type RelaxationChange = z.infer<typeof relaxationChangeSchema>;
export type HardLimit = z.infer<typeof hardLimitSchema>;
export type ConflictQuay = z.infer<typeof conflictQuaySchema>;
export type ConflictMarket = z.infer<typeof conflictMarketSchema>;
