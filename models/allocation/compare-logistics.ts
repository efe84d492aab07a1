// Comparison of two plans' logistics: each hub's throughput, each corridor's use and each contract's
// tonnes, with their marginal values, in a and b (plans without hubs, corridors or contracts add
// nothing, so the comparison of two plain plans reads as before).
import { z } from "zod";
import { type Amount, amount, amountOrNull, triple } from "./compare-amounts.ts";
import type { Plan } from "./plan-schema.ts";

type AmountOrNull = z.infer<ReturnType<typeof amountOrNull>>;

const perT = (what: string) =>
  amountOrNull(`marginal value of ${what}, CNY per tonne (null without duals or without the row)`);

export const hubComparisonSchema = z.object({
  id: z.string().describe("Hub id"),
  name: z.string().describe("Hub name (b's where both have it)"),
  throughputT: amount("tonnes through the hub per year (0 where the plan has no such hub)"),
  handlingCost: amount("handling at the hub, CNY per year"),
  marginalValuePerT: perT("one more tonne of hub capacity"),
});

export const corridorComparisonSchema = z.object({
  id: z.string().describe("Corridor id"),
  name: z.string().describe("Corridor name (b's where both have it)"),
  usedT: amount("tonnes on the corridor per year"),
  capacityT: amountOrNull(
    "the corridor's capacity, tonnes per year (null where the plan lacks it)",
  ),
  marginalValuePerT: perT("one more tonne of corridor capacity"),
});

export const contractComparisonSchema = z.object({
  id: z.string().describe("Contract id"),
  to: z.string().describe("Smelter or port id (b's where both have it)"),
  tonnes: amount("tonnes on the contract per year (0 where the plan has no such contract)"),
  minT: amountOrNull("contracts[].minT, tonnes per year (null where the plan lacks the contract)"),
  maxT: amountOrNull("contracts[].maxT, tonnes per year (null without one)"),
  binding: z
    .object({
      a: z.enum(["min", "max"]).nullable(),
      b: z.enum(["min", "max"]).nullable(),
    })
    .describe("The bound each plan's tonnes sit at; null when between or without the contract"),
  marginalValuePerT: perT("one more tonne of the binding bound"),
});

export const logisticsComparisonShape = {
  hubs: z
    .array(hubComparisonSchema)
    .optional()
    .describe(
      "Only when both plans are optimal and either has hubs: every hub of either, largest throughput move first",
    ),
  corridors: z
    .array(corridorComparisonSchema)
    .optional()
    .describe(
      "Only when both plans are optimal and either has corridors: every corridor of either, largest move first",
    ),
  contracts: z
    .array(contractComparisonSchema)
    .optional()
    .describe(
      "Only when both plans are optimal and either has contracts: every contract of either, largest move first",
    ),
};

export type HubComparison = z.infer<typeof hubComparisonSchema>;
export type CorridorComparison = z.infer<typeof corridorComparisonSchema>;
export type ContractComparison = z.infer<typeof contractComparisonSchema>;

const orNull = (a: number | null | undefined, b: number | null | undefined): AmountOrNull => {
  const va = a ?? null;
  const vb = b ?? null;
  return { a: va, b: vb, delta: va === null || vb === null ? null : vb - va };
};

/** Rows of either plan by id, a's then b's order, with the moved amount to sort by. */
function matched<Row extends { id: string }, Out>(
  rowsA: readonly Row[] | undefined,
  rowsB: readonly Row[] | undefined,
  build: (a: Row | undefined, b: Row | undefined) => Out,
  moved: (out: Out) => Amount,
): Out[] | undefined {
  if (rowsA === undefined && rowsB === undefined) return undefined;
  const byA = new Map((rowsA ?? []).map((row) => [row.id, row]));
  const byB = new Map((rowsB ?? []).map((row) => [row.id, row]));
  const ids = [...new Set([...byA.keys(), ...byB.keys()])];
  return ids
    .map((id) => build(byA.get(id), byB.get(id)))
    .map((out, index) => ({ out, index }))
    .sort(
      (x, y) => Math.abs(moved(y.out).delta) - Math.abs(moved(x.out).delta) || x.index - y.index,
    )
    .map(({ out }) => out);
}

/** Hubs, corridors and contracts of two optimal plans, each only where either plan has any. */
export function compareLogistics(
  a: Plan,
  b: Plan,
): { hubs?: HubComparison[]; corridors?: CorridorComparison[]; contracts?: ContractComparison[] } {
  const hubs = matched(
    a.hubs,
    b.hubs,
    (ha, hb): HubComparison => ({
      id: (hb ?? ha)?.id ?? "",
      name: (hb ?? ha)?.name ?? "",
      throughputT: triple(ha?.throughputT ?? 0, hb?.throughputT ?? 0),
      handlingCost: triple(ha?.handlingCost ?? 0, hb?.handlingCost ?? 0),
      marginalValuePerT: orNull(ha?.marginalValuePerT, hb?.marginalValuePerT),
    }),
    (row) => row.throughputT,
  );
  const corridors = matched(
    a.corridors,
    b.corridors,
    (ca, cb): CorridorComparison => ({
      id: (cb ?? ca)?.id ?? "",
      name: (cb ?? ca)?.name ?? "",
      usedT: triple(ca?.usedT ?? 0, cb?.usedT ?? 0),
      capacityT: orNull(ca?.capacityT, cb?.capacityT),
      marginalValuePerT: orNull(ca?.marginalValuePerT, cb?.marginalValuePerT),
    }),
    (row) => row.usedT,
  );
  const contracts = matched(
    a.contracts,
    b.contracts,
    (ka, kb): ContractComparison => ({
      id: (kb ?? ka)?.id ?? "",
      to: (kb ?? ka)?.to ?? "",
      tonnes: triple(ka?.tonnes ?? 0, kb?.tonnes ?? 0),
      minT: orNull(ka?.minT, kb?.minT),
      maxT: orNull(ka?.maxT, kb?.maxT),
      binding: { a: ka?.binding ?? null, b: kb?.binding ?? null },
      marginalValuePerT: orNull(ka?.marginalValuePerT, kb?.marginalValuePerT),
    }),
    (row) => row.tonnes,
  );
  return {
    ...(hubs ? { hubs } : {}),
    ...(corridors ? { corridors } : {}),
    ...(contracts ? { contracts } : {}),
  };
}
