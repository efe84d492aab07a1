// Generates data/china-2024/network-monthly.json: network.json over the 12 months of 2024, with Yunnan's
// dry-season curtailment, the heating-season curbs and stocks at plants and smelters (provenance in
// monthly.md); run with `npx tsx data/china-2024/generate-monthly.ts`. A test checks the committed file.
import { fileURLToPath } from "node:url";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { OUTPUTS, writeOutputs } from "./generate.ts";

type Months<T> = readonly [T, T, T, T, T, T, T, T, T, T, T, T];

/** Days of each month of 2024 (a leap year): the periods' weights are days / 366. */
const DAYS: Months<number> = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Yunnan's operating aluminium capacity, Mt/yr, Jan-Dec 2024 (data brief 2 §1a: 4.49 Sourced for
 * Feb, +0.5 Mt from mid-April Sourced, full 1.15 Mt restored by 1 July Sourced; the months between
 * ESTIMATE, interpolated as the brief's table).
 */
const YUNNAN_OPERATING_MT: Months<number> = [
  4.49, 4.49, 4.55, 4.85, 5.1, 5.45, 5.64, 5.64, 5.64, 5.64, 5.64, 5.64,
];

/**
 * Capacity multiplier of standard and curbed (commercial, B/C-grade) plants inside the "2+26" and
 * Fenwei Plain control region in the heating season: -8 % Dec-Feb, -3 % Nov and Mar (data brief 2
 * §1c, model default, ESTIMATE). High-efficiency plants stand for A-grade lines, which are exempt.
 */
const HEATING_CURB: Months<number> = [0.92, 0.92, 0.97, 1, 1, 1, 1, 1, 1, 1, 0.97, 0.92];
const HEATING_PROVINCES = new Set(["Shandong", "Henan", "Hebei", "Shanxi", "Shaanxi"]);

/**
 * Stocks (ESTIMATE, monthly.md): a smelter holds up to one month of its demand, a plant half a month of
 * its capacity. Holding a tonne for a month costs its capital (about 4,000 CNY/t ex-VAT at 5 %/yr,
 * 17 CNY) plus storage and double handling: 25 CNY/t at a smelter, 20 at a plant's own yard. The
 * model's stock is seasonal stock above the working stock, so the year starts and ends at 0.
 */
const SMELTER_STOCK_MONTHS = 1;
const PLANT_STOCK_MONTHS = 0.5;
const SMELTER_HOLDING_PER_T_MONTH = 25;
const PLANT_HOLDING_PER_T_MONTH = 20;

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Yunnan's profile: its monthly rate over the year's day-weighted mean, so the year stays 5.6 Mt. */
function yunnanProfile(): number[] {
  const mean = YUNNAN_OPERATING_MT.reduce((sum, mt, t) => sum + (mt * (DAYS[t] ?? 0)) / 366, 0);
  return YUNNAN_OPERATING_MT.map((mt) => round(mt / mean, 6));
}

type Plant = NetworkInput["plants"][number];
type Smelter = NetworkInput["smelters"][number];

function monthlyPlant(plant: Plant): Plant {
  const curbed = HEATING_PROVINCES.has(plant.province) && !plant.highEfficiency;
  return {
    ...plant,
    ...(curbed ? { capacityProfile: [...HEATING_CURB] } : {}),
    inventory: {
      capacityT: Math.round((plant.capacityT * PLANT_STOCK_MONTHS) / 12),
      holdingCostPerTPerPeriod: PLANT_HOLDING_PER_T_MONTH,
      initialT: 0,
    },
  };
}

function monthlySmelter(smelter: Smelter, anodePerTonneAluminium: number): Smelter {
  const demandT = smelter.demandT ?? (smelter.aluminiumT ?? 0) * anodePerTonneAluminium;
  return {
    ...smelter,
    ...(smelter.province === "Yunnan" ? { demandProfile: yunnanProfile() } : {}),
    inventory: {
      capacityT: Math.round((demandT * SMELTER_STOCK_MONTHS) / 12),
      holdingCostPerTPerPeriod: SMELTER_HOLDING_PER_T_MONTH,
      initialT: 0,
    },
  };
}

/** network.json month by month. */
export function monthlyNetwork(): NetworkInput {
  const annual = OUTPUTS["network.json"]();
  const factor = annual.anodePerTonneAluminium ?? 0.45;
  return {
    ...annual,
    name: "China 2024 by month (provinces, paper's 0.45 t/t)",
    description:
      "network.json over the 12 months of 2024: Yunnan's dry-season curtailment, the heating-season curbs in the 2+26 and Fenwei region, and seasonal stocks at plants and smelters (provenance: data/china-2024/monthly.md).",
    periods: DAYS.map((days, t) => ({
      id: `2024-${String(t + 1).padStart(2, "0")}`,
      weight: days / 366,
    })),
    plants: annual.plants.map(monthlyPlant),
    smelters: annual.smelters.map((s) => monthlySmelter(s, factor)),
  };
}

export const MONTHLY_OUTPUTS = { "network-monthly.json": monthlyNetwork } as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOutputs(new URL(".", import.meta.url), MONTHLY_OUTPUTS);
}
