// The plan's hubs and corridors as terminal text: throughput, capacity, handling and marginal values.
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { fixed, kt, mcny, percent, textTable } from "./text-table.ts";

const valuePerT = (value: number | null) => (value === null ? "-" : fixed(value));
const use = (used: number, capacity: number | null) =>
  capacity === null ? "-" : percent(capacity > 0 ? used / capacity : used > 0 ? 1 : 0);

/** Hubs and corridors of a plan whose network has them; nothing for a plan without. */
export function hubsToText(plan: Plan): string[] {
  const lines: string[] = [];
  const hubs = plan.hubs ?? [];
  const corridors = plan.corridors ?? [];
  const routed = plan.flows.filter((f) => (f.route?.length ?? 0) > 1);
  if (hubs.length > 0) {
    lines.push("", `Hubs (${hubs.length}; ${routed.length} routes pass through them):`);
    lines.push(
      textTable(hubs, [
        { header: "Hub", value: (h) => `${h.id} (${h.province}, ${h.kind})`, align: "left" },
        { header: "Through kt", value: (h) => kt(h.throughputT) },
        { header: "Capacity kt", value: (h) => (h.capacityT === null ? "-" : kt(h.capacityT)) },
        { header: "Use", value: (h) => use(h.throughputT, h.capacityT) },
        { header: "Handling M CNY", value: (h) => mcny(h.handlingCost) },
        { header: "Value CNY/t", value: (h) => valuePerT(h.marginalValuePerT) },
      ]),
    );
  }
  if (corridors.length > 0) {
    lines.push("", `Corridors (${corridors.length}):`);
    lines.push(
      textTable(corridors, [
        { header: "Corridor", value: (c) => `${c.id} (${c.name})`, align: "left" },
        { header: "Used kt", value: (c) => kt(c.usedT) },
        { header: "Capacity kt", value: (c) => kt(c.capacityT) },
        { header: "Use", value: (c) => use(c.usedT, c.capacityT) },
        { header: "Value CNY/t", value: (c) => valuePerT(c.marginalValuePerT) },
      ]),
    );
  }
  if (hubs.length + corridors.length > 0)
    lines.push(
      "(Value: what one more tonne of capacity would save, CNY/t; - without duals. Routes leg by leg are in the JSON plan: flows[].route)",
    );
  return lines;
}
