// What one drawing of the map holds: the arcs of a plan or a comparison, its rows by key, the
// province shading and the order the arrow keys walk; pure, so the map's components only draw it.
import type { Comparison, Plan } from "./api.ts";
import { type Arc, comparisonArcs, flowKey, type Geography, planArcs } from "./map-model.ts";
import { pairModeSwitches, spreadParallel } from "./map-switch.ts";
import type { MapTarget } from "./map-target.ts";
import { balanceColour, costColour } from "./scales.ts";

export type Shading = "balance" | "marginal";

type ProvinceRow = Plan["provinces"][number];
type ProvinceDelta = Comparison["provinces"][number];

export interface MapScene {
  geo: Geography;
  plan: Plan | null;
  comparison: Comparison | null;
  /** Largest first, as drawn. */
  arcs: Arc[];
  provinceRows: Map<string, ProvinceRow>;
  provinceDeltas: Map<string, ProvinceDelta>;
  flowsByKey: Map<string, Plan["flows"][number]>;
  flowDeltasByKey: Map<string, Comparison["flows"][number]>;
}

export function mapScene(
  geo: Geography,
  plan: Plan | null,
  comparison: Comparison | null,
): MapScene {
  return {
    geo,
    plan,
    comparison,
    // A comparison's tonnes moved between modes on the same sites become one switch arc each;
    // arcs left between the same two sites bow apart.
    arcs: spreadParallel(
      comparison
        ? pairModeSwitches(comparisonArcs(comparison, geo))
        : plan
          ? planArcs(plan, geo)
          : [],
    ),
    provinceRows: new Map((plan?.provinces ?? []).map((p) => [p.province, p])),
    provinceDeltas: new Map((comparison?.provinces ?? []).map((p) => [p.province, p])),
    flowsByKey: new Map((plan?.flows ?? []).map((flow) => [flowKey(flow), flow])),
    flowDeltasByKey: new Map((comparison?.flows ?? []).map((flow) => [flow.key, flow])),
  };
}

/** The arc a target points at: the arc itself, or the arc that holds the flow. */
export function arcOf(scene: MapScene, target: MapTarget | null): Arc | undefined {
  if (target?.kind === "arc") return scene.arcs.find((arc) => arc.key === target.key);
  if (target?.kind === "flow") return scene.arcs.find((arc) => arc.flowKeys.includes(target.key));
  return undefined;
}

/** How provinces are filled, with the ends of the scale the legend shows. */
export interface ProvinceShading {
  fill: (name: string) => string;
  /** Shaded by marginal cost (else by net inflow, or its change in a comparison). */
  byCost: boolean;
  minCost: number;
  maxCost: number;
  maxAbsNet: number;
  /** Some province in the network has no marginal cost (shown plain grey). */
  someWithoutCost: boolean;
}

/** Plain grey: in the network, but the plan gives no marginal cost to shade by. */
export const noCostFill = "#c9ced4";
/** Hatched (a pattern the map defines): no plant, smelter or port of the network there. */
export const notInNetworkFill = "url(#not-in-network)";

export function provinceShading(scene: MapScene, shading: Shading): ProvinceShading {
  const { comparison, provinceRows, provinceDeltas } = scene;
  const costs = [...provinceRows.values()]
    .map((p) => p.marginalCostPerT)
    .filter((v): v is number => typeof v === "number");
  const byCost = shading === "marginal" && costs.length > 0 && comparison === null;
  const minCost = Math.min(...costs);
  const maxCost = Math.max(...costs);
  const maxAbsNet = Math.max(
    0,
    ...(comparison
      ? [...provinceDeltas.values()].map((p) => Math.abs(p.netInflowT.delta))
      : [...provinceRows.values()].map((p) => Math.abs(p.netInflowT))),
  );
  const fill = (name: string): string => {
    const delta = provinceDeltas.get(name);
    const row = provinceRows.get(name);
    if (comparison) {
      if (delta === undefined && row === undefined) return notInNetworkFill;
      return balanceColour(delta?.netInflowT.delta ?? 0, maxAbsNet);
    }
    if (row === undefined) return notInNetworkFill;
    if (!byCost) return balanceColour(row.netInflowT, maxAbsNet);
    return typeof row.marginalCostPerT === "number"
      ? costColour(row.marginalCostPerT, minCost, maxCost)
      : noCostFill;
  };
  const someWithoutCost =
    byCost && [...provinceRows.values()].some((p) => typeof p.marginalCostPerT !== "number");
  return { fill, byCost, minCost, maxCost, maxAbsNet, someWithoutCost };
}

/** Provinces in the order up and down arrows walk them: a plan's from surplus to deficit. */
export function provinceOrder(scene: MapScene): string[] {
  return scene.comparison
    ? [...scene.provinceDeltas.keys()]
    : [...scene.provinceRows.values()]
        .sort((a, b) => a.netInflowT - b.netInflowT)
        .map((p) => p.province);
}

/** The target an arrow key moves to from the highlighted one; undefined for any other key. */
export function stepTarget(
  scene: MapScene,
  highlight: MapTarget | null,
  key: string,
): MapTarget | null | undefined {
  const step = (list: string[], current: string | null, by: number) => {
    const index = current === null ? -1 : list.indexOf(current);
    // From nothing, right takes the first and left the last.
    if (index === -1) return (by > 0 ? list[0] : list.at(-1)) ?? null;
    return list[(index + by + list.length) % list.length] ?? null;
  };
  if (key === "ArrowRight" || key === "ArrowLeft") {
    const arcKey = step(
      scene.arcs.map((arc) => arc.key),
      arcOf(scene, highlight)?.key ?? null,
      key === "ArrowRight" ? 1 : -1,
    );
    return arcKey === null ? null : { kind: "arc", key: arcKey };
  }
  if (key === "ArrowDown" || key === "ArrowUp") {
    const current = highlight?.kind === "province" ? highlight.name : null;
    const name = step(provinceOrder(scene), current, key === "ArrowDown" ? 1 : -1);
    return name === null ? null : { kind: "province", name };
  }
  return key === "Escape" ? null : undefined;
}
