// Generates data/china-2024/network.json and calibrated.json from the brief's tables (brief-tables.ts)
// and the dataset's rules (rules.ts); run with `npm run data:build`. The JSON is committed, and a
// test checks it is exactly what this file writes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { NetworkInput } from "../../models/allocation/network.ts";
import { CITIES, type City, MODES, NATIONAL, PORTS, PROVINCES } from "./brief-tables.ts";
import { applyCalibration } from "./calibration-parameters.ts";
import { landRoutes } from "./land-routes.ts";
import {
  DOMESTIC_PRICE_PER_T,
  exGoodsVat,
  exportRoutes,
  exTransportVat,
  marketNodes,
  PRODUCTION_CO2_KG_PER_T,
} from "./markets.ts";
import {
  CAPTIVE_MIN_SHARE,
  costsPerT,
  exportLimitsT,
  HANDLING,
  isSmallProvince,
  OVERLAND_SPLIT,
  ruleFor,
  type Split,
  slug,
  splitKt,
} from "./rules.ts";

type PlantNode = NonNullable<NetworkInput["plants"]>[number];
type PortNode = NonNullable<NetworkInput["ports"]>[number];

/** Tonnes from kt, rounded to the tonne so that sums stay exact. */
export const kt = (value: number) => Math.round(value * 1000);

/**
 * The plant nodes of one site: a high-efficiency plant, a standard plant, and in curbed provinces
 * the curb-restricted share of standard capacity. Empty parts are left out. `cost` is VAT-inclusive
 * as the brief's bands; the nodes carry it ex-VAT, with the production CO2 of their class.
 */
export function plantNodes(site: {
  id: string;
  province: string;
  city: City;
  split: Split;
  cost: Split;
  minShare: number;
  small: boolean;
}): PlantNode[] {
  const { id, province, city, split, cost, minShare, small } = site;
  const co2 = PRODUCTION_CO2_KG_PER_T;
  const base = { province, lat: city.lat, lon: city.lon };
  const nodes: PlantNode[] = [];
  if (split.he > 0) {
    nodes.push({
      id: `${id}-he`,
      name: `${province} high-efficiency plants (${city.name})`,
      ...base,
      capacityT: kt(split.he),
      minOutputT: kt(split.he * minShare),
      productionCostPerT: exGoodsVat(cost.he),
      co2KgPerT: co2.he,
      highEfficiency: true,
    });
  }
  if (split.standard > 0) {
    nodes.push({
      id: `${id}-std`,
      name: `${province} standard plants (${city.name})`,
      ...base,
      capacityT: kt(split.standard),
      minOutputT: kt(split.standard * minShare),
      productionCostPerT: exGoodsVat(cost.standard),
      co2KgPerT: small ? co2.small : co2.standard,
      highEfficiency: false,
    });
  }
  if (split.curbed > 0) {
    nodes.push({
      id: `${id}-curbed`,
      name: `${province} standard plants, curb-restricted share (${city.name})`,
      ...base,
      capacityT: kt(split.curbed),
      minOutputT: 0,
      productionCostPerT: exGoodsVat(cost.curbed),
      co2KgPerT: small ? co2.small : co2.standard,
      highEfficiency: false,
    });
  }
  return nodes;
}

function plants(): PlantNode[] {
  return PROVINCES.flatMap((row) => {
    const rule = ruleFor(row.province);
    return plantNodes({
      id: slug(row.province),
      province: row.province,
      city: CITIES[rule.plantCity],
      split: splitKt(row),
      cost: costsPerT(row),
      minShare: rule.westernCaptive ? CAPTIVE_MIN_SHARE : 0,
      small: isSmallProvince(row),
    });
  });
}

function smelters(): NetworkInput["smelters"] {
  return PROVINCES.filter((row) => row.aluminiumKt > 0).map((row) => {
    const { smelterCity } = ruleFor(row.province);
    if (!smelterCity) throw new Error(`${row.province} has aluminium but no smelter city`);
    const at = CITIES[smelterCity];
    return {
      id: `${slug(row.province)}-smelters`,
      name: `${row.province} smelters (${at.name})`,
      province: row.province,
      lat: at.lat,
      lon: at.lon,
      aluminiumT: kt(row.aluminiumKt),
      pricePerT: domesticPricePerT(row.province),
    };
  });
}

/** The delivered domestic price of a province's smelters, CNY/t ex-VAT (markets.ts). */
export const domesticPricePerT = (province: string) =>
  DOMESTIC_PRICE_PER_T[ruleFor(province).region];

/** Export routes of a dataset's ports: overland from the border crossings, by sea from the rest. */
export function routesFor(ports: readonly PortNode[]): NonNullable<NetworkInput["exportRoutes"]> {
  const borders = new Set(Object.keys(OVERLAND_SPLIT).map((key) => `port-${key}`));
  return exportRoutes(ports.map((p) => ({ ...p, kind: borders.has(p.id) ? "border" : "seaport" })));
}

/** An export node at a §7 city with its 2024 exports in kt. */
export function portNode(
  key: keyof typeof CITIES,
  name: string,
  province: string,
  exportsKt: number,
  kind: keyof typeof HANDLING,
): PortNode {
  const at = CITIES[key];
  return {
    id: `port-${key}`,
    name,
    province,
    lat: at.lat,
    lon: at.lon,
    ...exportLimitsT(exportsKt),
    // Exports earn the markets' prices (markets.ts), so the port itself adds no FOB price.
    fobPricePerT: 0,
    handlingCostPerT: exTransportVat(HANDLING[kind]),
  };
}

function ports(): PortNode[] {
  return PORTS.flatMap((row) =>
    row.kind === "border"
      ? [
          portNode(
            "alashankou",
            "Alashankou (overland rail)",
            "Xinjiang",
            OVERLAND_SPLIT.alashankou,
            "border",
          ),
          portNode(
            "manzhouli",
            "Manzhouli (overland rail)",
            "Inner Mongolia",
            OVERLAND_SPLIT.manzhouli,
            "border",
          ),
        ]
      : [portNode(row.city, row.name, row.province, row.exportsKt, "seaport")],
  );
}

/** Modes and options, the same in every china-2024 dataset. */
export function commonParts(): Pick<NetworkInput, "modes" | "options"> {
  return {
    // Rail's published tariff includes the 9 % transport VAT; the road rule is fitted ex-VAT (§6b).
    modes: MODES.map((m) => ({
      id: m.id,
      fixedCostPerT: m.id === "rail" ? exTransportVat(m.fixedCostPerT) : m.fixedCostPerT,
      costPerTKm: m.id === "rail" ? exTransportVat(m.costPerTKm, 4) : m.costPerTKm,
      co2KgPerTKm: m.co2KgPerTKm,
      circuity: m.circuity,
    })),
    options: {
      objective: "minCost",
      shortfallPenaltyPerT: 20_000,
      allowShortfall: false,
      carbonPricePerT: 0,
    },
  };
}

/** The provincial network; `anodePerTonneAluminium` is the paper's 0.45 or the calibrated 0.476. */
export function buildNetwork(anodePerTonneAluminium: number, name: string): NetworkInput {
  const { modes, options } = commonParts();
  const portNodes = ports();
  return {
    version: 1,
    name,
    anodePerTonneAluminium,
    modes,
    plants: plants(),
    smelters: smelters(),
    ports: portNodes,
    markets: marketNodes(),
    exportRoutes: routesFor(portNodes),
    landRoutes: landRoutes(),
    options,
  };
}

// Both datasets carry the fitted costs: the anode factor is a demand assumption apart from them.
export const OUTPUTS = {
  "network.json": () => paperNetwork(fittedChanges()),
  "calibrated.json": () => calibratedNetwork(fittedChanges()),
} as const;

/** The paper's 0.45 t/t with the costs `npm run calibrate` fitted (on the calibrated dataset). */
export function paperNetwork(changes: Readonly<Record<string, number>>): NetworkInput {
  const network = buildNetwork(
    NATIONAL.anodePerTonneAluminium.value,
    "China 2024 (provinces, paper's 0.45 t/t)",
  );
  return withFittedCosts(network, changes);
}

/** The calibrated dataset: 0.476 t/t and, where `npm run calibrate` fitted them, its cost changes. */
export function calibratedNetwork(changes: Readonly<Record<string, number>>): NetworkInput {
  const network = buildNetwork(
    NATIONAL.calibratedAnodePerTonneAluminium.value,
    "China 2024 (provinces, calibrated 0.476 t/t)",
  );
  return withFittedCosts(network, changes);
}

/** A network of the china-2024 rules with the fitted changes applied, and a description naming them. */
export function withFittedCosts(
  network: NetworkInput,
  changes: Readonly<Record<string, number>>,
): NetworkInput {
  const fitted = Object.entries(changes).filter(([, change]) => change !== 0);
  if (fitted.length === 0) return network;
  return {
    ...applyCalibration(network, changes),
    description: `Costs calibrated to SMM's March 2024 prices by npm run calibrate (data/china-2024/calibration.md); changes to the rules' estimates: ${fitted.map(([id, change]) => `${id} ${Number(change.toFixed(4))}`).join(", ")}.`,
  };
}

/** The fitted changes of data/china-2024/calibration.json (written by calibrate.ts); none before the first fit. */
export function fittedChanges(): Record<string, number> {
  const file = new URL("calibration.json", import.meta.url);
  if (!existsSync(file)) return {};
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    parameters: { id: string; change: number }[];
  };
  return Object.fromEntries(report.parameters.map((p) => [p.id, p.change]));
}

/** The exact text written for a network: two-space JSON with a final newline. */
export function render(network: NetworkInput): string {
  return `${JSON.stringify(network, null, 2)}\n`;
}

/** Writes each output next to the generator that calls this. */
export function writeOutputs(dir: URL, outputs: Record<string, () => NetworkInput>): void {
  for (const [file, make] of Object.entries(outputs)) {
    const target = new URL(file, dir);
    writeFileSync(target, render(make()));
    console.log(`wrote ${fileURLToPath(target)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOutputs(new URL(".", import.meta.url), OUTPUTS);
}
