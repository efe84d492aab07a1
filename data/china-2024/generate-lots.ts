// Generates data/china-2024/network-lots.json: network.json with every lane written out and rail lanes
// shipping in whole 3,000 t trainloads (a MILP: formulation.md, lots); run with
// `npx tsx data/china-2024/generate-lots.ts`. A test checks the committed file.
import { fileURLToPath } from "node:url";
import { deriveLanes } from "../../models/allocation/build.ts";
import { type NetworkInput, networkSchema } from "../../models/allocation/network.ts";
import { OUTPUTS, writeOutputs } from "./generate.ts";

/**
 * A block train of anodes: ~50 open wagons (C70/C80, 60-70 t nominal) loaded to ~60 t each with
 * palletised anodes, about 3,000 t (ESTIMATE, README "Trainload lots"). Road ships any tonnage.
 */
export const TRAINLOAD_T = 3000;

/**
 * network.json with its implied lanes (every plant x smelter or port x mode that has a route) listed
 * as explicit lanes with their derived distanceKm, so they cost exactly what the implied ones do, and
 * lotT on the rail ones. Without the lotT fields it plans as network.json does.
 */
export function lotsNetwork(): NetworkInput {
  const annual = OUTPUTS["network.json"]();
  const network = networkSchema.parse(annual);
  const lanes = deriveLanes(network).map((lane) => {
    const mode = network.modes[lane.mode]?.id ?? "";
    const to =
      lane.destination.kind === "smelter"
        ? network.smelters[lane.destination.index]?.id
        : network.ports[lane.destination.index]?.id;
    return {
      from: network.plants[lane.plant]?.id ?? "",
      to: to ?? "",
      mode,
      distanceKm: lane.distanceKm,
      ...(mode === "rail" ? { lotT: TRAINLOAD_T } : {}),
    };
  });
  return {
    ...annual,
    name: "China 2024 in trainloads (provinces, paper's 0.45 t/t)",
    description: `network.json with every lane listed and rail shipping in whole trainloads of ${TRAINLOAD_T.toLocaleString("en-US")} t (lanes[].lotT): a mixed-integer program that only HiGHS solves, with its gap reported (data/china-2024/README.md, trainload lots).`,
    lanes,
  };
}

export const LOTS_OUTPUTS = { "network-lots.json": lotsNetwork } as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOutputs(new URL(".", import.meta.url), LOTS_OUTPUTS);
}
