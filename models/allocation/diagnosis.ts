// Infeasibility diagnosis: an elastic program that may break each hard limit, read back as conflicts and a relaxation.
import type { LinearProgram, LpColumn, LpResult, LpRow } from "../lp.ts";
import { reachable } from "../network-flow/reachability.ts";
import { boundSlackRelative, boundSlackT, relaxationUsedT } from "../tolerances.ts";
import {
  type AllocationModel,
  buildAllocationModel,
  deriveLanes,
  type LaneTerms,
  laneName,
  laneObjectiveCostPerT,
} from "./build.ts";
import { type LegEnd, legEndId, legName, legObjectiveCostPerT } from "./build-hubs.ts";
import {
  type AddRelaxation,
  addMarketRelaxations,
  exportSide,
  type Relaxation,
} from "./diagnosis-markets.ts";
import type { Conflict, Diagnosis, HardLimit, RelaxationChange } from "./diagnosis-schema.ts";
import { describeChange, describeShortage, describeSurplus, fmtT, list } from "./diagnosis-text.ts";
import { legNode, modelArcs, nodeIndex } from "./flow-graph.ts";
import type { Network, Plant, Port, Smelter } from "./network.ts";

export interface ElasticModel {
  base: AllocationModel;
  /** Sense min, in cost form: weight per tonne broken, plus cost. */
  lp: LinearProgram;
  relaxations: Relaxation[];
  weightPerT: number;
}

/**
 * The elastic program: the allocation LP in cost form plus, for each hard limit, a column that
 * breaks it (formulation.md, "Infeasibility diagnosis"). Every broken tonne weighs `weightPerT`,
 * larger than any cost a tonne can save, so the solve minimises the tonnes broken first and cost
 * second. Each column is an arc of the network, so without a CO2 cap the program stays a network.
 */
export function buildElasticModel(network: Network): ElasticModel {
  const base = buildAllocationModel(network);
  const sign = base.lp.sense === "max" ? -1 : 1;
  // Fields copied one by one: a spread would drop names that columns compute on reading.
  const columns: LpColumn[] = base.lp.columns.map((c) => ({
    name: c.name,
    lower: c.lower,
    upper: c.upper,
    cost: sign * c.cost,
  }));
  const rows: LpRow[] = base.lp.rows.map((r) => ({ ...r, terms: [...r.terms] }));
  const rowOf = new Map(rows.map((row) => [row.name, row]));
  // A loop, not Math.max(...costs): spreading a million arguments overflows the stack.
  let costScale = Math.max(1, network.options.shortfallPenaltyPerT);
  for (const c of columns) costScale = Math.max(costScale, Math.abs(c.cost));
  const weightPerT = 1000 * costScale;
  const relaxations: Relaxation[] = [];
  const add: AddRelaxation = (relaxation, upper, terms) => {
    const column = columns.length;
    columns.push({
      name: `relax:${relaxation.limit}:${relaxation.id}`,
      lower: 0,
      upper,
      cost: weightPerT + relaxation.realCostPerT + relaxation.rankingCostPerT,
    });
    for (const { row, coef } of terms) rowOf.get(row)?.terms.push({ column, coef });
    relaxations.push({ ...relaxation, column });
  };
  addNodeRelaxations(base, add);
  addLaneRelaxations(base, add);
  addMarketRelaxations(base, add);
  addRouteRelaxations(base, add);
  if (base.co2CapRow >= 0)
    add(
      { limit: "co2Cap", id: "co2Cap", from: -1, to: -1, realCostPerT: 0, rankingCostPerT: 0 },
      Infinity,
      [{ row: "co2Cap", coef: -1 }],
    );
  addContractRelaxations(base, add);
  return {
    base,
    lp: { name: `${network.name} (elastic)`, sense: "min", columns, rows },
    relaxations,
    weightPerT,
  };
}

/** Relaxations of the plants' minimum output and capacity, demands, and ports' export limits. */
function addNodeRelaxations(base: AllocationModel, add: AddRelaxation): void {
  const { network } = base;
  const { options } = network;
  const nodes = nodeIndex(base);
  const relax = (limit: HardLimit, id: string, from: number, to: number, realCostPerT: number) => ({
    limit,
    id,
    from,
    to,
    realCostPerT,
    rankingCostPerT: limit === "demand" || limit === "minExport" ? options.shortfallPenaltyPerT : 0,
  });
  network.plants.forEach((plant, p) => {
    const [v, row] = [nodes.plant(p), `plant:${plant.id}`];
    // Making less than the minimum saves its production cost.
    if (plant.minOutputT > 0)
      add(relax("minOutput", plant.id, v, 0, -plant.productionCostPerT), plant.minOutputT, [
        { row, coef: -1 },
      ]);
    add(relax("capacity", plant.id, 0, v, plant.productionCostPerT), Infinity, [{ row, coef: 1 }]);
  });
  if (!options.allowShortfall) {
    network.smelters.forEach((smelter, s) => {
      add(relax("demand", smelter.id, 0, nodes.smelter(s), 0), base.demandT[s] as number, [
        { row: `smelter:${smelter.id}`, coef: 1 },
      ]);
    });
  }
  network.ports.forEach((port, k) => {
    const [v, row] = [nodes.port(k), `port:${port.id}`];
    const revenue = options.objective === "maxMargin" ? port.fobPricePerT : 0;
    // Phantom tonnes earn no revenue, as in build.ts.
    if (!options.allowShortfall && port.minExportT > 0)
      add(relax("minExport", port.id, 0, v, revenue), port.minExportT, [{ row, coef: 1 }]);
    // Beyond maxExport a port with export routes still ships through its quay to a market.
    const quay = (base.quayRow[k] as number) >= 0;
    add(relax("maxExport", port.id, v, quay ? nodes.quay(k) : 0, -revenue), Infinity, [
      { row, coef: -1 },
      ...(quay ? [{ row: `quay:${port.id}`, coef: 1 }] : []),
    ]);
  });
}

/**
 * (13) contracts: contractMin (+1 in the row, up to minT: tonnes the minimum is missed by) and
 * contractMax (-1, tonnes above maxT), no arc of the network, each weighing only the weight.
 */
function addContractRelaxations(base: AllocationModel, add: AddRelaxation): void {
  base.network.contracts?.forEach((contract) => {
    const row = `contract:${contract.id}`;
    const relax = (limit: HardLimit) => ({
      limit,
      id: contract.id,
      from: -1,
      to: -1,
      realCostPerT: 0,
      rankingCostPerT: 0,
    });
    if ((contract.minT ?? 0) > 0) add(relax("contractMin"), contract.minT ?? 0, [{ row, coef: 1 }]);
    if (contract.maxT !== undefined) add(relax("contractMax"), Infinity, [{ row, coef: -1 }]);
  });
}

/** The contract rows (13) a lane p -> d counts in: those of p's contracts to d. */
function contractTerms(network: Network, lane: LaneTerms) {
  const plant = (network.plants[lane.plant] as Plant).id;
  const to =
    lane.destination.kind === "smelter"
      ? (network.smelters[lane.destination.index] as Smelter).id
      : (network.ports[lane.destination.index] as Port).id;
  return (network.contracts ?? []).flatMap((contract) =>
    contract.to === to && contract.plants.includes(plant)
      ? [{ row: `contract:${contract.id}`, coef: 1 }]
      : [],
  );
}

/** Relaxations of lane capacities, and of the lanes a network closes by listing the others. */
function addLaneRelaxations(base: AllocationModel, add: AddRelaxation): void {
  const { network } = base;
  const nodes = nodeIndex(base);
  const addLane = (limit: HardLimit, lane: LaneTerms) => {
    const toSmelter = lane.destination.kind === "smelter";
    const to = (toSmelter ? nodes.smelter : nodes.port)(lane.destination.index);
    const destinationRow = toSmelter
      ? `smelter:${(network.smelters[lane.destination.index] as Smelter).id}`
      : `port:${(network.ports[lane.destination.index] as Port).id}`;
    const co2 =
      base.co2CapRow >= 0 && lane.co2KgPerT !== 0
        ? [{ row: "co2Cap", coef: lane.co2KgPerT / 1000 }]
        : [];
    add(
      {
        limit,
        id: laneName(network, lane),
        from: nodes.plant(lane.plant),
        to,
        realCostPerT: laneObjectiveCostPerT(network, lane),
        rankingCostPerT: 0,
      },
      Infinity,
      [
        { row: `plant:${(network.plants[lane.plant] as Plant).id}`, coef: -1 },
        { row: destinationRow, coef: 1 },
        ...co2,
        // A second lane p -> d counts toward p's contracts to d as the lane itself does.
        ...contractTerms(network, lane),
      ],
    );
  };
  for (const lane of base.lanes) if (lane.capacityT < Infinity) addLane("laneCapacity", lane);
  if (network.lanes) {
    const open = new Set(base.lanes.map((lane) => laneName(network, lane)));
    for (const lane of deriveLanes({ ...network, lanes: undefined })) {
      if (!open.has(laneName(network, lane))) addLane("closedLane", lane);
    }
  }
}

/** The row a leg leaves (a plant's, a hub's out row) or enters (a hub's in row, a smelter's, a port's). */
function legRow(network: Network, end: LegEnd, side: "in" | "out"): string {
  const id = legEndId(network, end);
  return end.kind === "hub" ? `hub:${id}:${side}` : `${end.kind}:${id}`;
}

/**
 * Relaxations of hub, leg and corridor capacities: a second throughput arc hub-in -> hub-out at the
 * hub's handling, a second leg arc at the leg's cost (counted in its corridor and the CO2 cap, as
 * the leg), and -1 in a corridor's row (no arc: a corridor is a side constraint, as the CO2 cap).
 */
function addRouteRelaxations(base: AllocationModel, add: AddRelaxation): void {
  const { network } = base;
  const nodes = nodeIndex(base);
  (network.hubs ?? []).forEach((hub, h) => {
    if (hub.capacityT === undefined) return;
    const relaxation = {
      limit: "hubCapacity" as const,
      id: hub.id,
      from: nodes.hubIn(h),
      to: nodes.hubOut(h),
      realCostPerT: hub.handlingCostPerT,
      rankingCostPerT: 0,
    };
    add(relaxation, Infinity, [
      { row: `hub:${hub.id}:in`, coef: -1 },
      { row: `hub:${hub.id}:out`, coef: 1 },
    ]);
  });
  base.legs.forEach((leg) => {
    if (leg.capacityT === Infinity) return;
    const corridor = leg.corridor >= 0 ? network.corridors?.[leg.corridor] : undefined;
    add(
      {
        limit: "legCapacity",
        id: legName(network, leg),
        from: legNode(nodes, leg.from, "out"),
        to: legNode(nodes, leg.to, "in"),
        realCostPerT: legObjectiveCostPerT(network, leg),
        rankingCostPerT: 0,
      },
      Infinity,
      [
        { row: legRow(network, leg.from, "out"), coef: -1 },
        { row: legRow(network, leg.to, "in"), coef: 1 },
        ...(corridor ? [{ row: `corridor:${corridor.id}`, coef: 1 }] : []),
        ...(base.co2CapRow >= 0 && leg.co2KgPerT !== 0
          ? [{ row: "co2Cap", coef: leg.co2KgPerT / 1000 }]
          : []),
      ],
    );
  });
  (network.corridors ?? []).forEach((corridor) => {
    add(
      {
        limit: "corridorCapacity",
        id: corridor.id,
        from: -1,
        to: -1,
        realCostPerT: 0,
        rankingCostPerT: 0,
      },
      Infinity,
      [{ row: `corridor:${corridor.id}`, coef: -1 }],
    );
  });
}

/** The lanes and legs that name a corridor, as from>to:mode. */
export function corridorArcs(base: AllocationModel, c: number): string[] {
  const { network } = base;
  return [
    ...base.lanes.flatMap((lane, l) =>
      base.laneCorridor[l]?.includes(c) ? [laneName(network, lane)] : [],
    ),
    ...base.legs.flatMap((leg) => (leg.corridors.includes(c) ? [legName(network, leg)] : [])),
  ];
}

/** Arcs of the base network at the elastic solution, for reachability (order: see modelArcs). */
function realArcs(elastic: ElasticModel, values: readonly number[]) {
  const { base } = elastic;
  const slack = (bound: number) =>
    Number.isFinite(bound) ? Math.max(boundSlackT, boundSlackRelative * Math.abs(bound)) : 0;
  return modelArcs(base).map(({ from, to, column: c }) => {
    const column = base.lp.columns[c] as LpColumn;
    const x = values[c] ?? 0;
    return {
      from,
      to,
      column: c,
      x,
      canRaise: x < column.upper - slack(column.upper),
      canLower: x > column.lower + slack(column.lower),
    };
  });
}

export type RealArc = ReturnType<typeof realArcs>[number];

/**
 * Nodes that can reach `start` ("in") or be reached from it ("out") along residual arcs, never
 * through the ground: at the elastic optimum the ground cannot reach a short node (nor a surplus
 * node reach the ground) without breaking a limit, so the set is the closed region behind it.
 */
const region = (
  arcs: readonly RealArc[],
  nodeCount: number,
  start: number,
  direction: "in" | "out",
) => reachable(arcs, nodeCount, start, direction, 0);

/**
 * Reads the elastic optimum as conflicts (regions whose hard limits cannot all hold) and the
 * relaxation it found. `result` must be the elastic program's optimal result.
 */
export function diagnoseInfeasibility(
  elastic: ElasticModel,
  result: Extract<LpResult, { status: "optimal" }>,
): Diagnosis {
  const { network } = elastic.base;
  const values = result.columnValues;
  const used = elastic.relaxations.filter((r) => (values[r.column] ?? 0) > relaxationUsedT);
  const changes: RelaxationChange[] = used.map((r) => ({
    limit: r.limit,
    id: r.id,
    byT: values[r.column] ?? 0,
    description: describeChange(r.limit, r.id, values[r.column] ?? 0),
  }));
  const arcs = realArcs(elastic, values);
  const conflicts: Conflict[] = conflictGroups(elastic, used, arcs).map((group) =>
    groupConflict(elastic, group, arcs, values),
  );
  for (const r of used) {
    if (r.limit !== "corridorCapacity") continue;
    const c = (network.corridors ?? []).findIndex((corridor) => corridor.id === r.id);
    const overT = values[r.column] ?? 0;
    const capacityT = network.corridors?.[c]?.capacityT ?? 0;
    conflicts.push({
      kind: "corridor",
      description: `Corridor ${r.id} carries at most ${fmtT(capacityT)}, ${fmtT(overT)} less than must pass it when every other limit holds.`,
      missingT: overT,
      plants: [],
      smelters: [],
      ports: [],
      lanes: corridorArcs(elastic.base, c),
    });
  }
  const co2 = used.find((r) => r.limit === "co2Cap");
  if (co2) {
    const overT = values[co2.column] ?? 0;
    conflicts.push({
      kind: "co2",
      description: `The CO2 cap of ${fmtT(network.options.co2CapT ?? 0)} CO2 is ${overT.toFixed(1)} t below the least a plan meeting every other limit emits.`,
      missingT: overT,
      plants: [],
      smelters: [],
      ports: [],
      lanes: [],
    });
  }

  conflicts.push(...contractConflicts(network, used, values));

  const sorted = (names: string[]) => [...new Set(names)].sort();
  const union = (key: "plants" | "smelters" | "ports" | "lanes") =>
    sorted(conflicts.flatMap((c) => c[key]));
  const anodeMissing = conflicts
    .filter((c) => c.kind !== "co2")
    .reduce((sum, c) => sum + c.missingT, 0);
  const totalT = changes.reduce((sum, c) => sum + c.byT, 0);
  // Under maxMargin the domestic revenue of full demand is the program's constant (build.ts).
  const costOfRelaxedPlan =
    result.objective -
    elastic.base.objectiveOffset -
    used.reduce(
      (sum, r) => sum + (values[r.column] ?? 0) * (elastic.weightPerT + r.rankingCostPerT),
      0,
    );
  const summary = [
    ...conflicts.map((c) => c.description),
    changes.length > 0
      ? `Cheapest relaxation: ${list(changes.map((c) => c.description))}.`
      : elastic.base.lotColumn.some((column) => column >= 0)
        ? "Every limit holds with fractional lots: whole lots (lanes[].lotT) make the plan infeasible; give a lot lane's destination another lane without lotT, or allow shortfall."
        : "The elastic program breaks no limit: the infeasibility is numerical; try another solver.",
  ].join(" ");
  return {
    summary,
    missingT: anodeMissing,
    plants: union("plants"),
    smelters: union("smelters"),
    ports: union("ports"),
    lanes: union("lanes"),
    ...((network.markets?.length ?? 0) > 0 && {
      markets: sorted(conflicts.flatMap((c) => (c.markets ?? []).map((m) => m.id))),
      routes: sorted(conflicts.flatMap((c) => c.routes ?? [])),
    }),
    conflicts,
    relaxation: { changes, totalT, costOfRelaxedPlan },
    solver: result.solver.id,
  };
}

/** Limits whose relaxation takes tonnes out of a region (its tail's); the others bring them in. */
export const absorbing = new Set<HardLimit>([
  "minOutput",
  "maxExport",
  "routeCapacity",
  "marketCapacity",
]);

/** Nodes behind one or more relaxations that overlap: a short or a surplus region. */
export interface ConflictGroup {
  kind: "supply" | "absorption";
  members: Uint8Array;
  relaxations: Relaxation[];
}

/**
 * Short regions: everything that can reach the head of a relaxation that brings tonnes in.
 * Surplus regions: everything reachable from the tail of one that takes tonnes out. Overlapping
 * regions of one kind merge.
 */
function conflictGroups(
  elastic: ElasticModel,
  used: readonly Relaxation[],
  arcs: readonly RealArc[],
): ConflictGroup[] {
  const nodes = nodeIndex(elastic.base);
  const groups: ConflictGroup[] = [];
  for (const r of used) {
    if (
      r.limit === "co2Cap" ||
      r.limit === "corridorCapacity" ||
      r.limit === "contractMin" ||
      r.limit === "contractMax"
    )
      continue;
    const kind = absorbing.has(r.limit) ? "absorption" : "supply";
    const members =
      kind === "supply"
        ? region(arcs, nodes.count, r.to, "in")
        : region(arcs, nodes.count, r.from, "out");
    const overlapping = groups.find(
      (g) => g.kind === kind && g.members.some((m, v) => m === 1 && members[v] === 1),
    );
    if (overlapping) {
      members.forEach((m, v) => {
        if (m) overlapping.members[v] = 1;
      });
      overlapping.relaxations.push(r);
    } else groups.push({ kind, members, relaxations: [r] });
  }
  return groups;
}

/**
 * A group's members by kind, what they need and what is available to them, in tonnes; the export
 * side (quays, markets, full routes) from diagnosis-markets.ts.
 */
export function groupBalance(
  base: AllocationModel,
  group: ConflictGroup,
  arcs: readonly RealArc[],
) {
  const { network } = base;
  const nodes = nodeIndex(base);
  const supply = group.kind === "supply";
  const arcByColumn = new Map(arcs.map((arc) => [arc.column, arc]));
  const side = exportSide(base, group.members, !supply, (c) => arcByColumn.get(c) as RealArc);
  const balance = { plants: [] as string[], smelters: [] as string[], ports: [] as string[] };
  let needT = side.needT;
  let availableT = side.availableT;
  group.members.forEach((m, v) => {
    if (!m || v === 0) return;
    if (v < nodes.smelter(0)) {
      const plant = network.plants[v - 1] as Plant;
      balance.plants.push(plant.id);
      if (supply) availableT += plant.capacityT;
      else needT += plant.minOutputT;
    } else if (v < nodes.port(0)) {
      const s = v - nodes.smelter(0);
      balance.smelters.push((network.smelters[s] as Smelter).id);
      if (supply) needT += base.demandT[s] as number;
      else availableT += base.demandT[s] as number;
    } else if (v < nodes.quay(0)) {
      const k = v - nodes.port(0);
      const port = network.ports[k] as Port;
      balance.ports.push(port.id);
      if (supply) needT += network.options.allowShortfall ? 0 : port.minExportT;
      else if (!side.portsAtQuay.has(k)) availableT += port.maxExportT;
    }
  });
  return { ...balance, side, needT, availableT };
}

/** The conflict of one group, in words and figures. */
function groupConflict(
  elastic: ElasticModel,
  group: ConflictGroup,
  arcs: readonly RealArc[],
  values: readonly number[],
): Conflict {
  const { base } = elastic;
  const { network } = base;
  const { plants, smelters, ports, side, needT, ...rest } = groupBalance(base, group, arcs);
  let availableT = rest.availableT;
  // Lanes across the boundary that are full, and the lanes the relaxation opens or widens.
  const lanes: string[] = [];
  base.lanes.forEach((lane, l) => {
    const arc = arcs[network.plants.length + l] as RealArc;
    const inside = (v: number) => group.members[v] === 1;
    const crossing =
      group.kind === "supply"
        ? !inside(arc.from) && inside(arc.to)
        : inside(arc.from) && !inside(arc.to);
    if (crossing && !arc.canRaise) {
      lanes.push(laneName(network, lane));
      availableT += arc.x;
    }
  });
  const fullLanes = lanes.length;
  const widened = (limit: HardLimit) =>
    group.relaxations.filter((r) => r.limit === limit).map((r) => r.id);
  lanes.push(...widened("closedLane"), ...widened("laneCapacity"), ...widened("legCapacity"));
  const missingT = group.relaxations.reduce((sum, r) => sum + (values[r.column] ?? 0), 0);
  const description =
    group.kind === "supply"
      ? describeShortage(
          smelters,
          ports,
          plants,
          needT,
          availableT,
          missingT,
          fullLanes > 0,
          false,
          [
            ...widened("hubCapacity").map((id) => `hub ${id}`),
            ...widened("legCapacity").map((id) => `leg ${id}`),
          ],
        )
      : describeSurplus({ plants, smelters, ports, side }, needT, availableT, missingT);
  const conflict = {
    kind: group.kind,
    description,
    missingT,
    plants,
    smelters,
    ports: [...new Set([...ports, ...side.forcingPorts])],
    lanes,
  };
  if ((network.markets?.length ?? 0) === 0) return conflict;
  const routes = [...side.fullRoutes.map((r) => r.id), ...widened("routeCapacity")];
  return { ...conflict, quays: side.quays, markets: side.markets, routes: [...new Set(routes)] };
}

/** (13) one conflict per contract whose minimum or maximum the elastic solution had to break. */
export function contractConflicts(
  network: Network,
  used: readonly { limit: HardLimit; id: string; column: number }[],
  values: ArrayLike<number>,
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const r of used) {
    if (r.limit !== "contractMin" && r.limit !== "contractMax") continue;
    const contract = network.contracts?.find((c) => c.id === r.id);
    if (!contract) continue;
    const byT = values[r.column] ?? 0;
    const isSmelter = network.smelters.some((s) => s.id === contract.to);
    conflicts.push({
      kind: "contract",
      description:
        r.limit === "contractMin"
          ? `Contract ${contract.id} needs at least ${fmtT(contract.minT ?? 0)} from ${list(contract.plants)} to ${contract.to}, ${fmtT(byT)} more than a plan meeting every other limit can send.`
          : `Contract ${contract.id} allows at most ${fmtT(contract.maxT ?? 0)} from ${list(contract.plants)} to ${contract.to}, ${fmtT(byT)} less than a plan meeting every other limit must send.`,
      missingT: byT,
      plants: [...contract.plants].sort(),
      smelters: isSmelter ? [contract.to] : [],
      ports: isSmelter ? [] : [contract.to],
      lanes: [],
    });
  }
  return conflicts;
}
