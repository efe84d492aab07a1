// The dataset's rules (all ESTIMATE unless marked): how the brief's provincial tables become plant,
// smelter and port nodes. Shared by data/china-2024 and data/china-2024-cities; the README explains
// each rule and its basis in the brief.
import { type CityKey, COSTS, type ProvinceRow } from "./brief-tables.ts";

/** Per plant class: high-efficiency, standard, and the curb-restricted share of standard. */
export interface Split {
  he: number;
  standard: number;
  curbed: number;
}

export type Tier = "A" | "B" | "C" | "D" | "E";
export type InputRegion = "east" | "north" | "southwest" | "northwest";

export interface ProvinceRule {
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
export const HE_SHARE: Record<Tier, number> = {
  A: 0.6, // western captive bases built since 2016
  B: 0.45, // Sunstone bases and the large Shandong captive lines
  C: 0.35, // other provinces whose plants are mostly captive to local smelters
  D: 0.15, // curbed plants and older commercial plants
  E: 0, // provinces of 200 kt or less: one standard plant
};

export const RULES: Record<string, ProvinceRule> = {
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
export const CAPTIVE_MIN_SHARE = 0.8;

// Exports (ESTIMATE): maxExportT leaves room for the growth the paper reports (record 2024 exports).
export const EXPORT_HEADROOM = 1.25;
/**
 * The brief's overland 87 kt (§8c) by crossing (ESTIMATE): Alashankou takes the 60 kt §4c books to
 * Xinjiang and Gansu overland, Manzhouli the rest.
 */
export const OVERLAND_SPLIT = { alashankou: 60, manzhouli: 27 } as const;

export function ruleFor(province: string): ProvinceRule {
  const found = RULES[province];
  if (!found) throw new Error(`no rule for province ${province}`);
  return found;
}

/** Capacity split of a province, kt: high-efficiency, standard and curb-restricted standard. */
export function splitKt(row: ProvinceRow): Split {
  const r = ruleFor(row.province);
  const tens = (value: number) => Math.round(value / 10) * 10;
  const he = tens(row.capacityKt * HE_SHARE[r.tier]);
  const curbed =
    r.curbedUtilisation === undefined ? 0 : tens(row.capacityKt * (1 - r.curbedUtilisation));
  return { he, standard: row.capacityKt - he - curbed, curbed };
}

/** Provinces whose standard lines are small (<= 200 kt): a cost premium and the "old or small" CO2 class. */
export const isSmallProvince = (row: ProvinceRow) => row.capacityKt <= SMALL_PROVINCE_KT;

/** Production cost, CNY/t VAT-inclusive as the brief's §5 bands (generate.ts takes VAT off). */
export function costsPerT(row: ProvinceRow): Split {
  const r = ruleFor(row.province);
  const premium = INPUT_PREMIUM[r.region];
  const small = isSmallProvince(row) ? SMALL_PREMIUM : 0;
  const he = COSTS.highEfficiencyCostPerT;
  const std = COSTS.standardCostPerT;
  return {
    he: Math.min(he.high, he.low + premium.he),
    standard: Math.min(std.high, std.low + premium.standard + small),
    curbed: std.high,
  };
}

// Seaports: midpoint of the §6c band. Border crossings: top of the band, for the transshipment
// between China's standard gauge and the 1,520 mm gauge of Kazakhstan and Russia.
export const HANDLING = {
  seaport: (COSTS.handlingCostPerT.low + COSTS.handlingCostPerT.high) / 2,
  border: COSTS.handlingCostPerT.high,
} as const;

/** Export limits of a port, tonnes, from its 2024 exports in kt. */
export function exportLimitsT(exportsKt: number): { minExportT: number; maxExportT: number } {
  return {
    minExportT: exportsKt * 1000,
    maxExportT: Math.ceil(exportsKt * EXPORT_HEADROOM) * 1000,
  };
}

/** Node ids are kebab-case province names with a role suffix. */
export const slug = (province: string) => province.toLowerCase().replaceAll(" ", "-");
