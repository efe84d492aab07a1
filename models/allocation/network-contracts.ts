// Contracts of the network format: annual tonnes bounds from a group of plants to one destination (captive links), and their checks.
import { z } from "zod";
import { duplicateIds, type IssueSink, idSchema, tonnes } from "./network-primitives.ts";

export const contractSchema = z
  .object({
    id: idSchema.describe("Contract id, unique among contracts"),
    plants: z
      .array(idSchema)
      .min(1)
      .max(10_000)
      .describe("Plant ids: tonnes from any of them count toward the contract"),
    to: idSchema.describe("Smelter or port id the contract delivers to"),
    minT: tonnes
      .optional()
      .describe(
        "Least tonnes a year from these plants to `to` (absent: 0); the destination's whole demand makes a captive link",
      ),
    maxT: tonnes
      .optional()
      .describe("Most tonnes a year from these plants to `to` (absent: no limit)"),
  })
  .strict()
  .describe(
    "A supply contract or captive link: the annual tonnes on the direct lanes from `plants` to `to` lie within minT..maxT (constraint (13), a side constraint solved by HiGHS)",
  );

export type Contract = z.output<typeof contractSchema>;

/** The parts of a network the contract checks read. */
export interface ContractsOfNetwork {
  plants: readonly { id: string }[];
  smelters: readonly {
    id: string;
    demandT?: number | undefined;
    aluminiumT?: number | undefined;
  }[];
  ports: readonly { id: string; maxExportT: number }[];
  anodePerTonneAluminium: number;
  contracts?: readonly Contract[] | undefined;
}

/**
 * Ids unique; plants and destination known; minT <= maxT; and minT no more than the destination
 * can take in a year (a smelter's demand, a port's maxExportT), which no plan could meet.
 */
export function checkContracts(network: ContractsOfNetwork, ctx: IssueSink) {
  const contracts = network.contracts ?? [];
  duplicateIds(ctx, contracts, "contracts", new Map());
  const plantIds = new Set(network.plants.map((p) => p.id));
  const takesT = new Map<string, { kind: string; t: number }>();
  for (const smelter of network.smelters) {
    const t = smelter.demandT ?? (smelter.aluminiumT ?? 0) * network.anodePerTonneAluminium;
    takesT.set(smelter.id, { kind: "demand", t });
  }
  for (const port of network.ports) takesT.set(port.id, { kind: "maxExportT", t: port.maxExportT });
  contracts.forEach((contract, i) => {
    const seen = new Set<string>();
    contract.plants.forEach((plant, j) => {
      if (!plantIds.has(plant)) {
        ctx.addIssue({
          code: "custom",
          path: ["contracts", i, "plants", j],
          message: `"${plant}" is not a plant id`,
        });
      } else if (seen.has(plant)) {
        ctx.addIssue({
          code: "custom",
          path: ["contracts", i, "plants", j],
          message: `plant "${plant}" is listed twice`,
        });
      }
      seen.add(plant);
    });
    const destination = takesT.get(contract.to);
    if (!destination) {
      ctx.addIssue({
        code: "custom",
        path: ["contracts", i, "to"],
        message: `"${contract.to}" is not a smelter or port id`,
      });
    }
    const minT = contract.minT ?? 0;
    if (contract.maxT !== undefined && minT > contract.maxT) {
      ctx.addIssue({
        code: "custom",
        path: ["contracts", i, "minT"],
        message: `minT ${minT} exceeds maxT ${contract.maxT}`,
      });
    } else if (destination && minT > destination.t) {
      ctx.addIssue({
        code: "custom",
        path: ["contracts", i, "minT"],
        message: `minT ${minT} exceeds what "${contract.to}" takes in a year (its ${destination.kind}, ${destination.t} t)`,
      });
    }
  });
}

/** Whether the network has contracts: the program then has rows (13) and is not a network. */
export const hasContracts = (network: { contracts?: readonly Contract[] | undefined }) =>
  (network.contracts?.length ?? 0) > 0;
