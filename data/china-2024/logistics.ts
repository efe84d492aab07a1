// Logistics of the china-2024 datasets beyond direct lanes, in issue 14's network fields: hubs (coastal
// and river ports), legs by coastal ship, river barge and rail through them, rail corridor limits in the
// north-west and south-west, and supply contracts; each figure with its label and basis (README.md,
// "Logistics: hubs, legs, corridors, contracts"). generate-monthly.ts adds them to network-monthly.json.
import { greatCircleKm } from "../../models/allocation/geo.ts";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { LandRouter } from "../../models/allocation/routing.ts";
import { buildAdjacency, pathTo, shortestPathTree } from "../../models/network-flow/dijkstra.ts";
import { CITIES, type Label } from "./brief-tables.ts";
import { exTransportVat } from "./markets.ts";

/** Issue 14's public formats (the network schema will own them; these are their data shapes). */
export interface Hub {
  id: string;
  name: string;
  province: string;
  lat: number;
  lon: number;
  kind: "railHub" | "port" | "riverPort";
  handlingCostPerT: number;
  capacityT?: number;
}
export interface Leg {
  from: string;
  to: string;
  mode: string;
  km?: number;
  costPerT?: number;
  capacityT?: number;
  corridor?: string;
  lotT?: number;
}
export interface Corridor {
  id: string;
  name: string;
  capacityT: number;
  links?: { from: string; to: string }[];
  modes?: string[];
}
export interface Contract {
  id: string;
  plants: string[];
  to: string;
  minT?: number;
  maxT?: number;
}
export type Mode = NetworkInput["modes"][number];

/** A figure's provenance, as in the brief: label and the basis or source. */
interface Provenance {
  label: Label;
  basis: string;
}

// ---------------------------------------------------------------------------------------------
// Modes. Rates in the briefs include 9 % VAT on transport; the dataset is ex-VAT (markets.ts).

/**
 * Qingdao/Rizhao -> Beibu Gulf by coastal ship: 60-90 CNY/t for anode parcels (brief 2 §3b, ESTIMATE;
 * large coal ships paid 30-80 on the similar Qinhuangdao -> Guangzhou voyage in 2016-18). The midpoint
 * 75 CNY/t over Qingdao -> Fangchenggang's 2,630 sea km is split 20 CNY/t distance-free (port dues,
 * berthing, a parcel's minimum; ESTIMATE) + 0.0209 CNY/t·km (55 / 2,630). CO2 10 g/t·km: brief 1 §6d's
 * coastal default (UK DESNZ bulk carrier 10-35 kdwt, 8 g). Circuity: 2,630 sea km over 1,978
 * great-circle km = 1.33, rounded up (only used where a leg gives no km).
 */
export const COASTAL: Mode = {
  id: "coastal",
  fixedCostPerT: exTransportVat(20),
  costPerTKm: exTransportVat(0.0209, 4),
  co2KgPerTKm: 0.01,
  circuity: 1.35,
};

/**
 * Yangtze barge. No river rate was found (brief 2 §3b and gap 5): ESTIMATE 10 CNY/t distance-free +
 * 0.03 CNY/t·km, VAT-inclusive: about a third of rail's 0.098 per t·km (brief 1 §6a), above the coastal
 * rate for smaller vessels (2,000-5,000 dwt) and the Three Gorges locks; one rate both ways (upstream
 * costs more, not modelled). CO2 20 g/t·km: ESTIMATE between coastal (10) and road (60), brief 1 §6d.
 * Circuity: Nanjing -> Chongqing 2,019 channel km over 1,200 great-circle km = 1.68.
 */
export const RIVER: Mode = {
  id: "river",
  fixedCostPerT: exTransportVat(10),
  costPerTKm: exTransportVat(0.03, 4),
  co2KgPerTKm: 0.02,
  circuity: 1.7,
};

/** Legs only: neither a ship nor a barge reaches a plant or a smelter, so they imply no direct lanes. */
export const modes: readonly Mode[] = [COASTAL, RIVER].map((m) => ({ ...m, impliedLanes: false }));

// ---------------------------------------------------------------------------------------------
// Hubs.

/** Brief 2 §3b: 25-35 CNY/t per end for anode parcels at a coastal port, midpoint 30, ex-VAT. */
const COASTAL_HANDLING = exTransportVat(30);
/** No river-port figure: ESTIMATE brief 1 §6c's seaport 20-30 CNY/t, midpoint 25, ex-VAT. */
const RIVER_HANDLING = exTransportVat(25);

const hub = (
  id: string,
  name: string,
  province: string,
  lat: number,
  lon: number,
  kind: Hub["kind"],
  handlingCostPerT: number,
  provenance: Provenance,
): Hub & { provenance: Provenance } => ({
  id,
  name,
  province,
  lat,
  lon,
  kind,
  handlingCostPerT,
  provenance,
});
const briefCity = (key: keyof typeof CITIES) => [CITIES[key].lat, CITIES[key].lon] as const;
const coastalPort = {
  label: "ESTIMATE",
  basis: "handling brief 2 §3b; coordinates brief 1 §7",
} as const;
const riverPort = {
  label: "ESTIMATE",
  basis: "handling as brief 1 §6c's seaports (no river figure); coordinates city centre ±0.05°",
} as const;

/**
 * Loading ports in Shandong, discharge ports on the Beibu Gulf (the Western Land-Sea Corridor's
 * sea-rail ports, brief 2 §3b), and the Yangtze ports that serve the smelters of Chongqing, Hubei and
 * the south-west. No capacityT: anode parcels are a sliver of these ports' throughput. No rail hub:
 * a through train pays one tariff, so a rail leg via a marshalling yard would charge rail's fixed
 * cost twice; rail corridors are limited by `corridor` on legs instead.
 */
export const HUB_ROWS = [
  hub(
    "hub-qingdao",
    "Qingdao port (coastal loading)",
    "Shandong",
    ...briefCity("qingdao"),
    "port",
    COASTAL_HANDLING,
    coastalPort,
  ),
  hub(
    "hub-rizhao",
    "Rizhao port (coastal loading)",
    "Shandong",
    ...briefCity("rizhao"),
    "port",
    COASTAL_HANDLING,
    coastalPort,
  ),
  hub(
    "hub-fangchenggang",
    "Fangchenggang port (discharge)",
    "Guangxi",
    ...briefCity("fangchenggang"),
    "port",
    COASTAL_HANDLING,
    coastalPort,
  ),
  hub(
    "hub-qinzhou",
    "Qinzhou port (discharge, sea-rail trains)",
    "Guangxi",
    ...briefCity("qinzhou"),
    "port",
    COASTAL_HANDLING,
    coastalPort,
  ),
  hub("hub-beihai", "Beihai port (discharge)", "Guangxi", 21.48, 109.12, "port", COASTAL_HANDLING, {
    label: "ESTIMATE",
    basis: "handling brief 2 §3b; city centre ±0.05° (not in brief 1 §7)",
  }),
  hub(
    "hub-nanjing",
    "Nanjing port (Yangtze, loading)",
    "Jiangsu",
    32.06,
    118.78,
    "riverPort",
    RIVER_HANDLING,
    riverPort,
  ),
  hub(
    "hub-wuhan",
    "Wuhan port (Yangtze)",
    "Hubei",
    30.59,
    114.31,
    "riverPort",
    RIVER_HANDLING,
    riverPort,
  ),
  hub(
    "hub-yichang",
    "Yichang port (Yangtze, below the Three Gorges)",
    "Hubei",
    ...briefCity("yichang"),
    "riverPort",
    RIVER_HANDLING,
    riverPort,
  ),
  hub(
    "hub-chongqing",
    "Chongqing port (Yangtze, Guoyuan)",
    "Chongqing",
    29.56,
    106.55,
    "riverPort",
    RIVER_HANDLING,
    riverPort,
  ),
] as const;

export const hubs: readonly Hub[] = HUB_ROWS.map(({ provenance: _, ...h }) => h);

// ---------------------------------------------------------------------------------------------
// Corridors: the line sections that leave or enter a region, per direction of anode traffic.

/** One anode block train: 50 C70 open wagons at ~60 t of anodes each (ESTIMATE). */
export const TRAIN_T = 3_000;
const trainsPerDay = (n: number) => Math.round(n * TRAIN_T * 365);

/**
 * Capacity for anode traffic, not the line's: ESTIMATE, the train paths and wagons a railway bureau
 * would give anode shippers. No 2024 bottleneck report was found (brief 2 §3c, gap 11); Xinjiang's
 * loaded direction (eastbound) competes with priority coal (60.2 Mt out in 2023, brief 2 §3c), so one
 * train a day; westbound runs the empties back, two a day. The south-west lines (Nankun built for
 * 20 Mt/yr, brief 2 §3c) one train a day each. Each is 3-4 times the flow the 2024 plans send over it,
 * so none binds in the default datasets; `scaleCorridorCapacity` is how to make one bind.
 */
export const CORRIDOR_ROWS = [
  {
    id: "lanxin-east",
    name: "Lanzhou-Xinjiang railway eastbound, Hami -> Jiayuguan (leaving Xinjiang)",
    capacityT: trainsPerDay(1),
    links: [["hami", "jiayuguan"]],
  },
  {
    id: "lanxin-west",
    name: "Lanzhou-Xinjiang railway westbound, Jiayuguan -> Hami (into Xinjiang)",
    capacityT: trainsPerDay(2),
    links: [["jiayuguan", "hami"]],
  },
  {
    id: "baolan-north",
    name: "Baotou-Lanzhou railway northbound, Yinchuan -> Baotou (into Inner Mongolia)",
    capacityT: trainsPerDay(1),
    links: [["yinchuan", "baotou"]],
  },
  {
    id: "baolan-south",
    name: "Baotou-Lanzhou railway southbound, Baotou -> Yinchuan (into Ningxia and Gansu)",
    capacityT: trainsPerDay(1),
    links: [["baotou", "yinchuan"]],
  },
  {
    id: "guikun-west",
    name: "Guiyang-Kunming railway westbound, Guiyang -> Qujing (into Yunnan)",
    capacityT: trainsPerDay(1),
    links: [["guiyang", "qujing"]],
  },
  {
    id: "nankun-west",
    name: "Nanning-Kunming railway westbound, Baise -> Xingren -> Kunming (into Yunnan)",
    capacityT: trainsPerDay(1),
    links: [
      ["baise", "xingren"],
      ["xingren", "kunming"],
    ],
  },
  {
    id: "chengkun-south",
    name: "Chengdu-Kunming railway southbound (into Yunnan)",
    capacityT: trainsPerDay(1),
    links: [["chengdu", "kunming"]],
  },
] as const satisfies readonly (Omit<Corridor, "links" | "modes"> & {
  links: readonly (readonly [string, string])[];
})[];

/**
 * The corridors as the network carries them: each covers its land-route links for rail, so every
 * rail lane and leg whose path crosses one counts in it (formulation.md, "Corridors over land-route
 * links"), and a haul over two corridors counts in both.
 */
export const corridors: readonly Corridor[] = CORRIDOR_ROWS.map(
  ({ id, name, capacityT, links }) => ({
    id,
    name,
    capacityT,
    links: links.map(([from, to]) => ({ from, to })),
    modes: ["rail"],
  }),
);

// ---------------------------------------------------------------------------------------------
// Legs.

interface LegRow extends Leg {
  provenance: Provenance;
}

const landKm: Provenance = {
  label: "DERIVED",
  basis: "shortest land path in land-routes.ts plus access (as the dataset's lanes)",
};
const seaKm = (nmi: number, basis: string): Provenance => ({
  label: "ESTIMATE",
  basis: `${nmi.toLocaleString("en")} nmi x 1.852; ${basis}`,
});
const riverKm: Provenance = {
  label: "ESTIMATE",
  basis:
    "Yangtze channel km from Shanghai (general knowledge): Nanjing 392, Wuhan 1,125, Yichang 1,751, Chongqing 2,411",
};

/** Sea distances, nmi (ESTIMATE): Qinzhou -> Yingkou 1,860 nmi (brief 2 §3b) less ~450 Yingkou -> Qingdao. */
const SEA_NMI = {
  "hub-qingdao": { "hub-fangchenggang": 1_420, "hub-qinzhou": 1_405, "hub-beihai": 1_370 },
  "hub-rizhao": { "hub-fangchenggang": 1_370, "hub-qinzhou": 1_355, "hub-beihai": 1_320 },
} as const;
const NMI_KM = 1.852;

/** Yangtze channel km from Shanghai (Wusongkou), ESTIMATE. */
const YANGTZE_KM = {
  "hub-nanjing": 392,
  "hub-wuhan": 1_125,
  "hub-yichang": 1_751,
  "hub-chongqing": 2_411,
} as const;
const riverLeg = (from: keyof typeof YANGTZE_KM, to: keyof typeof YANGTZE_KM): LegRow => ({
  from,
  to,
  mode: "river",
  km: Math.abs(YANGTZE_KM[to] - YANGTZE_KM[from]),
  provenance: riverKm,
});

const seaLegs: LegRow[] = Object.entries(SEA_NMI).flatMap(([from, to]) =>
  Object.entries(to).map(([port, nmi]) => ({
    from,
    to: port,
    mode: "coastal",
    km: Math.round(nmi * NMI_KM),
    provenance: seaKm(
      nmi,
      "Qinzhou -> Yingkou 1,860 nmi (brief 2 §3b) less ~450 Yingkou -> Qingdao; Rizhao 50 nmi nearer, Beihai 50 and Qinzhou 15 nearer than Fangchenggang",
    ),
  })),
);

/**
 * Rail and road legs to and from hubs, with their km (LandRouter over network.json's land routes,
 * to 0.1 km; test/data/logistics.test.ts recomputes them) and the corridor their path crosses.
 */
const land = (
  from: string,
  to: string,
  mode: "rail" | "road",
  km: number,
  corridor?: string,
): LegRow => ({
  from,
  to,
  mode,
  km,
  ...(corridor ? { corridor } : {}),
  provenance: landKm,
});

/**
 * Nanjing is not a junction of land-routes.ts (it would attach to Lianyungang), so its rail legs run
 * to Xuzhou over the land graph and on by the Beijing-Shanghai line: Xuzhou 802.9 km (brief 2 §3a,
 * Sourced) to Nanjing ~1,159 (the line's 1,462 km less Nanjing-Shanghai ~303, general knowledge).
 */
const XUZHOU_NANJING_KM = 356;
/** shandong-he/-std (Binzhou) to Xuzhou over land-routes.ts, as their lane to jiangsu-he. */
const SHANDONG_XUZHOU_KM = 492.2;
const toNanjing = (from: string, km: number): LegRow => ({
  from,
  to: "hub-nanjing",
  mode: "rail",
  km,
  provenance: {
    label: "ESTIMATE",
    basis:
      "land path to Xuzhou + Beijing-Shanghai railway Xuzhou-Nanjing 356 km (chainage 802.9, brief 2 §3a; Nanjing ~1,159 = 1,462 - ~303 to Shanghai)",
  },
});

/**
 * Shandong -> Beibu Gulf by coastal ship, then rail (brief 2 §3b: door-to-door 260-350 CNY/t, "roughly
 * at par" with all-rail), and the Yangtze from Nanjing up to Wuhan, Yichang and Chongqing (and down
 * from Chongqing for its own plants).
 */
export const LEG_ROWS: readonly LegRow[] = [
  // Plants to the Shandong loading ports.
  land("shandong-he", "hub-qingdao", "rail", 339.5),
  land("shandong-std", "hub-qingdao", "rail", 339.5),
  land("shandong-he", "hub-rizhao", "rail", 489.5),
  land("shandong-std", "hub-rizhao", "rail", 489.5),
  land("jiangsu-he", "hub-rizhao", "rail", 300),
  land("jiangsu-std", "hub-rizhao", "rail", 300),
  ...seaLegs,
  // Beibu Gulf ports inland (the Western Land-Sea Corridor's sea-rail trains).
  land("hub-fangchenggang", "yunnan-smelters", "rail", 1_351.9, "nankun-west"),
  land("hub-fangchenggang", "guangxi-smelters", "rail", 437),
  land("hub-fangchenggang", "guizhou-smelters", "rail", 1_039),
  land("hub-qinzhou", "yunnan-smelters", "rail", 1_288.9, "nankun-west"),
  land("hub-qinzhou", "guangxi-smelters", "rail", 374),
  land("hub-qinzhou", "guizhou-smelters", "rail", 976),
  land("hub-qinzhou", "chongqing-smelters", "rail", 1_516.6),
  land("hub-beihai", "yunnan-smelters", "rail", 1_384.9, "nankun-west"),
  land("hub-beihai", "guangxi-smelters", "rail", 470),
  land("hub-beihai", "guizhou-smelters", "rail", 1_072),
  // The Yangtze.
  toNanjing("shandong-he", SHANDONG_XUZHOU_KM + XUZHOU_NANJING_KM),
  toNanjing("shandong-std", SHANDONG_XUZHOU_KM + XUZHOU_NANJING_KM),
  toNanjing("jiangsu-he", XUZHOU_NANJING_KM),
  toNanjing("jiangsu-std", XUZHOU_NANJING_KM),
  riverLeg("hub-nanjing", "hub-wuhan"),
  riverLeg("hub-nanjing", "hub-yichang"),
  riverLeg("hub-nanjing", "hub-chongqing"),
  land("chongqing-he", "hub-chongqing", "road", 74.7),
  land("chongqing-std", "hub-chongqing", "road", 74.7),
  riverLeg("hub-chongqing", "hub-yichang"),
  riverLeg("hub-chongqing", "hub-wuhan"),
  land("hub-chongqing", "chongqing-smelters", "road", 74.7),
  land("hub-chongqing", "sichuan-smelters", "rail", 824),
  land("hub-chongqing", "guizhou-smelters", "rail", 463),
  land("hub-yichang", "hubei-smelters", "road", 0),
  land("hub-wuhan", "hubei-smelters", "rail", 375.9),
  land("hub-wuhan", "hunan-smelters", "rail", 362),
];

export const legs: readonly Leg[] = LEG_ROWS.map(({ provenance: _, ...leg }) => leg);

// ---------------------------------------------------------------------------------------------
// Contracts and captive links.

interface ContractRow extends Contract {
  provenance: Provenance;
}

/**
 * Annual floors where public sources show a captive link. None is a whole demand (no source gives
 * one), and each sits below what today's annual plan already sends, so they hold without binding.
 */
export const CONTRACT_ROWS: readonly ContractRow[] = [
  {
    id: "hongqiao-shandong-captive",
    plants: ["shandong-he", "shandong-std"],
    to: "shandong-smelters",
    minT: 1_500_000,
    provenance: {
      label: "ESTIMATE",
      basis:
        "Weiqiao/Hongqiao captive anode capacity 1.5-2.5 Mt (brief 1 §1c ESTIMATE: ~4.4 Mt of Shandong aluminium x 0.45-0.5, part bought from Sunstone's Chuangxin JV); the floor takes the low end",
    },
  },
  {
    id: "sunstone-yunnan-aluminium",
    plants: ["yunnan-he"],
    to: "yunnan-smelters",
    minT: 765_000,
    provenance: {
      label: "ESTIMATE",
      basis:
        "Yunnan Suotong (Qujing), Sunstone's JV with Yunnan Aluminium (brief 1 §1c, Sourced: cnpowder, futunn), ~0.9 Mt capacity (brief 1 §1b) x 85 % Yunnan utilisation (brief 1 §1b) = 765 kt to the JV partner's smelters",
    },
  },
  {
    id: "chalco-liancheng-own-smelter",
    plants: ["gansu-he", "gansu-std"],
    to: "gansu-smelters",
    minT: 84_000,
    provenance: {
      label: "Sourced",
      basis:
        "Chalco Liancheng's own smelter uses ~7 kt a month of its 370 kt/yr (cmgroup 2019, brief 2 §5): 7 x 12 = 84 kt (DERIVED); the rest is sold to Qinghai and Gansu",
    },
  },
];

export const contracts: readonly Contract[] = CONTRACT_ROWS.map(({ provenance: _, ...c }) => c);

// ---------------------------------------------------------------------------------------------
// Rail legs over the corridors, derived from a network's own land graph.

type Network = NetworkInput & { landRoutes?: NetworkInput["landRoutes"] };
interface Node {
  id: string;
  province: string;
  lat: number;
  lon: number;
}

/** The land nodes of a network plus the hubs, by id. */
function nodesOf(network: Network): Map<string, Node> {
  const nodes: Node[] = [...network.plants, ...network.smelters, ...(network.ports ?? []), ...hubs];
  return new Map(nodes.map((n) => [n.id, n]));
}

type Route = { km: number; corridors: string[] } | null;
type RouteFinder = (fromId: string, toId: string, mode?: "rail" | "road") => Route;

/**
 * Land km between two nodes of a network (or hubs) as its lanes measure them (`LandRouter`), and the
 * corridors, in order, that the junction path crosses. Attachment follows LandRouter's rule (explicit
 * access, else the nearest junction in the node's province, else the nearest); trees are cached.
 */
export function routeFinder(network: Network): RouteFinder {
  const routes = network.landRoutes;
  const nodes = nodesOf(network);
  if (!routes) return () => null;
  const router = new LandRouter(routes);
  const index = new Map(routes.junctions.map((j, i) => [j.id, i]));
  const attach = (node: Node): number => {
    const explicit = routes.access?.find((a) => a.node === node.id);
    if (explicit) return index.get(explicit.junction) ?? 0;
    const inProvince = routes.junctions.some((j) => j.province === node.province);
    let best = 0;
    let bestKm = Infinity;
    routes.junctions.forEach((j, i) => {
      if (inProvince && j.province !== node.province) return;
      const d = greatCircleKm(node, j);
      if (d < bestKm) [best, bestKm] = [i, d];
    });
    return best;
  };
  const adjacencies = new Map<string, ReturnType<typeof buildAdjacency>>();
  const trees = new Map<string, ReturnType<typeof shortestPathTree>>();
  const tree = (mode: string, source: number) => {
    let adjacency = adjacencies.get(mode);
    if (!adjacency) {
      const edges = routes.links
        .filter((l) => l.modes.includes(mode))
        .map((l) => ({ from: index.get(l.from) ?? -1, to: index.get(l.to) ?? -1, length: l.km }));
      adjacency = buildAdjacency(routes.junctions.length, edges);
      adjacencies.set(mode, adjacency);
    }
    const key = `${mode}:${source}`;
    let found = trees.get(key);
    if (!found) {
      found = shortestPathTree(adjacency, source);
      trees.set(key, found);
    }
    return found;
  };
  return (fromId, toId, mode = "rail") => {
    const [from, to] = [nodes.get(fromId), nodes.get(toId)];
    const modeRow = network.modes.find((m) => m.id === mode);
    if (!from || !to || !modeRow) return null;
    const km = router.distanceKm(from, to, mode, modeRow.circuity ?? 1.3);
    if (km === null) return null;
    const path = pathTo(tree(mode, attach(from)), attach(to)).map(
      (i) => routes.junctions[i]?.id ?? "",
    );
    const steps = new Set(path.slice(1).map((j, i) => `${path[i]}>${j}`));
    const corridors = CORRIDOR_ROWS.filter((c) => c.links.some(([a, b]) => steps.has(`${a}>${b}`)))
      .map((c) => ({
        id: c.id,
        at: path.findIndex((j, i) => c.links.some(([a, b]) => a === j && b === path[i + 1])),
      }))
      .sort((x, y) => x.at - y.at)
      .map((c) => c.id);
    return { km: Math.round(km * 10) / 10, corridors };
  };
}

/** One route (see `routeFinder`); for many, make the finder once. */
export const railRoute = (
  network: Network,
  fromId: string,
  toId: string,
  mode: "rail" | "road" = "rail",
): Route => routeFinder(network)(fromId, toId, mode);

/**
 * Every plant-to-smelter or plant-to-port rail haul between provinces whose land path crosses a
 * corridor, as a leg naming it (DERIVED): with lanes generated for every pair, the corridor holds only
 * if the hauls over its line name it. A haul over two corridors (Xinjiang -> Inner Mongolia crosses
 * lanxin-east and baolan-north) names the first, as `corridor` holds one id.
 */
export function corridorLegs(network: Network): Leg[] {
  const route = routeFinder(network);
  const out: Leg[] = [];
  for (const plant of network.plants)
    for (const to of [...network.smelters, ...(network.ports ?? [])]) {
      if (to.province === plant.province) continue;
      const found = route(plant.id, to.id);
      const corridor = found?.corridors[0];
      if (found && corridor)
        out.push({ from: plant.id, to: to.id, mode: "rail", km: found.km, corridor });
    }
  return out;
}

/**
 * The network with these logistics fields and modes added: hubs, the multimodal legs (LEG_ROWS;
 * no corridor legs, since the corridors cover their links and count the implied rail lanes
 * themselves), the corridors and the contracts.
 */
export function withLogistics(network: Network): Network & {
  hubs: Hub[];
  legs: Leg[];
  corridors: Corridor[];
  contracts: Contract[];
} {
  const known = new Set(network.modes.map((m) => m.id));
  return {
    ...network,
    modes: [...network.modes, ...modes.filter((m) => !known.has(m.id)).map((m) => ({ ...m }))],
    hubs: hubs.map((h) => ({ ...h })),
    legs: legs.map((l) => ({ ...l })),
    corridors: corridors.map((c) => ({
      ...c,
      ...(c.links ? { links: c.links.map((l) => ({ ...l })) } : {}),
      ...(c.modes ? { modes: [...c.modes] } : {}),
    })),
    contracts: contracts.map((c) => ({ ...c, plants: [...c.plants] })),
  };
}

/**
 * LEG_ROWS mapped onto a network whose plants and smelters are other sites (the cities dataset): a
 * row from a provincial plant (`shandong-he`) becomes a leg from every plant of that province, a row
 * into `<province>-smelters` a leg into every smelter of that province; land legs take their km from
 * the network's own land routes (DERIVED, as its lanes), sea and river legs keep theirs. Rows whose
 * ends the network does not have are left out.
 */
export function siteLegs(network: Network): Leg[] {
  const route = routeFinder(network);
  const provinceOfRow = (id: string) =>
    PROVINCE_OF_ID.get(id.replace(/-(he|std|curbed|smelters)$/, "")) ?? null;
  const ends = (id: string, list: readonly { id: string; province: string }[]) => {
    if (id.startsWith("hub-")) return [id];
    const province = provinceOfRow(id);
    return list.filter((n) => n.province === province).map((n) => n.id);
  };
  const out = new Map<string, Leg>();
  for (const row of LEG_ROWS) {
    for (const from of ends(row.from, network.plants))
      for (const to of ends(row.to, network.smelters)) {
        const land = row.mode === "rail" || row.mode === "road";
        const km = land ? route(from, to, row.mode as "rail" | "road")?.km : row.km;
        if (km === undefined) continue;
        const leg: Leg = {
          from,
          to,
          mode: row.mode,
          km,
          ...(row.corridor ? { corridor: row.corridor } : {}),
        };
        out.set(`${from}>${to}:${row.mode}`, leg);
      }
  }
  return [...out.values()];
}

/** Provinces of the provincial ids LEG_ROWS uses (`shandong` of shandong-he, shandong-smelters). */
const PROVINCE_OF_ID = new Map(
  [
    "Shandong",
    "Jiangsu",
    "Chongqing",
    "Yunnan",
    "Guangxi",
    "Guizhou",
    "Sichuan",
    "Hubei",
    "Hunan",
  ].map((p) => [p.toLowerCase(), p]),
);

/**
 * The cities dataset's logistics: hubs, `siteLegs`, the corridors (over their links, so every rail
 * haul of any site counts) and the coastal and river modes. No contracts: each names one provincial
 * destination, and the cities dataset splits those over several smelter sites, of which no source
 * says which one a captive link serves.
 */
export function withSiteLogistics(network: Network): Network & {
  hubs: Hub[];
  legs: Leg[];
  corridors: Corridor[];
} {
  const { contracts: _, ...rest } = withLogistics(network);
  return { ...rest, legs: siteLegs(network) };
}
