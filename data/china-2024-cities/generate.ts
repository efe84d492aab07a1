// Generates data/china-2024-cities/network.json and calibrated.json: the provincial dataset's totals
// spread over the cities of brief §7 (sites.ts), with the provincial rules for costs, curbs and floors.
// Run with `npm run data:build`; a test checks the committed JSON is exactly what this writes.
import { fileURLToPath } from "node:url";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { CITIES, NATIONAL, PROVINCES, type ProvinceRow } from "../china-2024/brief-tables.ts";
import {
  commonParts,
  domesticPricePerT,
  fittedChanges,
  kt,
  plantNodes,
  portNode,
  routesFor,
  withFittedCosts,
  writeOutputs,
} from "../china-2024/generate.ts";
import { byMonth } from "../china-2024/generate-monthly.ts";
import { landRoutes } from "../china-2024/land-routes.ts";
import { withSiteLogistics } from "../china-2024/logistics.ts";
import { marketNodes } from "../china-2024/markets.ts";
import {
  CAPTIVE_MIN_SHARE,
  costsPerT,
  isSmallProvince,
  ruleFor,
  type Split,
  slug,
  splitKt,
} from "../china-2024/rules.ts";
import { type PlantSite, PORT_SITES, SITES } from "./sites.ts";

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function sitesFor(province: string) {
  const sites = SITES[province];
  if (!sites) throw new Error(`no sites for province ${province}`);
  return sites;
}

/**
 * Splits `total` in proportion to `weights`, in steps of `step`, by largest remainder so that the
 * parts sum to `total` exactly (the provincial totals must survive the split).
 */
export function apportion(total: number, weights: readonly number[], step = 10): number[] {
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return weights.map(() => 0);
  const units = Math.round(total / step);
  const exact = weights.map((w) => (units * w) / weightSum);
  const parts = exact.map(Math.floor);
  let left = units - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, i) => ({ i, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts.map((p) => p * step);
}

/** Each site's split: its own high-efficiency capacity, the province's curbed share by standard capacity. */
export function siteSplits(row: ProvinceRow, plants: readonly PlantSite[]): Split[] {
  const { curbed } = splitKt(row);
  const standardKt = plants.map((s) => s.capacityKt - s.heKt);
  const curbedKt = apportion(curbed, standardKt);
  return plants.map((s, i) => ({
    he: s.heKt,
    curbed: curbedKt[i] ?? 0,
    standard: s.capacityKt - s.heKt - (curbedKt[i] ?? 0),
  }));
}

function plants(): NonNullable<NetworkInput["plants"]> {
  return PROVINCES.flatMap((row) => {
    const sites = sitesFor(row.province).plants;
    const splits = siteSplits(row, sites);
    const minShare = ruleFor(row.province).westernCaptive ? CAPTIVE_MIN_SHARE : 0;
    return sites.flatMap((site, i) =>
      plantNodes({
        id: `${slug(row.province)}-${kebab(site.city)}`,
        province: row.province,
        city: CITIES[site.city],
        split: splits[i] ?? { he: 0, standard: 0, curbed: 0 },
        cost: costsPerT(row),
        minShare,
        small: isSmallProvince(row),
      }),
    );
  });
}

function smelters(): NetworkInput["smelters"] {
  return PROVINCES.flatMap((row) =>
    sitesFor(row.province).smelters.map((site) => {
      const at = CITIES[site.city];
      return {
        id: `${slug(row.province)}-${kebab(site.city)}-smelters`,
        name: `${row.province} smelters (${at.name})`,
        province: row.province,
        lat: at.lat,
        lon: at.lon,
        aluminiumT: kt(site.aluminiumKt),
        pricePerT: domesticPricePerT(row.province),
      };
    }),
  );
}

export function buildCitiesNetwork(anodePerTonneAluminium: number, name: string): NetworkInput {
  const { modes, options } = commonParts();
  const ports = PORT_SITES.map((p) => portNode(p.city, p.name, p.province, p.exportsKt, p.kind));
  return {
    version: 1,
    name,
    anodePerTonneAluminium,
    modes,
    plants: plants(),
    smelters: smelters(),
    ports,
    markets: marketNodes(),
    exportRoutes: routesFor(ports),
    landRoutes: landRoutes(),
    options,
  };
}

export const OUTPUTS = {
  "network.json": () =>
    withFittedCosts(
      buildCitiesNetwork(
        NATIONAL.anodePerTonneAluminium.value,
        "China 2024 (cities, paper's 0.45 t/t)",
      ),
      fittedChanges(),
    ),
  "calibrated.json": () =>
    withFittedCosts(
      buildCitiesNetwork(
        NATIONAL.calibratedAnodePerTonneAluminium.value,
        "China 2024 (cities, calibrated 0.476 t/t)",
      ),
      fittedChanges(),
    ),
  /** network.json month by month (as the provinces' network-monthly.json) with hubs, legs and corridors. */
  "network-monthly.json": () =>
    withSiteLogistics({
      ...byMonth(
        withFittedCosts(
          buildCitiesNetwork(
            NATIONAL.anodePerTonneAluminium.value,
            "China 2024 by month (cities, paper's 0.45 t/t)",
          ),
          fittedChanges(),
        ),
      ),
      description:
        "network.json over the 12 months of 2024 (Yunnan's dry season, heating-season curbs, stocks; data/china-2024/monthly.md) with the provincial dataset's hubs, multimodal legs mapped onto the city sites and rail corridors over their lines (data/china-2024/README.md, Logistics); no contracts.",
    }) as NetworkInput,
} as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOutputs(new URL(".", import.meta.url), OUTPUTS);
}
