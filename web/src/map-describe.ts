// The map's tooltips in words: what an arc, a province or a site holds in the plan or the comparison.
import { cny, perT, plain, signed, tonnes } from "./format.ts";
import { arcMode, describeHub, hubHandlingRows } from "./map-describe-hubs.ts";
import type { Arc, NodeKind, Site } from "./map-model.ts";
import { arcOf, type MapScene } from "./map-scene.ts";
import type { MapTarget } from "./map-target.ts";
import { bindingContractRows } from "./state/contract-view.ts";

export interface Description {
  title: string;
  rows: [string, string][];
}

const kindNames: Record<NodeKind, string> = {
  plant: "Plant",
  smelter: "Smelter",
  port: "Export port",
};

export function siteName(site: Site): string {
  const [first] = site.nodes;
  if (site.nodes.length === 1 && first) return first.name;
  return `${kindNames[site.kind]}s in ${first?.province ?? "?"} (${site.nodes.length})`;
}

const zoomKeys = "Plus and minus zoom, Shift with an arrow pans, 0 resets.";

/** The map in one sentence, with the keys that walk it: its accessible name. */
export function mapLabel(scene: MapScene): string {
  const { arcs } = scene;
  return scene.comparison
    ? `Map of the flows gained and lost from plan a to plan b: ${arcs.length} arcs. Left and right arrows step through them, up and down through the provinces. ${zoomKeys}`
    : `Map of the plan's flows: ${arcs.length} arcs between ${scene.geo.sites.length} sites. Left and right arrows step through the flows, up and down through the provinces. ${zoomKeys}`;
}

export function describe(scene: MapScene, target: MapTarget | null): Description | null {
  if (target === null) return null;
  const arc = arcOf(scene, target);
  if (arc) return scene.comparison ? describeArcChange(scene, arc) : describeArc(scene, arc);
  if (target.kind === "province") {
    return scene.comparison
      ? describeProvinceChange(scene, target.name)
      : describeProvince(scene, target.name);
  }
  if (target.kind === "hub") return describeHub(scene, target.key);
  if (target.kind === "site") {
    const site = scene.geo.sites.find((s) => s.key === target.key);
    if (!site) return null;
    return {
      title: siteName(site),
      rows: site.nodes.flatMap((node) => nodeRows(scene, node.id, node.kind)),
    };
  }
  return null;
}

const nodeName = (scene: MapScene, id: string) => scene.geo.nodeById.get(id)?.name ?? id;

function describeArc(scene: MapScene, arc: Arc): Description {
  const flows = arc.flowKeys.flatMap((key) => scene.flowsByKey.get(key) ?? []);
  const cost = flows.reduce((sum, flow) => sum + flow.cost, 0);
  const co2 = flows.reduce((sum, flow) => sum + flow.co2T, 0);
  const first = flows[0];
  return {
    title: `${siteName(arc.from)} → ${siteName(arc.to)}, ${arcMode(scene, arc)}`,
    rows: [
      ["Tonnes", tonnes(arc.tonnes)],
      ...(arc.via.length > 0 && first ? hubHandlingRows(first) : []),
      ...(first ? ([["Distance", `${plain(first.distanceKm)} km`]] as [string, string][]) : []),
      ...(first ? ([["Freight", perT(first.costPerT)]] as [string, string][]) : []),
      ["Freight cost", cny(cost)],
      ["CO2", `${plain(co2, 1)} t`],
      ...(flows.length > 1
        ? flows.map((flow): [string, string] => [
            // A leg beside the lane by the same mode ("rail leg") is named apart.
            `${nodeName(scene, flow.from)}${flow.mode === arc.mode ? "" : `, ${flow.mode}`}`,
            tonnes(flow.tonnes),
          ])
        : []),
    ],
  };
}

function describeArcChange(scene: MapScene, arc: Arc): Description {
  const rows = arc.flowKeys.flatMap((key): [string, string][] => {
    const flow = scene.flowDeltasByKey.get(key);
    if (!flow) return [];
    return [
      [
        `${nodeName(scene, flow.from)}${arc.switched ? `, ${flow.mode}` : ""} (${flow.change})`,
        `${tonnes(flow.tonnes.a)} → ${tonnes(flow.tonnes.b)}`,
      ],
    ];
  });
  if (arc.switched) {
    return {
      title: `Moved from ${arc.switched.fromMode} to ${arc.switched.toMode}: ${siteName(arc.from)} → ${siteName(arc.to)}`,
      rows: [["Tonnes moved", tonnes(arc.tonnes)], ...rows],
    };
  }
  return {
    title: `${arc.tonnes > 0 ? "Gained" : "Lost"}: ${siteName(arc.from)} → ${siteName(arc.to)}, ${arcMode(scene, arc)}`,
    rows: [["Change in tonnes", signed(arc.tonnes, tonnes)], ...rows],
  };
}

function describeProvince(scene: MapScene, name: string): Description {
  const row = scene.provinceRows.get(name);
  if (!row) return { title: name, rows: [["In this network", "no plants, smelters or ports"]] };
  return {
    title: name,
    rows: [
      ["Capacity", tonnes(row.capacityT)],
      ["Output", tonnes(row.outputT)],
      ["Demand", tonnes(row.demandT)],
      ["Received", tonnes(row.receivedT)],
      ["Exports", tonnes(row.exportT)],
      [
        row.netInflowT < 0 ? "Ships out (surplus)" : "Takes in (deficit)",
        tonnes(Math.abs(row.netInflowT)),
      ],
      ...(typeof row.marginalCostPerT === "number"
        ? ([["Marginal cost", perT(row.marginalCostPerT)]] as [string, string][])
        : []),
    ],
  };
}

function describeProvinceChange(scene: MapScene, name: string): Description {
  const delta = scene.provinceDeltas.get(name);
  if (!delta) return { title: name, rows: [["Change", "none"]] };
  return {
    title: `${name} (b − a)`,
    rows: [
      ["Output", signed(delta.outputT.delta, tonnes)],
      ["Received", signed(delta.receivedT.delta, tonnes)],
      ["Exports", signed(delta.exportT.delta, tonnes)],
      ["Net inflow", signed(delta.netInflowT.delta, tonnes)],
    ],
  };
}

function nodeRows(scene: MapScene, id: string, kind: NodeKind): [string, string][] {
  const { plan } = scene;
  const name = nodeName(scene, id);
  if (kind === "plant") {
    const p = plan?.plants.find((row) => row.id === id);
    if (!p) return [[name, ""]];
    const share = `${Math.round(p.utilization * 100)} %`;
    return [[name, `${tonnes(p.outputT)} of ${tonnes(p.capacityT)} (${share})`]];
  }
  if (kind === "smelter") {
    const s = plan?.smelters.find((row) => row.id === id);
    if (!s) return [[name, ""]];
    const marginal =
      typeof s.marginalCostPerT === "number" ? `, next t ${perT(s.marginalCostPerT)}` : "";
    const short = s.shortfallT > 0 ? `, short ${tonnes(s.shortfallT)}` : "";
    return [
      [name, `${tonnes(s.receivedT)} of ${tonnes(s.demandT)}${short}${marginal}`],
      ...bindingContractRows(plan, id),
    ];
  }
  const port = plan?.ports.find((row) => row.id === id);
  if (!port) return [[name, ""]];
  const range = `${tonnes(port.minExportT)}–${tonnes(port.maxExportT)}`;
  return [[name, `exports ${tonnes(port.exportT)} (${range})`], ...bindingContractRows(plan, id)];
}
