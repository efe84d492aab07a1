// Generates data/china-2024/network-monthly.json: network.json over the 12 months of 2024, with Yunnan's
// dry-season curtailment, the heating-season curbs and stocks at plants and smelters (provenance in
// monthly.md); run with `npx tsx data/china-2024/generate-monthly.ts`. A test checks the committed file.
import { fileURLToPath } from "node:url";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { OUTPUTS, writeOutputs } from "./generate.ts";
import { withLogistics } from "./logistics.ts";

const round = (value: number, digits: number) => Number(value.toFixed(digits));

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
 * its capacity. The model's stock is seasonal stock above the working stock, so the year starts and
 * ends at 0.
 */
const SMELTER_STOCK_MONTHS = 1;
const PLANT_STOCK_MONTHS = 0.5;

/**
 * Holding a tonne for a month costs the interest on what the holder has paid for it plus storage.
 * Interest: China's one-year loan prime rate in 2024, on which most loans are priced, 3.45 % to 21
 * July, 3.35 % to 20 October, 3.10 % after (Sourced, monthly.md), 3.356 %/yr day-weighted (DERIVED).
 * Capital: a plant's stock at its own production cost, a smelter's at its delivered price, both
 * ex-VAT as in network.json (3,009-3,929 CNY/t, the "~4,000 CNY/t" of the brief). Storage
 * (ESTIMATE): 0.5 CNY/t a month in a plant's own baked-anode yard, where seasonal stock lies beside
 * the working stock with no extra handling (insurance and upkeep, about 0.15 %/yr of the value); 3 at
 * a smelter, whose anode store takes seasonal stock as an extra unload and restack.
 */
const LPR_2024_PER_YEAR = (203 * 0.0345 + 91 * 0.0335 + 72 * 0.031) / 366;
const PLANT_STORAGE_PER_T_MONTH = 0.5;
const SMELTER_STORAGE_PER_T_MONTH = 3;
const holdingPerTMonth = (capitalPerT: number, storagePerT: number) =>
  round((capitalPerT * LPR_2024_PER_YEAR) / 12 + storagePerT, 2);

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
      holdingCostPerTPerPeriod: holdingPerTMonth(
        plant.productionCostPerT ?? 0,
        PLANT_STORAGE_PER_T_MONTH,
      ),
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
      holdingCostPerTPerPeriod: holdingPerTMonth(
        smelter.pricePerT ?? 0,
        SMELTER_STORAGE_PER_T_MONTH,
      ),
      initialT: 0,
    },
  };
}

/** Any network of the china-2024 sites month by month: periods, profiles and stocks by province. */
export function byMonth(annual: NetworkInput): NetworkInput {
  const factor = annual.anodePerTonneAluminium ?? 0.45;
  return {
    ...annual,
    periods: DAYS.map((days, t) => ({
      id: `2024-${String(t + 1).padStart(2, "0")}`,
      weight: days / 366,
    })),
    plants: annual.plants.map(monthlyPlant),
    smelters: annual.smelters.map((s) => monthlySmelter(s, factor)),
  };
}

/** network.json month by month, with the logistics (hubs, legs, corridors, contracts; logistics.ts). */
export function monthlyNetwork(): NetworkInput {
  const annual = OUTPUTS["network.json"]();
  return withLogistics({
    ...byMonth(annual),
    name: "China 2024 by month (provinces, paper's 0.45 t/t)",
    description:
      "network.json over the 12 months of 2024: Yunnan's dry-season curtailment, the heating-season curbs in the 2+26 and Fenwei region, seasonal stocks at plants and smelters (provenance: data/china-2024/monthly.md), and the logistics: coastal and Yangtze routes through hubs, rail corridor limits over their lines, captive-link contracts (data/china-2024/README.md, Logistics).",
  }) as NetworkInput;
}

export const MONTHLY_OUTPUTS = { "network-monthly.json": monthlyNetwork } as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOutputs(new URL(".", import.meta.url), MONTHLY_OUTPUTS);
}
