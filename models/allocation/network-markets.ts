// Export markets of the network format: tiered-price markets, port-to-market routes, and their checks.
import { z } from "zod";
import { cnyPerT, duplicateIds, type IssueSink, idSchema, tonnes } from "./network-primitives.ts";

export const marketTierSchema = z
  .object({
    upToT: tonnes
      .optional()
      .describe(
        "Cumulative tonnes per year the market takes up to the end of this tier; absent on the last tier: no limit",
      ),
    pricePerT: cnyPerT.describe(
      "Price delivered at the market (CFR / at the border), CNY per tonne ex-VAT, for the tonnes of this tier",
    ),
  })
  .strict()
  .describe("One price-quantity step of an export market's demand curve");

export const marketSchema = z
  .object({
    id: idSchema.describe("Market id, unique among markets"),
    name: z.string().min(1).max(200),
    tiers: z
      .array(marketTierSchema)
      .min(1)
      .max(100)
      .describe(
        "Price-quantity steps, upToT strictly increasing and pricePerT non-increasing (a concave revenue curve)",
      ),
  })
  .strict()
  .describe("An export market (a destination region) buying anodes at tiered prices");

export const exportRouteSchema = z
  .object({
    port: idSchema.describe("Port id"),
    market: idSchema.describe("Market id"),
    freightPerT: cnyPerT.describe(
      "Sea or overland freight from the port to the market, CNY per tonne (insurance included)",
    ),
    capacityT: tonnes.optional().describe("Most tonnes per year on this route"),
  })
  .strict()
  .describe("A route from an export port to an export market");

type MarketInput = Pick<z.output<typeof marketSchema>, "id" | "tiers">;
type ExportRouteInput = Pick<z.output<typeof exportRouteSchema>, "port" | "market">;

/** The parts of a network the market checks read. */
export interface MarketsOfNetwork {
  ports: readonly { id: string }[];
  markets?: readonly MarketInput[] | undefined;
  exportRoutes?: readonly ExportRouteInput[] | undefined;
}

/** Tiers a concave curve: upToT only omitted last and increasing, prices non-increasing. */
function checkTiers(market: MarketInput, i: number, ctx: IssueSink) {
  market.tiers.forEach((tier, j) => {
    const previous = market.tiers[j - 1];
    const at = (field: string) => ["markets", i, "tiers", j, field];
    if (tier.upToT === undefined && j < market.tiers.length - 1)
      ctx.addIssue({
        code: "custom",
        path: at("upToT"),
        message: "only the last tier may omit upToT",
      });
    if (previous?.upToT !== undefined && tier.upToT !== undefined && tier.upToT <= previous.upToT)
      ctx.addIssue({
        code: "custom",
        path: at("upToT"),
        message: `upToT must exceed the previous tier's ${previous.upToT}`,
      });
    if (previous && tier.pricePerT > previous.pricePerT)
      ctx.addIssue({
        code: "custom",
        path: at("pricePerT"),
        message: `pricePerT must not exceed the previous tier's ${previous.pricePerT} (revenue must be concave)`,
      });
  });
}

/** Routes resolve to a port and a market, each pair once. */
function checkExportRoutes(network: MarketsOfNetwork, ctx: IssueSink) {
  const portIds = new Set(network.ports.map((p) => p.id));
  const marketIds = new Set((network.markets ?? []).map((m) => m.id));
  const seen = new Map<string, number>();
  network.exportRoutes?.forEach((route, i) => {
    if (!portIds.has(route.port))
      ctx.addIssue({
        code: "custom",
        path: ["exportRoutes", i, "port"],
        message: `"${route.port}" is not a port id`,
      });
    if (!marketIds.has(route.market))
      ctx.addIssue({
        code: "custom",
        path: ["exportRoutes", i, "market"],
        message: `"${route.market}" is not a market id`,
      });
    const key = `${route.port}>${route.market}`;
    const first = seen.get(key);
    if (first !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["exportRoutes", i],
        message: `duplicate route ${key} (first at /exportRoutes/${first})`,
      });
    else seen.set(key, i);
  });
}

/** Market ids unique, tiers a concave curve, routes resolving to a port and a market, once each. */
export function checkMarkets(network: MarketsOfNetwork, ctx: IssueSink) {
  const markets = network.markets ?? [];
  duplicateIds(ctx, markets, "markets", new Map());
  markets.forEach((market, i) => {
    checkTiers(market, i, ctx);
  });
  checkExportRoutes(network, ctx);
}
