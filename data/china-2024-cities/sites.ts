// How each province's totals in data/china-2024 split across the industrial cities of brief §7. Every
// split is an ESTIMATE (the brief has no city-level table); the basis column cites what it leans on.
import { type CityKey, PORTS } from "../china-2024/brief-tables.ts";
import { OVERLAND_SPLIT } from "../china-2024/rules.ts";

export interface PlantSite {
  city: CityKey;
  /** Anode capacity at this city, kt/yr. */
  capacityKt: number;
  /** Of which high-efficiency, kt/yr. */
  heKt: number;
  basis: string;
}

export interface SmelterSite {
  city: CityKey;
  /** Primary aluminium output at this city, kt. */
  aluminiumKt: number;
  basis: string;
}

export interface ProvinceSites {
  plants: readonly PlantSite[];
  smelters: readonly SmelterSite[];
}

const plant = (city: CityKey, capacityKt: number, heKt: number, basis: string): PlantSite => ({
  city,
  capacityKt,
  heKt,
  basis,
});
const smelter = (city: CityKey, aluminiumKt: number, basis: string): SmelterSite => ({
  city,
  aluminiumKt,
  basis,
});

/**
 * Keyed by the province names of brief §8a. Per province, capacity, high-efficiency capacity and
 * aluminium sum to the provincial dataset's figures (a test holds this); the curb-restricted share
 * is apportioned by the generator.
 */
export const SITES: Record<string, ProvinceSites> = {
  Shandong: {
    plants: [
      plant(
        "binzhou",
        3_000,
        2_200,
        "Hongqiao/Weiqiao captive 1.5-2.5 Mt; Sunstone Chuangxin incl. 340 kt Phase II (§1c)",
      ),
      plant("zibo", 1_500, 0, "commercial plants"),
      plant("jinan", 900, 390, "Jinan Aohai 0.6-1.0 Mt, a large exporter (§1c)"),
      plant("linyiCounty", 800, 800, "Sunstone's home base (§1c)"),
      plant("chiping", 800, 500, "Xinfa captive, ~1 Mt across three provinces (§1c)"),
      plant("linyiCity", 800, 0, "commercial plants"),
      plant("dezhou", 700, 0, "commercial plants"),
      plant("longkou", 500, 300, "Nanshan captive (§7)"),
      plant("jining", 300, 0, "Jining Carbon 300 kt (§1c, Sourced 2021)"),
    ],
    smelters: [
      smelter("zouping", 4_400, "Hongqiao ~4.4 Mt left in Shandong after the transfer (§2b)"),
      smelter("chiping", 1_300, "Xinfa (§2b)"),
      smelter("longkou", 810, "Nanshan (§2b); the provincial remainder"),
    ],
  },
  Henan: {
    plants: [
      plant("jiaozuo", 1_000, 0, "2+26 city; commercial plants (§1a)"),
      plant("gongyi", 700, 0, "2+26 city (Zhengzhou); commercial plants"),
      plant("zhengzhou", 600, 0, "2+26 city; commercial plants"),
      plant("luoyang", 500, 230, "Henan Wanji 0.3-0.5 Mt (§1c)"),
      plant("yongcheng", 400, 300, "Shenhuo captive (§7)"),
      plant("sanmenxia", 300, 0, "commercial plants (§1b)"),
    ],
    smelters: [
      smelter("luoyang", 600, "Wanji and Luoyang-area smelters"),
      smelter("yongcheng", 500, "Shenhuo (§7)"),
      smelter("gongyi", 500, "Gongyi-area smelters"),
      smelter("jiaozuo", 400, "Jiaozuo-area smelters"),
    ],
  },
  Xinjiang: {
    plants: [
      plant("changji", 1_000, 600, "Tianshan and Qiya expansions (§1c)"),
      plant("shihezi", 800, 500, "Tianshan and Qiya expansions (§1c)"),
      plant("zhundong", 800, 600, "captive plants of the Zhundong smelters"),
      plant("hami", 600, 300, "Xinjiang Banchao, 1.2 Mt of carbon products (§1c)"),
      plant("urumqi", 300, 100, "smaller plants"),
    ],
    smelters: [
      smelter("zhundong", 2_400, "Wucaiwan/Zhundong smelters (§7)"),
      smelter("changji", 1_700, "Changji smelters"),
      smelter("shihezi", 1_650, "Shihezi smelters"),
      smelter("hami", 700, "Hami smelters"),
    ],
  },
  "Inner Mongolia": {
    plants: [
      plant("baotou", 900, 540, "new captive plants (§1b)"),
      plant("tongliao", 500, 300, "new captive plants (§1b)"),
      plant("ordos", 400, 240, "captive plants"),
      plant("holingol", 300, 200, "captive plants"),
      plant("hohhot", 200, 100, "smaller plants"),
    ],
    smelters: [
      smelter("baotou", 2_800, "Baotou smelters, the largest cluster (§2b)"),
      smelter("tongliao", 1_500, "Tongliao area, 2.32 Mt completed of 3.05 Mt with Holingol (§2a)"),
      smelter("ordos", 1_500, "Ordos expansions (§2b)"),
      smelter("holingol", 1_000, "Tongliao area (§2a)"),
      smelter("hohhot", 200, "the provincial remainder"),
    ],
  },
  Yunnan: {
    plants: [
      plant("qujing", 900, 700, "Yunnan Suotong ~0.9 Mt (§1b, §1c)"),
      plant("wenshan", 500, 300, "Hongqiao captive"),
      plant("honghe", 300, 200, "Hongqiao captive"),
      plant("heqing", 200, 60, "Yunnan Aluminium captive"),
      plant("zhaotong", 150, 60, "Yunnan Aluminium captive"),
      plant("kunming", 150, 0, "older plants (0.5 Mt in 2016, §1a)"),
    ],
    smelters: [
      smelter("wenshan", 2_000, "Hongqiao moved 2.03 Mt to Wenshan (§2a)"),
      smelter("honghe", 1_000, "part of the 1.93 Mt Hongqiao moved to Honghe (§2a)"),
      smelter("qujing", 800, "Yunnan Aluminium"),
      smelter("heqing", 700, "Yunnan Aluminium"),
      smelter("zhaotong", 600, "Yunnan Aluminium"),
      smelter("kunming", 500, "the provincial remainder"),
    ],
  },
  Gansu: {
    plants: [
      plant("jiayuguan", 1_000, 600, "Sunstone Jiayuguan and JISCO captive (§1b, §1c)"),
      plant("liancheng", 370, 170, "Chalco Liancheng 370 kt, 150 + 220 lines (§1c, Sourced 2019)"),
      plant("lanzhou", 200, 0, "Chalco Lanzhou 200 kt (§1c, Sourced)"),
      plant("baiyin", 130, 0, "the provincial remainder"),
    ],
    smelters: [
      smelter("jiayuguan", 1_400, "JISCO"),
      smelter("lanzhou", 600, "Chalco Lanzhou"),
      smelter("liancheng", 600, "Chalco Liancheng"),
      smelter("baiyin", 400, "the provincial remainder"),
    ],
  },
  Guangxi: {
    plants: [
      // Sunstone–Geely Tiandong (600 kt) is under construction and not in §1b's capacity: no node.
      plant("baise", 1_000, 390, "780 kt in 2016 plus Baise-area additions (§1b)"),
      plant("laibin", 400, 100, "Laibin plants"),
    ],
    smelters: [
      smelter("baise", 2_300, "Baise bauxite-alumina-aluminium cluster"),
      smelter("laibin", 650, "the provincial remainder"),
    ],
  },
  Qinghai: {
    plants: [plant("xining", 600, 200, "main plants"), plant("haidong", 200, 80, "Minhe plants")],
    smelters: [smelter("xining", 1_700, "Xining smelters"), smelter("haidong", 1_000, "Minhe")],
  },
  Ningxia: {
    plants: [
      plant("qingtongxia", 500, 200, "Qingxin Carbon (§1b)"),
      plant("yinchuan", 150, 40, "smaller plants"),
      plant("shizuishan", 150, 40, "smaller plants"),
    ],
    smelters: [
      smelter("qingtongxia", 1_100, "Qingtongxia smelters (§6e)"),
      smelter("shizuishan", 350, "the provincial remainder"),
    ],
  },
  Shanxi: {
    plants: [
      plant("taiyuan", 250, 50, "Fenwei plants"),
      plant("luliang", 250, 50, "captive and Fenwei plants"),
      plant("yuncheng", 150, 0, "Fenwei plants"),
    ],
    smelters: [
      smelter("luliang", 900, "Lüliang smelters"),
      smelter("yuncheng", 500, "Yuncheng smelters"),
    ],
  },
  Hebei: {
    plants: [plant("handan", 650, 100, "the only Hebei city in §7")],
    smelters: [],
  },
  Guizhou: {
    plants: [
      plant("guiyang", 300, 130, "captive plants of Guiyang smelters"),
      plant("xingren", 200, 100, "captive plants of Xingren smelters"),
      plant("zunyi", 150, 0, "older plants"),
    ],
    smelters: [
      smelter("guiyang", 600, "Guiyang smelters"),
      smelter("xingren", 500, "Qianxinan smelters"),
      smelter("zunyi", 450, "Zunyi smelters"),
    ],
  },
  Jiangsu: {
    plants: [plant("xuzhou", 600, 90, "the only Jiangsu city in §7")],
    smelters: [],
  },
  Chongqing: {
    plants: [plant("qijiang", 500, 230, "Sunstone Qijiang, Jinghongyuan (§1c)")],
    smelters: [smelter("qijiang", 550, "the only Chongqing city in §7")],
  },
  Shaanxi: {
    plants: [
      plant("tongchuan", 300, 160, "Meixin 300 kt design (§1c)"),
      plant("yulin", 150, 0, "the provincial remainder"),
    ],
    smelters: [
      smelter("yulin", 450, "Yulin smelters"),
      smelter("tongchuan", 300, "Tongchuan smelters"),
    ],
  },
  Sichuan: {
    plants: [
      plant("guangyuan", 200, 60, "half of the province"),
      plant("yaan", 200, 0, "half of the province"),
    ],
    smelters: [
      smelter("guangyuan", 500, "half of the province"),
      smelter("yaan", 500, "half of the province"),
    ],
  },
  Liaoning: {
    plants: [plant("fushun", 400, 60, "the only Liaoning plant city in §7")],
    smelters: [smelter("fushun", 500, "the only Liaoning plant city in §7")],
  },
  Hubei: {
    plants: [plant("yichang", 200, 0, "the only Hubei city in §7")],
    smelters: [smelter("yichang", 120, "the only Hubei city in §7")],
  },
  Hunan: {
    plants: [plant("changsha", 100, 0, "the only Hunan city in §7")],
    smelters: [smelter("changsha", 130, "the only Hunan city in §7")],
  },
  Fujian: {
    plants: [plant("nanping", 100, 0, "the only Fujian city in §7")],
    smelters: [smelter("nanping", 300, "the only Fujian city in §7")],
  },
  Others: {
    plants: [plant("xuzhou", 166, 0, "as in the provincial dataset")],
    smelters: [],
  },
};

/** Brief §8c's "Fangchenggang / Qinzhou" 65 kt by port (ESTIMATE: Fangchenggang the larger bulk port). */
export const BEIBU_GULF_SPLIT = { fangchenggang: 35, qinzhou: 30 } as const;

export interface PortSite {
  city: CityKey;
  name: string;
  province: string;
  exportsKt: number;
  kind: "seaport" | "border";
}

/**
 * Brief §8c's export split by node. Of its two rows that name two places, Fangchenggang / Qinzhou is
 * split by BEIBU_GULF_SPLIT and the overland row as in the provincial dataset. Dalian / Yingkou stays
 * one node (§7 has no Yingkou). Zhanjiang (§7) has no 2024 anode exports in §8c and is left out rather
 * than given an invented limit.
 */
export const PORT_SITES: readonly PortSite[] = PORTS.flatMap((row): PortSite[] => {
  if (row.kind === "border") {
    return [
      {
        city: "alashankou",
        name: "Alashankou (overland rail)",
        province: "Xinjiang",
        exportsKt: OVERLAND_SPLIT.alashankou,
        kind: "border",
      },
      {
        city: "manzhouli",
        name: "Manzhouli (overland rail)",
        province: "Inner Mongolia",
        exportsKt: OVERLAND_SPLIT.manzhouli,
        kind: "border",
      },
    ];
  }
  if (row.city === "fangchenggang") {
    return [
      {
        city: "fangchenggang",
        name: "Fangchenggang",
        province: "Guangxi",
        exportsKt: BEIBU_GULF_SPLIT.fangchenggang,
        kind: "seaport",
      },
      {
        city: "qinzhou",
        name: "Qinzhou",
        province: "Guangxi",
        exportsKt: BEIBU_GULF_SPLIT.qinzhou,
        kind: "seaport",
      },
    ];
  }
  return [
    {
      city: row.city,
      name: row.name,
      province: row.province,
      exportsKt: row.exportsKt,
      kind: row.kind,
    },
  ];
});
