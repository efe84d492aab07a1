// A plan's warnings and export markets as terminal text: warnings go first, markets after the costs.
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { fixed, kt, mcny, textTable } from "./text-table.ts";

/** One line per warning, prefixed so a reader (or grep) cannot miss them; empty without any. */
export function warningsToText(plan: Plan): string[] {
  return (plan.warnings ?? []).map((w) => `WARNING ${w.code} ${w.subject}: ${w.message}`);
}

/** Markets by tonnes with their prices, and each exporting port's netback; empty without markets. */
export function marketsToText(plan: Plan): string[] {
  if (!plan.markets || plan.markets.length === 0) return [];
  const price = (value: number | null) => (value === null ? "-" : fixed(value, 0));
  return [
    "",
    "Export markets",
    textTable(
      [...plan.markets].sort((a, b) => b.tonnes - a.tonnes),
      [
        { header: "Market", value: (m) => m.id, align: "left" },
        { header: "kt", value: (m) => kt(m.tonnes) },
        { header: "M CNY", value: (m) => mcny(m.revenue) },
        { header: "Avg CNY/t", value: (m) => price(m.averagePricePerT) },
        { header: "Marginal CNY/t", value: (m) => price(m.marginalPricePerT) },
      ],
    ),
    "",
    "Ports: exports and netback (market price - freight - handling)",
    textTable(
      plan.ports.filter((p) => p.exportT > 0),
      [
        { header: "Port", value: (p) => p.id, align: "left" },
        { header: "kt", value: (p) => kt(p.exportT) },
        { header: "Netback CNY/t", value: (p) => price(p.netbackPerT ?? null) },
        {
          header: "Markets (kt)",
          value: (p) => (p.markets ?? []).map((m) => `${m.market} ${kt(m.tonnes)}`).join(", "),
          align: "left",
        },
      ],
    ),
  ];
}
