// Infeasibility diagnosis: an elastic program that may break each hard limit, read back as conflicts and a relaxation.
import type { LinearProgram, LpColumn, LpResult, LpRow } from "../lp.ts";
import {
  type AllocationModel,
  buildAllocationModel,
  deriveLanes,
  type LaneTerms,
  laneName,
  laneObjectiveCostPerT,
} from "./build.ts";
import type { Conflict, Diagnosis, HardLimit, RelaxationChange } from "./diagnosis-schema.ts";
import { exportArcHead, marketArcs } from "./market-arcs.ts";
import type { Network, Plant, Port, Smelter } from "./network.ts";
import { nodeIndex } from "./sensitivity.ts";

/** One column of the elastic program that breaks a hard limit, as an arc of the network. */
interface Relaxation {
  column: number;
  limit: HardLimit;
  id: string;
  /** Arc ends in the network of sensitivity.ts (0 is the ground); -1 for the CO2 cap. */
  from: number;
  to: number;
  /** Cost in the elastic objective besides the weight: what the relaxed plan pays per tonne. */
  realCostPerT: number;
  /** Unmet demand or minimum export, priced at shortfallPenaltyPerT only to rank relaxations. */
  rankingCostPerT: number;
}

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
  const nodes = nodeIndex(base);
  const { options } = network;
  const maxMargin = options.objective === "maxMargin";
  // A loop, not Math.max(...costs): spreading a million arguments overflows the stack.
  let costScale = Math.max(1, options.shortfallPenaltyPerT);
  for (const c of columns) costScale = Math.max(costScale, Math.abs(c.cost));
  const weightPerT = 1000 * costScale;
  const relaxations: Relaxation[] = [];

  const add = (
    relaxation: Omit<Relaxation, "column">,
    upper: number,
    terms: { row: string; coef: number }[],
  ) => {
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

  network.plants.forEach((plant, p) => {
    const v = nodes.plant(p);
    // Making less than the minimum saves its production cost.
    if (plant.minOutputT > 0)
      add(
        {
          limit: "minOutput",
          id: plant.id,
          from: v,
          to: 0,
          realCostPerT: -plant.productionCostPerT,
          rankingCostPerT: 0,
        },
        plant.minOutputT,
        [{ row: `plant:${plant.id}`, coef: -1 }],
      );
    add(
      {
        limit: "capacity",
        id: plant.id,
        from: 0,
        to: v,
        realCostPerT: plant.productionCostPerT,
        rankingCostPerT: 0,
      },
      Infinity,
      [{ row: `plant:${plant.id}`, coef: 1 }],
    );
  });
  if (!options.allowShortfall) {
    network.smelters.forEach((smelter, s) => {
      add(
        {
          limit: "demand",
          id: smelter.id,
          from: 0,
          to: nodes.smelter(s),
          realCostPerT: 0,
          rankingCostPerT: options.shortfallPenaltyPerT,
        },
        base.demandT[s] as number,
        [{ row: `smelter:${smelter.id}`, coef: 1 }],
      );
    });
  }
  network.ports.forEach((port, k) => {
    const v = nodes.port(k);
    const revenue = maxMargin ? port.fobPricePerT : 0;
    if (!options.allowShortfall && port.minExportT > 0)
      // Phantom tonnes earn no revenue, as in build.ts.
      add(
        {
          limit: "minExport",
          id: port.id,
          from: 0,
          to: v,
          realCostPerT: revenue,
          rankingCostPerT: options.shortfallPenaltyPerT,
        },
        port.minExportT,
        [{ row: `port:${port.id}`, coef: 1 }],
      );
    add(
      {
        limit: "maxExport",
        id: port.id,
        from: v,
        to: 0,
        realCostPerT: -revenue,
        rankingCostPerT: 0,
      },
      Infinity,
      [{ row: `port:${port.id}`, coef: -1 }],
    );
  });

  const laneArc = (lane: LaneTerms) => ({
    from: nodes.plant(lane.plant),
    to:
      lane.destination.kind === "smelter"
        ? nodes.smelter(lane.destination.index)
        : nodes.port(lane.destination.index),
    plantRow: `plant:${(network.plants[lane.plant] as Plant).id}`,
    destinationRow:
      lane.destination.kind === "smelter"
        ? `smelter:${(network.smelters[lane.destination.index] as Smelter).id}`
        : `port:${(network.ports[lane.destination.index] as Port).id}`,
  });
  const co2Coef = (lane: LaneTerms) =>
    base.co2CapRow >= 0 && lane.co2KgPerT !== 0
      ? [{ row: "co2Cap", coef: lane.co2KgPerT / 1000 }]
      : [];
  const addLane = (limit: HardLimit, lane: LaneTerms) => {
    const arc = laneArc(lane);
    add(
      {
        limit,
        id: laneName(network, lane),
        from: arc.from,
        to: arc.to,
        realCostPerT: laneObjectiveCostPerT(network, lane),
        rankingCostPerT: 0,
      },
      Infinity,
      [{ row: arc.plantRow, coef: -1 }, { row: arc.destinationRow, coef: 1 }, ...co2Coef(lane)],
    );
  };
  for (const lane of base.lanes) if (lane.capacityT < Infinity) addLane("laneCapacity", lane);
  if (network.lanes) {
    const open = new Set(base.lanes.map((lane) => laneName(network, lane)));
    for (const lane of deriveLanes({ ...network, lanes: undefined })) {
      if (!open.has(laneName(network, lane))) addLane("closedLane", lane);
    }
  }
  if (base.co2CapRow >= 0)
    add(
      { limit: "co2Cap", id: "co2Cap", from: -1, to: -1, realCostPerT: 0, rankingCostPerT: 0 },
      Infinity,
      [{ row: "co2Cap", coef: -1 }],
    );

  return {
    base,
    lp: { name: `${network.name} (elastic)`, sense: "min", columns, rows },
    relaxations,
    weightPerT,
  };
}

/** Arcs of the base network at the elastic solution, for reachability. */
function realArcs(elastic: ElasticModel, values: readonly number[]) {
  const { base } = elastic;
  const nodes = nodeIndex(base);
  // Plants' output arcs first, then one per lane in lane order (conflicts index lanes that way).
  const arcs: { from: number; to: number; column: number }[] = [];
  base.network.plants.forEach((_, p) => {
    arcs.push({ from: 0, to: nodes.plant(p), column: base.outputColumn[p] as number });
  });
  base.lanes.forEach((lane, l) => {
    const to =
      lane.destination.kind === "smelter"
        ? nodes.smelter(lane.destination.index)
        : nodes.port(lane.destination.index);
    arcs.push({ from: nodes.plant(lane.plant), to, column: base.flowColumn[l] as number });
  });
  base.network.smelters.forEach((_, s) => {
    const column = base.shortfallColumn[s] as number;
    if (column >= 0) arcs.push({ from: 0, to: nodes.smelter(s), column });
  });
  base.network.ports.forEach((_, k) => {
    const to = exportArcHead(base, k, nodes.quay);
    arcs.push({ from: nodes.port(k), to, column: base.exportColumn[k] as number });
    const phantom = base.exportShortfallColumn[k] as number;
    if (phantom >= 0) arcs.push({ from: 0, to: nodes.port(k), column: phantom });
  });
  arcs.push(...marketArcs(base, nodes).arcs);
  const tol = 1e-7;
  return arcs.map((arc) => {
    const column = base.lp.columns[arc.column] as LpColumn;
    const x = values[arc.column] ?? 0;
    const slack = (bound: number) =>
      Number.isFinite(bound) ? Math.max(tol, 1e-9 * Math.abs(bound)) : 0;
    return {
      ...arc,
      x,
      column,
      canRaise: x < column.upper - slack(column.upper),
      canLower: x > column.lower + slack(column.lower),
    };
  });
}

type RealArc = ReturnType<typeof realArcs>[number];

/**
 * Nodes that can reach `start` ("in") or be reached from it ("out") along residual arcs, never
 * through the ground: at the elastic optimum the ground cannot reach a short node (nor a surplus
 * node reach the ground) without breaking a limit, so the set is the closed region behind it.
 */
function region(
  arcs: readonly RealArc[],
  nodeCount: number,
  start: number,
  direction: "in" | "out",
) {
  const member = new Uint8Array(nodeCount);
  member[start] = 1;
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.pop() as number;
    for (const arc of arcs) {
      // Residual edges: from -> to when the arc can carry more, to -> from when it can carry less.
      const edges: [number, number][] = [];
      if (arc.canRaise) edges.push([arc.from, arc.to]);
      if (arc.canLower) edges.push([arc.to, arc.from]);
      for (const [a, b] of edges) {
        const [near, far] = direction === "in" ? [b, a] : [a, b];
        if (near !== v || far === 0 || member[far]) continue;
        member[far] = 1;
        queue.push(far);
      }
    }
  }
  return member;
}

const fmtT = (tonnes: number) => `${Math.round(tonnes).toLocaleString("en-US")} t`;
const list = (names: readonly string[]) =>
  names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

function describeChange(limit: HardLimit, id: string, byT: number): string {
  const t = fmtT(byT);
  switch (limit) {
    case "demand":
      return `leave ${t} of smelter ${id}'s demand unmet (allowShortfall, or lower its demand)`;
    case "minExport":
      return `lower port ${id}'s minimum export by ${t}`;
    case "minOutput":
      return `lower plant ${id}'s minimum output by ${t}`;
    case "capacity":
      return `raise plant ${id}'s capacity by ${t}`;
    case "maxExport":
      return `raise port ${id}'s maximum export by ${t}`;
    case "laneCapacity":
      return `raise the capacity of lane ${id} by ${t}`;
    case "closedLane":
      return `open lane ${id} and send ${t} on it`;
    case "co2Cap":
      return `raise the CO2 cap by ${byT.toFixed(1)} t CO2`;
  }
}

/**
 * Reads the elastic optimum as conflicts (regions whose hard limits cannot all hold) and the
 * relaxation it found. `result` must be the elastic program's optimal result.
 */
export function diagnoseInfeasibility(
  elastic: ElasticModel,
  result: Extract<LpResult, { status: "optimal" }>,
): Diagnosis {
  const { base } = elastic;
  const { network } = base;
  const nodes = nodeIndex(base);
  const values = result.columnValues;
  const tol = 1e-6;
  const used = elastic.relaxations.filter((r) => (values[r.column] ?? 0) > tol);
  const changes: RelaxationChange[] = used.map((r) => ({
    limit: r.limit,
    id: r.id,
    byT: values[r.column] ?? 0,
    description: describeChange(r.limit, r.id, values[r.column] ?? 0),
  }));

  // Node names, and which nodes are which.
  const kindOf = (v: number) =>
    v === 0
      ? undefined
      : v < nodes.smelter(0)
        ? ({ kind: "plant", index: v - 1 } as const)
        : v < nodes.port(0)
          ? ({ kind: "smelter", index: v - nodes.smelter(0) } as const)
          : v < nodes.quay(0)
            ? ({ kind: "port", index: v - nodes.port(0) } as const)
            : undefined; // a quay or market node (market-arcs.ts): no member of its own

  const arcs = realArcs(elastic, values);
  // Short regions: everything that can reach the head of a relaxation that brings tonnes in.
  // Surplus regions: everything reachable from the tail of one that takes tonnes out.
  const groups: {
    kind: "supply" | "absorption";
    members: Uint8Array;
    relaxations: Relaxation[];
  }[] = [];
  for (const r of used) {
    if (r.limit === "co2Cap") continue;
    const kind = r.to === 0 ? "absorption" : "supply";
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

  const conflicts: Conflict[] = groups.map((group) => {
    const plants: string[] = [];
    const smelters: string[] = [];
    const ports: string[] = [];
    let needT = 0;
    let availableT = 0;
    group.members.forEach((m, v) => {
      const node = m ? kindOf(v) : undefined;
      if (!node) return;
      if (node.kind === "plant") {
        const plant = network.plants[node.index] as Plant;
        plants.push(plant.id);
        if (group.kind === "supply") availableT += plant.capacityT;
        else needT += plant.minOutputT;
      } else if (node.kind === "smelter") {
        smelters.push((network.smelters[node.index] as Smelter).id);
        if (group.kind === "supply") needT += base.demandT[node.index] as number;
        else availableT += base.demandT[node.index] as number;
      } else {
        const port = network.ports[node.index] as Port;
        ports.push(port.id);
        if (group.kind === "supply") needT += network.options.allowShortfall ? 0 : port.minExportT;
        else availableT += port.maxExportT;
      }
    });
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
    for (const r of group.relaxations)
      if (r.limit === "closedLane" || r.limit === "laneCapacity") lanes.push(r.id);
    const missingT = group.relaxations.reduce((sum, r) => sum + (values[r.column] ?? 0), 0);
    const description =
      group.kind === "supply"
        ? describeShortage(smelters, ports, plants, needT, availableT, missingT, fullLanes > 0)
        : `${plants.length === 1 ? "Plant" : "Plants"} ${list(plants)} must make at least ${fmtT(needT)}, but the ${smelters.length + ports.length === 0 ? "network" : `smelters and ports they can reach (${list([...smelters, ...ports])})`} can take only ${fmtT(availableT)}: ${fmtT(missingT)} have nowhere to go.`;
    return { kind: group.kind, description, missingT, plants, smelters, ports, lanes };
  });
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

  const union = (key: "plants" | "smelters" | "ports" | "lanes") =>
    [...new Set(conflicts.flatMap((c) => c[key]))].sort();
  const anodeMissing = conflicts
    .filter((c) => c.kind !== "co2")
    .reduce((sum, c) => sum + c.missingT, 0);
  const totalT = changes.reduce((sum, c) => sum + c.byT, 0);
  const costOfRelaxedPlan =
    result.objective -
    used.reduce(
      (sum, r) => sum + (values[r.column] ?? 0) * (elastic.weightPerT + r.rankingCostPerT),
      0,
    );
  const summary = [
    ...conflicts.map((c) => c.description),
    changes.length > 0
      ? `Cheapest relaxation: ${list(changes.map((c) => c.description))}.`
      : "The elastic program breaks no limit: the infeasibility is numerical; try another solver.",
  ].join(" ");
  return {
    summary,
    missingT: anodeMissing,
    plants: union("plants"),
    smelters: union("smelters"),
    ports: union("ports"),
    lanes: union("lanes"),
    conflicts,
    relaxation: { changes, totalT, costOfRelaxedPlan },
    solver: result.solver.id,
  };
}

function describeShortage(
  smelters: readonly string[],
  ports: readonly string[],
  plants: readonly string[],
  needT: number,
  availableT: number,
  missingT: number,
  lanesLimit: boolean,
): string {
  const who = list([
    ...(smelters.length > 0
      ? [`${smelters.length === 1 ? "smelter" : "smelters"} ${list(smelters)}`]
      : []),
    ...(ports.length > 0 ? [`${ports.length === 1 ? "port" : "ports"} ${list(ports)}`] : []),
  ]);
  const one = smelters.length + ports.length === 1;
  const need = `${who.charAt(0).toUpperCase()}${who.slice(1)} ${one ? "needs" : "need"} ${fmtT(needT)}`;
  const it = one ? "it" : "them";
  if (plants.length === 0 && !lanesLimit)
    return `${need}, but no open lane reaches ${it} (closed lanes cut ${it} off): ${fmtT(missingT)} missing.`;
  const from =
    plants.length > 0
      ? `the plants that can reach ${it} (${list(plants)})${lanesLimit ? ` and the full lanes into ${it}` : ""}`
      : `the full lanes into ${it}`;
  return `${need}, but ${from} can supply only ${fmtT(availableT)}: ${fmtT(missingT)} missing.`;
}
