// The comparison as a planner reads it: a lane that moved from one mode to another as one row (a
// mode switch) rather than a removed and an added row, and the CO2 lines beside the costs.
import type { Comparison, Plan } from "../api.ts";

type FlowComparison = Comparison["flows"][number];

/** A row of the flows that moved: one lane, or a plant-to-destination pair that switched mode. */
export interface FlowMove {
  key: string;
  from: string;
  to: string;
  /** The lane's mode, or "rail → road" for a switch. */
  mode: string;
  change: FlowComparison["change"] | "mode switch";
  /** Tonnes per year on a and on b (for a switch: on a's mode and on b's), and b − a. */
  tonnes: { a: number; b: number; delta: number };
  /** Freight b − a, CNY per year. */
  cost: { delta: number };
  /** The flow the map highlights for this row: b's lane of a switch. */
  focusKey: string;
}

const asMove = (f: FlowComparison): FlowMove => ({
  key: f.key,
  from: f.from,
  to: f.to,
  mode: f.mode,
  change: f.change,
  tonnes: f.tonnes,
  cost: { delta: f.cost.delta },
  focusKey: f.key,
});

/**
 * The flows that moved, a lane removed in a and one added in b between the same plant and
 * destination paired as one mode switch (largest with largest where there are several), in the
 * comparison's order (largest move first), each switch where its removed lane was.
 */
export function flowMoves(flows: readonly FlowComparison[]): FlowMove[] {
  const pair = (f: FlowComparison) => `${f.from}>${f.to}`;
  const added = new Map<string, FlowComparison[]>();
  for (const f of flows) {
    if (f.change !== "added") continue;
    const list = added.get(pair(f)) ?? [];
    list.push(f);
    added.set(pair(f), list);
  }
  for (const list of added.values()) list.sort((x, y) => y.tonnes.b - x.tonnes.b);
  const removed = flows
    .filter((f) => f.change === "removed" && added.has(pair(f)))
    .sort((x, y) => y.tonnes.a - x.tonnes.a);
  const partner = new Map<FlowComparison, FlowComparison>();
  const taken = new Set<FlowComparison>();
  for (const r of removed) {
    const b = added.get(pair(r))?.find((f) => !taken.has(f));
    if (b === undefined) continue;
    partner.set(r, b);
    taken.add(b);
  }
  return flows.flatMap((f): FlowMove[] => {
    if (taken.has(f)) return [];
    const b = partner.get(f);
    if (b === undefined) return [asMove(f)];
    return [
      {
        key: `${f.key}|${b.key}`,
        from: f.from,
        to: f.to,
        mode: `${f.mode} → ${b.mode}`,
        change: "mode switch",
        tonnes: { a: f.tonnes.a, b: b.tonnes.b, delta: b.tonnes.b - f.tonnes.a },
        cost: { delta: f.cost.delta + b.cost.delta },
        focusKey: b.key,
      },
    ];
  });
}

type TotalsKey = keyof Comparison["totals"];

/** The comparison's CO2 lines (tonnes CO2e per year) that either plan has. */
export function co2Lines(comparison: Comparison): [TotalsKey, string][] {
  const lines: [TotalsKey, string][] = [
    // "CO2 from ...": the rows stay apart from the cost rows named Transport and Production.
    ["co2T", "CO2 from transport"],
    ["co2ProductionT", "CO2 from production"],
    ["co2TotalT", "CO2 in total"],
  ];
  return lines.filter(([key]) => {
    const entry = comparison.totals[key];
    return entry !== undefined && (entry.a !== null || entry.b !== null);
  });
}

/**
 * Whether a line's difference is coloured better or worse. Margin is not: under least cost it is
 * revenue less every cost, negative on most plans, and its difference only mirrors the costs
 * above it, so it is shown plainly rather than as an alarm.
 */
export const toneOf = (key: TotalsKey, higherIsBetter: ReadonlySet<TotalsKey>) =>
  key === "margin" ? undefined : higherIsBetter.has(key) ? ("higher" as const) : ("lower" as const);

type Totals = Plan["totals"];

/** A line of the several-plans table: a measure in its unit, per plan, and each plan less the first. */
export interface SetLine {
  key: string;
  label: string;
  values: (number | null)[];
  /** Each value less the baseline's (the first plan's); null for the baseline and missing values. */
  deltas: (number | null)[];
  digits: number;
}

const setMeasures: {
  key: string;
  label: string;
  of: (t: NonNullable<Totals>) => number | undefined;
  digits: number;
}[] = [
  { key: "totalCost", label: "Total cost, M CNY", of: (t) => t.totalCost / 1e6, digits: 1 },
  {
    key: "productionCost",
    label: "Production, M CNY",
    of: (t) => t.productionCost / 1e6,
    digits: 1,
  },
  { key: "transportCost", label: "Transport, M CNY", of: (t) => t.transportCost / 1e6, digits: 1 },
  { key: "carbonCost", label: "Carbon, M CNY", of: (t) => t.carbonCost / 1e6, digits: 1 },
  { key: "co2T", label: "Transport CO2, kt", of: (t) => t.co2T / 1e3, digits: 1 },
  {
    key: "co2TotalT",
    label: "Total CO2, kt",
    of: (t) => (t.co2TotalT === undefined ? undefined : t.co2TotalT / 1e3),
    digits: 1,
  },
  { key: "exportT", label: "Exports, kt", of: (t) => t.exportT / 1e3, digits: 1 },
  { key: "shortfallT", label: "Shortfall, kt", of: (t) => t.shortfallT / 1e3, digits: 1 },
];

/** The several-plans table: each measure any plan has, per plan, the first being the baseline. */
export function setLines(plans: readonly { totals: Totals }[]): SetLine[] {
  return setMeasures.flatMap((m) => {
    const values = plans.map((p) => (p.totals ? (m.of(p.totals) ?? null) : null));
    if (values.every((v) => v === null)) return [];
    const base = values[0] ?? null;
    const deltas = values.map((v, i) => (i === 0 || v === null || base === null ? null : v - base));
    return [{ key: m.key, label: m.label, values, deltas, digits: m.digits }];
  });
}
