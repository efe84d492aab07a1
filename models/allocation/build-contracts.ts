// Rows (13) contracts and (14) lot linking with the integer lot columns (formulation.md, "Contracts" and "Lots").
import type { LpBuilder } from "../lp.ts";
import type { LaneDestination, LaneTable } from "./lane-table.ts";
import type { Network } from "./network.ts";

/** The parts of the model being built that these rows read and fill in. */
interface ModelIndex {
  network: Network;
  laneTable: LaneTable;
  flowColumn: Int32Array;
  contractRow: Int32Array;
  contractLanes: number[][];
  lotColumn: Int32Array;
  lotRow: Int32Array;
}

/** Id of lane l's destination. */
const destinationOf = (network: Network, lanes: LaneTable, l: number) => {
  const destination = lanes.destinations[lanes.destination[l] as number] as LaneDestination;
  return destination.kind === "smelter"
    ? network.smelters[destination.index]?.id
    : network.ports[destination.index]?.id;
};

/** L_c of every contract: the lanes, any mode, from one of its plants straight to its destination. */
export function contractLanes(network: Network, lanes: LaneTable): number[][] {
  return (network.contracts ?? []).map((contract) => {
    const plants = new Set(contract.plants);
    const inContract: number[] = [];
    for (let l = 0; l < lanes.length; l++)
      if (
        plants.has(network.plants[lanes.plant[l] as number]?.id ?? "") &&
        destinationOf(network, lanes, l) === contract.to
      )
        inContract.push(l);
    return inContract;
  });
}

/**
 * (13) contract c: minT_c <= sum_{l in L_c} flow_l <= maxT_c, `contract:<id>`. A third non-zero in
 * each of its flow columns: the program is no longer a network and `auto` solves it with HiGHS.
 */
export function addContractRows(lp: LpBuilder, model: ModelIndex) {
  const { network } = model;
  model.contractLanes = contractLanes(network, model.laneTable);
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
  const { network, laneTable } = model;
  for (let l = 0; l < laneTable.length; l++) {
    const lotT = laneTable.lotT[l] as number;
    if (Number.isNaN(lotT)) continue;
    const name = laneLabel(network, laneTable, l);
    const column = lp.addStoredColumn({
      name: `lots:${name}`,
      lower: 0,
      upper: Math.floor((laneTable.capacityT[l] as number) / lotT),
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
  }
}

/** plant>dest:mode, as laneName in build.ts (not imported from there: build.ts imports this file). */
function laneLabel(network: Network, lanes: LaneTable, l: number) {
  return `${network.plants[lanes.plant[l] as number]?.id}>${destinationOf(network, lanes, l)}:${network.modes[lanes.mode[l] as number]?.id}`;
}
