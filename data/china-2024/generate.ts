// Generates data/china-2024/network.json and calibrated.json from the brief's tables and the rules
// below; run with `npm run data:build`. The JSON is committed, and a test checks it matches this file.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { NetworkInput } from "../../models/allocation/network.ts";
import {
  CITIES,
  type CityKey,
  CNY_PER_USD,
  COSTS,
  MODES,
  NATIONAL,
  PORTS,
  PROVINCES,
  type ProvinceRow,
} from "./brief-tables.ts";

type Tier = "A" | "B" | "C" | "D" | "E";
type InputRegion = "east" | "north" | "southwest" | "northwest";

interface ProvinceRule {
  /** Main anode-industry city: the province's plant nodes sit here. */
  plantCity: CityKey;
  /** Main smelting city; absent for provinces with no primary aluminium. */
  smelterCity?: CityKey;
  /** High-efficiency tier: sets the share of capacity in the high-efficiency plant. */
  tier: Tier;
  /** Where the plants sit relative to the eastern coke and pitch supply: sets the cost premium. */
  region: InputRegion;
  /**
   * Provinces whose standard plants are curbed (air-pollution control region): brief §1b gives them
   * this utilisation because of the curbs, which we read as the share of capacity allowed to run.
   */
  curbedUtilisation?: number;
  /** Western provinces whose plants are mostly captive to local smelters: output has a floor. */
  westernCaptive?: boolean;
}

// Share of capacity in the high-efficiency plant (ESTIMATE, brief §1b/§1c; README gives each basis).
const HE_SHARE: Record<Tier, number> = {
  A: 0.6, // western captive bases built since 2016
  B: 0.45, // Sunstone bases and the large Shandong captive lines
  C: 0.35, // other provinces whose plants are mostly captive to local smelters
  D: 0.15, // curbed plants and older commercial plants
  E: 0, // provinces of 200 kt or less: one standard plant
};

const RULES: Record<string, ProvinceRule> = {
  Shandong: { plantCity: "binzhou", smelterCity: "zouping", tier: "B", region: "east" },
  Henan: {
    plantCity: "jiaozuo",
    smelterCity: "luoyang",
    tier: "D",
    region: "east",
    curbedUtilisation: 0.68,
  },
  Xinjiang: {
    plantCity: "changji",
    smelterCity: "changji",
    tier: "A",
    region: "northwest",
    westernCaptive: true,
  },
  "Inner Mongolia": {
    plantCity: "baotou",
    smelterCity: "baotou",
    tier: "A",
    region: "north",
    westernCaptive: true,
  },
  Yunnan: {
    plantCity: "qujing",
    smelterCity: "wenshan",
    tier: "A",
    region: "southwest",
    westernCaptive: true,
  },
  Gansu: {
    plantCity: "jiayuguan",
    smelterCity: "lanzhou",
    tier: "B",
    region: "northwest",
    westernCaptive: true,
  },
  Guangxi: {
    plantCity: "baise",
    smelterCity: "baise",
    tier: "C",
    region: "southwest",
    westernCaptive: true,
  },
  Qinghai: {
    plantCity: "xining",
    smelterCity: "xining",
    tier: "C",
    region: "northwest",
    westernCaptive: true,
  },
  Ningxia: {
    plantCity: "qingtongxia",
    smelterCity: "qingtongxia",
    tier: "C",
    region: "north",
    westernCaptive: true,
  },
  Shanxi: {
    plantCity: "taiyuan",
    smelterCity: "luliang",
    tier: "D",
    region: "east",
    curbedUtilisation: 0.6,
  },
  Hebei: { plantCity: "handan", tier: "D", region: "east", curbedUtilisation: 0.55 },
  Guizhou: { plantCity: "guiyang", smelterCity: "guiyang", tier: "C", region: "southwest" },
  Jiangsu: { plantCity: "xuzhou", tier: "D", region: "east" },
  Chongqing: { plantCity: "qijiang", smelterCity: "qijiang", tier: "B", region: "southwest" },
  Shaanxi: { plantCity: "tongchuan", smelterCity: "yulin", tier: "C", region: "north" },
  Sichuan: { plantCity: "guangyuan", smelterCity: "guangyuan", tier: "D", region: "southwest" },
  Liaoning: { plantCity: "fushun", smelterCity: "fushun", tier: "D", region: "east" },
  Hubei: { plantCity: "yichang", smelterCity: "yichang", tier: "E", region: "north" },
  Hunan: { plantCity: "changsha", smelterCity: "changsha", tier: "E", region: "north" },
  Fujian: { plantCity: "nanping", smelterCity: "nanping", tier: "E", region: "southwest" },
  // "Others" is the brief's balancing item with no location; Xuzhou is the §7 city nearest the
  // provinces it most likely covers (Anhui and the lower Yangtze). ESTIMATE.
  Others: { plantCity: "xuzhou", tier: "E", region: "east" },
};

// Cost rule (ESTIMATE, brief §5): each band's floor, plus a premium for distance from the coke and
// pitch supply in the east, plus a premium for small provinces' lines; capped at the band's top.
// The curb-restricted share of curbed provinces sits at the top of the standard band.
const INPUT_PREMIUM: Record<InputRegion, { he: number; standard: number }> = {
  east: { he: 0, standard: 0 },
  north: { he: 75, standard: 100 },
  southwest: { he: 150, standard: 200 },
  northwest: { he: 225, standard: 300 },
};
const SMALL_PREMIUM = 100;
const SMALL_PROVINCE_KT = 200;

/** Western captive plants run at least this share of capacity (bottom of brief §1b's 80-88 %). */
const CAPTIVE_MIN_SHARE = 0.8;

// Exports (ESTIMATE): maxExportT leaves room for the growth the paper reports (record 2024 exports).
const EXPORT_HEADROOM = 1.25;
/** The brief's overland 87 kt, split by the §4c provinces behind each crossing (ESTIMATE). */
const OVERLAND_SPLIT = { alashankou: 60, manzhouli: 27 } as const;

const kt = (value: number) => Math.round(value * 1000);
const slug = (province: string) => province.toLowerCase().replaceAll(" ", "-");

function ruleFor(province: string): ProvinceRule {
  const found = RULES[province];
  if (!found) throw new Error(`no rule for province ${province}`);
  return found;
}

/** Capacity split of a province, kt: high-efficiency, standard and curb-restricted standard. */
export function splitKt(row: ProvinceRow): { he: number; standard: number; curbed: number } {
  const r = ruleFor(row.province);
  const tens = (value: number) => Math.round(value / 10) * 10;
  const he = tens(row.capacityKt * HE_SHARE[r.tier]);
  const curbed =
    r.curbedUtilisation === undefined ? 0 : tens(row.capacityKt * (1 - r.curbedUtilisation));
  return { he, standard: row.capacityKt - he - curbed, curbed };
}

/** Production cost, CNY/t, of each of a province's plants. */
export function costsPerT(row: ProvinceRow): { he: number; standard: number; curbed: number } {
  const r = ruleFor(row.province);
  const premium = INPUT_PREMIUM[r.region];
  const small = row.capacityKt <= SMALL_PROVINCE_KT ? SMALL_PREMIUM : 0;
  const he = COSTS.highEfficiencyCostPerT;
  const std = COSTS.standardCostPerT;
  return {
    he: Math.min(he.high, he.low + premium.he),
    standard: Math.min(std.high, std.low + premium.standard + small),
    curbed: std.high,
  };
}

function plants(): NonNullable<NetworkInput["plants"]> {
  return PROVINCES.flatMap((row) => {
    const r = ruleFor(row.province);
    const at = CITIES[r.plantCity];
    const split = splitKt(row);
    const cost = costsPerT(row);
    const floor = r.westernCaptive ? CAPTIVE_MIN_SHARE : 0;
    const base = { province: row.province, lat: at.lat, lon: at.lon };
    const id = slug(row.province);
    const list: NonNullable<NetworkInput["plants"]> = [];
    if (split.he > 0) {
      list.push({
        id: `${id}-he`,
        name: `${row.province} high-efficiency plants (${at.name})`,
        ...base,
        capacityT: kt(split.he),
        minOutputT: kt(split.he * floor),
        productionCostPerT: cost.he,
        highEfficiency: true,
      });
    }
    list.push({
      id: `${id}-std`,
      name: `${row.province} standard plants (${at.name})`,
      ...base,
      capacityT: kt(split.standard),
      minOutputT: kt(split.standard * floor),
      productionCostPerT: cost.standard,
      highEfficiency: false,
    });
    if (split.curbed > 0) {
      list.push({
        id: `${id}-curbed`,
        name: `${row.province} standard plants, curb-restricted share (${at.name})`,
        ...base,
        capacityT: kt(split.curbed),
        minOutputT: 0,
        productionCostPerT: cost.curbed,
        highEfficiency: false,
      });
    }
    return list;
  });
}

function smelters(): NetworkInput["smelters"] {
  return PROVINCES.filter((row) => row.aluminiumKt > 0).map((row) => {
    const r = ruleFor(row.province);
    if (!r.smelterCity) throw new Error(`${row.province} has aluminium but no smelter city`);
    const at = CITIES[r.smelterCity];
    return {
      id: `${slug(row.province)}-smelters`,
      name: `${row.province} smelters (${at.name})`,
      province: row.province,
      lat: at.lat,
      lon: at.lon,
      aluminiumT: kt(row.aluminiumKt),
    };
  });
}

const FOB_CNY_PER_T = Math.round(
  ((COSTS.fobUsdPerT.low + COSTS.fobUsdPerT.high) / 2) * CNY_PER_USD.value,
);
// Seaports: midpoint of the §6c band. Border crossings: top of the band, for the transshipment
// between China's standard gauge and the 1,520 mm gauge of Kazakhstan and Russia.
const HANDLING = { seaport: 25, border: COSTS.handlingCostPerT.high } as const;

function ports(): NonNullable<NetworkInput["ports"]> {
  return PORTS.flatMap((row) => {
    const parts =
      row.kind === "border"
        ? [
            { key: "alashankou" as const, province: "Xinjiang", kt: OVERLAND_SPLIT.alashankou },
            { key: "manzhouli" as const, province: "Inner Mongolia", kt: OVERLAND_SPLIT.manzhouli },
          ]
        : [{ key: row.city, province: row.province, kt: row.exportsKt }];
    return parts.map((part) => {
      const at = CITIES[part.key];
      return {
        id: `port-${part.key}`,
        name: row.kind === "border" ? `${at.name} (overland rail)` : row.name,
        province: part.province,
        lat: at.lat,
        lon: at.lon,
        minExportT: kt(part.kt),
        maxExportT: kt(Math.ceil(part.kt * EXPORT_HEADROOM)),
        fobPricePerT: FOB_CNY_PER_T,
        handlingCostPerT: HANDLING[row.kind],
      };
    });
  });
}

/** The provincial network; `anodePerTonneAluminium` is the paper's 0.45 or the calibrated 0.476. */
export function buildNetwork(anodePerTonneAluminium: number, name: string): NetworkInput {
  return {
    version: 1,
    name,
    anodePerTonneAluminium,
    modes: MODES.map((m) => ({
      id: m.id,
      fixedCostPerT: m.fixedCostPerT,
      costPerTKm: m.costPerTKm,
      co2KgPerTKm: m.co2KgPerTKm,
      circuity: m.circuity,
    })),
    plants: plants(),
    smelters: smelters(),
    ports: ports(),
    options: {
      objective: "minCost",
      shortfallPenaltyPerT: 20_000,
      allowShortfall: true,
      carbonPricePerT: 0,
    },
  };
}

export const OUTPUTS = {
  "network.json": () =>
    buildNetwork(NATIONAL.anodePerTonneAluminium.value, "China 2024 (provinces, paper's 0.45 t/t)"),
  "calibrated.json": () =>
    buildNetwork(
      NATIONAL.calibratedAnodePerTonneAluminium.value,
      "China 2024 (provinces, calibrated 0.476 t/t)",
    ),
} as const;

/** The exact text written for a network: two-space JSON with a final newline. */
export function render(network: NetworkInput): string {
  return `${JSON.stringify(network, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, make] of Object.entries(OUTPUTS)) {
    writeFileSync(new URL(file, import.meta.url), render(make()));
    console.log(`wrote data/china-2024/${file}`);
  }
}
