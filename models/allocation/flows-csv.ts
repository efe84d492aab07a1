// A plan's flows as RFC 4180 CSV, for spreadsheets and procurement systems.
import type { Plan, PlanFlow } from "./plan-schema.ts";

const columns: readonly [string, (flow: PlanFlow) => string | number][] = [
  ["from", (flow) => flow.from],
  ["to", (flow) => flow.to],
  ["mode", (flow) => flow.mode],
  ["tonnes", (flow) => flow.tonnes],
  ["distance_km", (flow) => flow.distanceKm],
  ["cost_per_t", (flow) => flow.costPerT],
  ["cost_cny", (flow) => flow.cost],
  ["co2_t", (flow) => flow.co2T],
];

/** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One row per flow, in plan order, after a header row; CRLF line ends, as RFC 4180 asks. A plan
 * that is not optimal has no flows, so it gives the header alone.
 */
export function flowsToCsv(plan: Plan): string {
  const rows = [
    columns.map(([name]) => name),
    ...plan.flows.map((flow) => columns.map(([, value]) => field(value(flow)))),
  ];
  return rows.map((row) => `${row.join(",")}\r\n`).join("");
}
