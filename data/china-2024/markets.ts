// The price basis and the export economics of the china-2024 datasets: VAT conversion, export
// markets with tiered prices, port-to-market freight, regional domestic prices and production CO2.
// Every figure is cited to data-brief.md ("brief 1") or data-brief-2.md ("brief 2") by section.
import type { NetworkInput } from "../../models/allocation/network.ts";
import { CNY_PER_USD } from "./brief-tables.ts";
import type { InputRegion } from "./rules.ts";

/**
 * VAT (brief 2 §2d, Sourced): 13 % on manufactured goods (SMM prices and the brief's cost bands
 * include it) and 9 % on transport services. Every CNY figure of the dataset is ex-VAT: VAT is
 * passed on and reclaimed along the chain, so it is not a cost to the industry.
 */
export const VAT = { goods: 0.13, transport: 0.09 } as const;

/** A VAT-inclusive goods price (CNY/t) ex-VAT, rounded to the yuan. */
export const exGoodsVat = (cnyPerT: number) => Math.round(cnyPerT / (1 + VAT.goods));
/** A VAT-inclusive transport or handling charge ex-VAT, to 0.01 CNY (rates per km keep 4 places). */
export const exTransportVat = (cny: number, places = 2) =>
  Number((cny / (1 + VAT.transport)).toFixed(places));

const usd = (value: number) => Math.round(value * CNY_PER_USD.value);

/**
 * Export prices (ex-VAT: exports carry no VAT). Central FOB 2024 USD 580-640/t (brief 2 §2b,
 * DERIVED/ESTIMATE), midpoint 610; brief 1's USD 480-560/t is the low case, midpoint 520. The
 * export VAT rebate on HS 8545.11 is not confirmed (brief 2 §2d): the dataset takes case (a),
 * a full 13 % rebate, so exports are VAT-free at the margin and the ex-VAT costs apply as they are.
 * Case (b), no rebate, would make 13 % of the ex-VAT input cost (~390 CNY/t) a cost of exporting.
 */
export const FOB = {
  centralPerT: usd(610),
  lowPerT: usd(520),
  /** ESTIMATE: the price beyond a market's 2024 volume plus 5 %: the HE cost floor, unprofitable. */
  distressPerT: exGoodsVat(3_400),
} as const;

/** A market of brief 1 §4b's destinations, grouped; its 2024 volume and freight from north China. */
interface MarketRow {
  id: string;
  name: string;
  /** 2024 tonnes, kt (brief 1 §4b ESTIMATE, grouped as in `countries`). */
  volumeKt: number;
  countries: string;
  /** Sea freight from a north-China port, USD/t (brief 1 §6c, brief 2 §2c; ESTIMATE). */
  seaUsdPerT: number | null;
  /** Overland rail freight from the border crossing, USD/t (ESTIMATE: brief 2 §2c finds none). */
  overlandUsdPerT: number | null;
}

/**
 * Brief 1 §4b's 2024 destination split (ESTIMATE) in six markets; the "Others" 226 kt is split
 * 40 / 60 / 126 kt among Central Asia, Oceania and the Americas-Africa group (ESTIMATE).
 */
export const MARKETS: readonly MarketRow[] = [
  {
    id: "gulf",
    name: "Gulf (UAE, Bahrain, Saudi Arabia, Oman)",
    volumeKt: 580,
    countries: "UAE 220, Bahrain 200, Saudi Arabia 100, Oman 60",
    seaUsdPerT: 37.5,
    overlandUsdPerT: null,
  },
  {
    id: "india",
    name: "India",
    volumeKt: 300,
    countries: "India 300",
    seaUsdPerT: 37.5,
    overlandUsdPerT: null,
  },
  {
    id: "europe",
    name: "Europe (Norway, Iceland, EU, Turkey)",
    volumeKt: 360,
    countries: "Norway 150, Iceland 90, Europe and Turkey 120",
    seaUsdPerT: 57.5,
    overlandUsdPerT: null,
  },
  {
    id: "russia-central-asia",
    name: "Russia and Central Asia",
    volumeKt: 390,
    countries: "Russia 350, Kazakhstan/Tajikistan/Azerbaijan 40 of Others",
    seaUsdPerT: 75,
    overlandUsdPerT: 45,
  },
  {
    id: "southeast-asia-oceania",
    name: "South-east Asia and Oceania",
    volumeKt: 250,
    countries: "Malaysia 150, Indonesia 40, Australia/NZ 60 of Others",
    seaUsdPerT: 20,
    overlandUsdPerT: null,
  },
  {
    id: "americas-africa",
    name: "Americas and Africa",
    volumeKt: 286,
    countries: "Canada 120, Egypt 40, Mozambique/South Africa/Iran and others 126 of Others",
    seaUsdPerT: 60,
    overlandUsdPerT: null,
  },
];

/** Beibu Gulf ports sail ~USD 5/t less to the Indian Ocean and ~10 more to Russia (ESTIMATE). */
const SOUTH_SEA_DISCOUNT_USD = { "russia-central-asia": -10, default: 5 } as const;

/**
 * Tiers (ESTIMATE, the shape of the demand curve): the 2024 volume at the central FOB plus the
 * market's freight, the next 5 % at the low-case FOB, anything more at the distress price.
 */
export function marketNodes(): NonNullable<NetworkInput["markets"]> {
  return MARKETS.map((m) => {
    const freight = usd(m.seaUsdPerT ?? m.overlandUsdPerT ?? 0);
    const volumeT = m.volumeKt * 1000;
    return {
      id: m.id,
      name: m.name,
      tiers: [
        { upToT: volumeT, pricePerT: FOB.centralPerT + freight },
        { upToT: Math.round(volumeT * 1.05), pricePerT: FOB.lowPerT + freight },
        { pricePerT: FOB.distressPerT + freight },
      ],
    };
  });
}

/** Routes: every seaport to every market with sea freight, each border crossing overland. */
export function exportRoutes(
  ports: readonly { id: string; province: string; kind: "seaport" | "border" }[],
): NonNullable<NetworkInput["exportRoutes"]> {
  return ports.flatMap((port) =>
    MARKETS.flatMap((m) => {
      const usdPerT = port.kind === "border" ? m.overlandUsdPerT : m.seaUsdPerT;
      if (usdPerT === null) return [];
      const south = port.province === "Guangxi";
      const adjust = !south
        ? 0
        : m.id === "russia-central-asia"
          ? SOUTH_SEA_DISCOUNT_USD["russia-central-asia"]
          : SOUTH_SEA_DISCOUNT_USD.default;
      return [{ port: port.id, market: m.id, freightPerT: usd(usdPerT - adjust) }];
    }),
  );
}

/**
 * Delivered domestic prices, ex-VAT. East: the Shandong smelter benchmark, Q1-Q3 2024 average
 * 3,751 CNY/t (brief 1 §5, Sourced). North-west: the SMM delivered range, midpoint of Mar 2024
 * (4,328-4,698) and Dec 2024 (4,197-4,537), 4,440 (brief 2 §6a, Sourced/DERIVED). North and
 * south-west: no published range; ESTIMATE halfway (north) and at the north-west level (south-west,
 * as far from the Shandong surplus by rail).
 */
export const DOMESTIC_PRICE_PER_T: Record<InputRegion, number> = {
  east: exGoodsVat(3_751),
  north: exGoodsVat((3_751 + 4_440) / 2),
  northwest: exGoodsVat(4_440),
  southwest: exGoodsVat(4_440),
};

/**
 * Production CO2 by plant class, kg CO2e per tonne of anode, gate-to-gate with calcining (brief 2
 * §4a, ESTIMATE built on IAI/EU energy data and IPCC defaults): the midpoints of high-efficiency
 * 0.50-0.60, average Chinese 0.60-0.75 and old or small 0.75-0.95 t/t.
 */
export const PRODUCTION_CO2_KG_PER_T = { he: 550, standard: 675, small: 850 } as const;
