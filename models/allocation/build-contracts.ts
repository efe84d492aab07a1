// Rows (13) contracts and (14) lot linking with the integer lot columns (formulation.md, "Contracts" and "Lots").
import type { LpBuilder } from "../lp.ts";
import type { Network } from "./network.ts";

/** What these rows read of a lane (build.ts's LaneTerms; not imported, build.ts imports this file). */
interface LaneTerms {
  plant: number;
  destination: { kind: "smelter" | "port"; index: number };
  mode: number;
  capacityT: number;
  lotT?: number;
}

/** The parts of the model being built that these rows read and fill in. */
interface ModelIndex {
  network: Network;
  lanes: readonly LaneTerms[];
  flowColumn: Int32Array;
  contractRow: Int32Array;
  contractLanes: number[][];
  lotColumn: Int32Array;
  lotRow: Int32Array;
}

/** Id of a lane's destination. */
const destinationOf = (network: Network, lane: LaneTerms) =>
  lane.destination.kind === "smelter"
    ? network.smelters[lane.destination.index]?.id
    : network.ports[lane.destination.index]?.id;

/** L_c of every contract: the lanes, any mode, from one of its plants straight to its destination. */
export function contractLanes(network: Network, lanes: readonly LaneTerms[]): number[][] {
  return (network.contracts ?? []).map((contract) => {
    const plants = new Set(contract.plants);
    return lanes.flatMap((lane, l) =>
      plants.has(network.plants[lane.plant]?.id ?? "") &&
      destinationOf(network, lane) === contract.to
        ? [l]
        : [],
    );
  });
}

/**
 * (13) contract c: minT_c <= sum_{l in L_c} flow_l <= maxT_c, `contract:<id>`. A third non-zero in
 * each of its flow columns: the program is no longer a network and `auto` solves it with HiGHS.
 */
export function addContractRows(lp: LpBuilder, model: ModelIndex) {
  const { network } = model;
  model.contractLanes = contractLanes(network, model.lanes);
  network.contracts?.forEach((contract, c) => {
    model.contractRow[c] = lp.addRow({
      name: `contract:${contract.id}`,
      terms: (model.contractLanes[c] ?? []).map((l) => ({
        column: model.flowColumn[l] as number,
        coef: 1,
      })),
      lower: contract.minT ?? 0,
      upper: contract.maxT ?? Infinity,
    });
  });
}

/**
 * (14) lots: per lane with lotT an integer column n_l, `lots:<lane>`, 0 <= n_l <= floor(u_l / lotT)
 * at cost 0, and the row `lot:<lane>`: flow_l - lotT n_l = 0, so the lane carries whole lots.
 */
export function addLotRows(lp: LpBuilder, model: ModelIndex) {
  const { network } = model;
  model.lanes.forEach((lane, l) => {
    const lotT = lane.lotT;
    if (lotT === undefined) return;
    const name = laneLabel(network, lane);
    const column = lp.addStoredColumn({
      name: `lots:${name}`,
      lower: 0,
      upper: Math.floor(lane.capacityT / lotT),
      cost: 0,
      integer: true,
    });
    model.lotColumn[l] = column;
    model.lotRow[l] = lp.addRow({
      name: `lot:${name}`,
      terms: [
        { column: model.flowColumn[l] as number, coef: 1 },
        { column, coef: -lotT },
      ],
      lower: 0,
      upper: 0,
    });
  });
}

/** plant>dest:mode, as laneName in build.ts (not imported from there: build.ts imports this file). */
function laneLabel(network: Network, lane: LaneTerms) {
  return `${network.plants[lane.plant]?.id}>${destinationOf(network, lane)}:${network.modes[lane.mode]?.id}`;
}
