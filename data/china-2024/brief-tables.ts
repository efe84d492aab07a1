// The data brief's tables (/work/shared/reference/data-brief.md) as typed constants: every figure the
// china-2024 datasets use, with its label and section, so each number in the JSON traces back here.

/** How a figure is known, as labelled in the brief. */
export type Label = "Sourced" | "DERIVED" | "ESTIMATE";

export interface Cited {
  label: Label;
  /** Section of the data brief, e.g. "§8a". */
  section: string;
}

/** Coordinates of a city in brief §7 (city centres, ±0.05°). */
export interface City {
  name: string;
  province: string;
  lat: number;
  lon: number;
}

const city = (name: string, province: string, lat: number, lon: number): City => ({
  name,
  province,
  lat,
  lon,
});

/** Brief §7, every row, keyed by a short slug. Coordinates are ESTIMATE (general knowledge). */
export const CITIES = {
  binzhou: city("Binzhou", "Shandong", 37.38, 117.97),
  zouping: city("Zouping", "Shandong", 36.86, 117.74),
  linyiCounty: city("Linyi County (Dezhou)", "Shandong", 37.19, 116.87),
  dezhou: city("Dezhou", "Shandong", 37.44, 116.36),
  zibo: city("Zibo", "Shandong", 36.81, 118.05),
  linyiCity: city("Linyi City", "Shandong", 35.1, 118.36),
  jinan: city("Jinan", "Shandong", 36.65, 117.0),
  jining: city("Jining", "Shandong", 35.41, 116.59),
  chiping: city("Chiping (Liaocheng)", "Shandong", 36.58, 116.26),
  longkou: city("Longkou", "Shandong", 37.65, 120.48),
  zhengzhou: city("Zhengzhou", "Henan", 34.75, 113.63),
  jiaozuo: city("Jiaozuo", "Henan", 35.22, 113.24),
  luoyang: city("Luoyang", "Henan", 34.62, 112.45),
  gongyi: city("Gongyi", "Henan", 34.75, 112.99),
  yongcheng: city("Yongcheng (Shangqiu)", "Henan", 33.93, 116.45),
  sanmenxia: city("Sanmenxia", "Henan", 34.77, 111.2),
  baotou: city("Baotou", "Inner Mongolia", 40.66, 109.84),
  ordos: city("Ordos", "Inner Mongolia", 39.61, 109.78),
  hohhot: city("Hohhot", "Inner Mongolia", 40.84, 111.75),
  tongliao: city("Tongliao", "Inner Mongolia", 43.62, 122.24),
  holingol: city("Holingol", "Inner Mongolia", 45.53, 119.66),
  changji: city("Changji", "Xinjiang", 44.01, 87.31),
  shihezi: city("Shihezi", "Xinjiang", 44.31, 86.08),
  zhundong: city("Wucaiwan (Zhundong)", "Xinjiang", 44.8, 89.0),
  urumqi: city("Urumqi", "Xinjiang", 43.83, 87.62),
  hami: city("Hami", "Xinjiang", 42.82, 93.51),
  wenshan: city("Wenshan", "Yunnan", 23.37, 104.25),
  qujing: city("Qujing", "Yunnan", 25.49, 103.8),
  honghe: city("Honghe (Mengzi)", "Yunnan", 23.37, 103.38),
  dali: city("Dali", "Yunnan", 25.61, 100.27),
  heqing: city("Heqing (Dali)", "Yunnan", 26.56, 100.17),
  zhaotong: city("Zhaotong", "Yunnan", 27.34, 103.72),
  kunming: city("Kunming", "Yunnan", 25.04, 102.71),
  baise: city("Baise", "Guangxi", 23.9, 106.62),
  tiandong: city("Tiandong", "Guangxi", 23.6, 107.12),
  laibin: city("Laibin", "Guangxi", 23.75, 109.22),
  jiayuguan: city("Jiayuguan", "Gansu", 39.77, 98.29),
  lanzhou: city("Lanzhou", "Gansu", 36.06, 103.83),
  liancheng: city("Lanzhou Liancheng (Yongdeng)", "Gansu", 36.7, 102.85),
  baiyin: city("Baiyin", "Gansu", 36.55, 104.14),
  xining: city("Xining", "Qinghai", 36.62, 101.78),
  haidong: city("Haidong (Minhe)", "Qinghai", 36.5, 102.1),
  qingtongxia: city("Qingtongxia", "Ningxia", 38.02, 106.08),
  yinchuan: city("Yinchuan", "Ningxia", 38.49, 106.23),
  shizuishan: city("Shizuishan", "Ningxia", 39.02, 106.38),
  taiyuan: city("Taiyuan", "Shanxi", 37.87, 112.55),
  luliang: city("Lüliang", "Shanxi", 37.52, 111.14),
  yuncheng: city("Yuncheng", "Shanxi", 35.03, 111.01),
  guiyang: city("Guiyang", "Guizhou", 26.65, 106.63),
  zunyi: city("Zunyi", "Guizhou", 27.73, 106.93),
  xingren: city("Xingren (Qianxinan)", "Guizhou", 25.43, 105.19),
  guangyuan: city("Guangyuan", "Sichuan", 32.44, 105.84),
  yaan: city("Ya'an", "Sichuan", 29.98, 103.0),
  qijiang: city("Qijiang", "Chongqing", 29.03, 106.65),
  handan: city("Handan", "Hebei", 36.61, 114.54),
  fushun: city("Fushun", "Liaoning", 41.88, 123.96),
  tongchuan: city("Tongchuan", "Shaanxi", 34.9, 108.95),
  yulin: city("Yulin", "Shaanxi", 38.29, 109.73),
  yichang: city("Yichang", "Hubei", 30.69, 111.29),
  changsha: city("Changsha", "Hunan", 28.23, 112.94),
  xuzhou: city("Xuzhou", "Jiangsu", 34.26, 117.18),
  nanping: city("Nanping", "Fujian", 26.64, 118.18),
  qingdao: city("Qingdao", "Shandong", 36.07, 120.38),
  rizhao: city("Rizhao", "Shandong", 35.38, 119.55),
  yantai: city("Yantai", "Shandong", 37.55, 121.4),
  lianyungang: city("Lianyungang", "Jiangsu", 34.6, 119.22),
  tianjin: city("Tianjin (Binhai)", "Tianjin", 38.98, 117.75),
  dalian: city("Dalian", "Liaoning", 38.92, 121.64),
  fangchenggang: city("Fangchenggang", "Guangxi", 21.69, 108.35),
  qinzhou: city("Qinzhou", "Guangxi", 21.98, 108.65),
  zhanjiang: city("Zhanjiang", "Guangdong", 21.27, 110.36),
  alashankou: city("Alashankou", "Xinjiang", 45.17, 82.57),
  manzhouli: city("Manzhouli", "Inner Mongolia", 49.6, 117.43),
} as const satisfies Record<string, City>;

export type CityKey = keyof typeof CITIES;

/** One row of brief §8a (which repeats §1b capacity and output, §2b aluminium and §4c exports). */
export interface ProvinceRow extends Cited {
  province: string;
  /** Anode capacity, kt/yr (§1b). */
  capacityKt: number;
  /** Anode output, kt (§1b); a calibration reference only, never an input to the network. */
  outputKt: number;
  /** Primary aluminium output, kt (§2b). */
  aluminiumKt: number;
  /** Anode exports by producing province, kt (§4c); a reference for checking the plan. */
  exportsKt: number;
}

const row = (
  province: string,
  capacityKt: number,
  outputKt: number,
  aluminiumKt: number,
  exportsKt: number,
): ProvinceRow => ({
  province,
  capacityKt,
  outputKt,
  aluminiumKt,
  exportsKt,
  label: "ESTIMATE",
  section: "§8a",
});

/**
 * Brief §8a, in its order. Every provincial figure is an ESTIMATE; the totals are sourced (capacity,
 * output and exports from the paper, aluminium from NBS): 30,366 / 23,102 / 43,960 / 2,166 kt.
 */
export const PROVINCES: readonly ProvinceRow[] = [
  row("Shandong", 9_300, 7_042, 6_510, 1_625),
  row("Henan", 3_500, 2_372, 2_000, 110),
  row("Xinjiang", 3_500, 3_000, 6_450, 30),
  row("Inner Mongolia", 2_300, 2_017, 7_000, 0),
  row("Yunnan", 2_200, 1_864, 5_600, 0),
  row("Gansu", 1_700, 1_406, 3_000, 30),
  row("Guangxi", 1_400, 1_046, 2_950, 60),
  row("Qinghai", 800, 638, 2_700, 0),
  row("Ningxia", 800, 638, 1_450, 0),
  row("Shanxi", 650, 389, 1_400, 41),
  row("Hebei", 650, 356, 0, 65),
  row("Guizhou", 650, 486, 1_550, 0),
  row("Jiangsu", 600, 389, 0, 175),
  row("Chongqing", 500, 374, 550, 0),
  row("Shaanxi", 450, 314, 750, 0),
  row("Sichuan", 400, 219, 1_000, 0),
  row("Liaoning", 400, 239, 500, 30),
  row("Hubei", 200, 120, 120, 0),
  row("Hunan", 100, 60, 130, 0),
  row("Fujian", 100, 50, 300, 0),
  row("Others", 166, 83, 0, 0),
];

/** The paper's national figures (brief §0), in kt. */
export const NATIONAL = {
  capacityKt: { value: 30_366, label: "Sourced", section: "§0" },
  outputKt: { value: 23_102, label: "Sourced", section: "§0" },
  exportsKt: { value: 2_166, label: "Sourced", section: "§0" },
  aluminiumKt: { value: 43_960, label: "DERIVED", section: "§2a" },
  /** "about 450 kg of anode consumed per tonne of aluminum" (the paper). */
  anodePerTonneAluminium: { value: 0.45, label: "Sourced", section: "§0, §3" },
  /** Closes the 2024 balance: (23,102 - 2,166) / 43,960 = 0.4763. */
  calibratedAnodePerTonneAluminium: { value: 0.476, label: "DERIVED", section: "§3, §8b" },
} as const satisfies Record<string, Cited & { value: number }>;

/** One row of brief §8c: the 2024 export split by port (ESTIMATE). */
export interface PortRow extends Cited {
  name: string;
  city: CityKey;
  /** Province the port (or border crossing) lies in. */
  province: string;
  exportsKt: number;
  kind: "seaport" | "border";
}

/**
 * Brief §8c. The overland row (87 kt, "Alashankou / Manzhouli") is one line in the brief; its split
 * between the two crossings is ours, see OVERLAND_SPLIT in generate.ts.
 */
export const PORTS: readonly PortRow[] = [
  port("Qingdao", "qingdao", "Shandong", 1_017),
  port("Rizhao", "rizhao", "Shandong", 325),
  port("Yantai (incl. Longkou)", "yantai", "Shandong", 217),
  port("Lianyungang", "lianyungang", "Jiangsu", 260),
  port("Tianjin", "tianjin", "Tianjin", 152),
  port("Fangchenggang / Qinzhou", "fangchenggang", "Guangxi", 65),
  port("Dalian / Yingkou", "dalian", "Liaoning", 43),
  {
    ...port("Overland rail (Alashankou / Manzhouli)", "alashankou", "Xinjiang", 87),
    kind: "border",
  },
];

function port(name: string, cityKey: CityKey, province: string, exportsKt: number): PortRow {
  return {
    name,
    city: cityKey,
    province,
    exportsKt,
    kind: "seaport",
    label: "ESTIMATE",
    section: "§8c",
  };
}

/** A range from the brief, in its unit. */
export interface Band extends Cited {
  low: number;
  high: number;
}

/** Brief §5 and §6c: prices and costs. */
export const COSTS = {
  /** Cash cost of high-efficiency plants, CNY/t (large lines, integrated calcining, heat recovery). */
  highEfficiencyCostPerT: { low: 3_400, high: 3_650, label: "ESTIMATE", section: "§5" },
  /** Cash cost of inefficient plants, CNY/t (higher conversion cost, curb downtime). */
  standardCostPerT: { low: 3_800, high: 4_200, label: "ESTIMATE", section: "§5" },
  /** Typical 2024 export FOB, USD/t. */
  fobUsdPerT: { low: 480, high: 560, label: "ESTIMATE", section: "§5" },
  /** Port handling per end, CNY/t. */
  handlingCostPerT: { low: 20, high: 30, label: "ESTIMATE", section: "§6c" },
} as const satisfies Record<string, Band>;

/** The exchange rate the brief uses to convert its FOB estimate (§5). */
export const CNY_PER_USD = { value: 7.19, label: "ESTIMATE", section: "§5" } as const;

/** One transport mode's default rule (brief §6a, §6b, §6d). */
export interface ModeRow extends Cited {
  id: string;
  /** CNY/t whatever the distance: terminal charges and add-ons. */
  fixedCostPerT: number;
  costPerTKm: number;
  co2KgPerTKm: number;
  /** Network km per great-circle km. */
  circuity: number;
  basis: string;
}

export const MODES: readonly ModeRow[] = [
  {
    id: "rail",
    // 16.3 base rate 1 of the class-4 carload tariff plus 40 of station, loading and short-haul add-ons.
    fixedCostPerT: 16.3 + 40,
    costPerTKm: 0.098,
    co2KgPerTKm: 0.01,
    circuity: 1.3,
    label: "ESTIMATE",
    section: "§6a, §6d",
    basis: "class-4 carload tariff 16.3 CNY/t + 0.098 CNY/t·km, add-ons 40 CNY/t; 10 g CO2e/t·km",
  },
  {
    id: "road",
    fixedCostPerT: 40,
    costPerTKm: 0.17,
    co2KgPerTKm: 0.06,
    circuity: 1.25,
    label: "ESTIMATE",
    section: "§6b, §6d",
    basis: "40 + 0.17 × road-km CNY/t, fitted to bulk-bag quotes; 60 g CO2e/t·km",
  },
];
