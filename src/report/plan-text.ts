// A plan as readable terminal text: status, cost parts, output, flows, the province balance and the economics.
import type { Network } from "../../models/allocation/network.ts";
import type { Plan, PlanFlow } from "../../models/allocation/plan-schema.ts";
import { regionalView } from "../../models/allocation/regions.ts";
import { diagnosisToText, economicsToText, regionsToText } from "./economics-text.ts";
import { hubsToText } from "./hubs-text.ts";
import { marketsToText, warningsToText } from "./markets-text.ts";
import { periodsToText } from "./periods-text.ts";
import { fixed, kt, mcny, percent, textTable } from "./text-table.ts";

/** A cost-table row for a field that older plans lack or that is 0 for a network without it. */
const optionalRow = (label: string, value: number | undefined): [string, number][] =>
  value ? [[label, value]] : [];

export function planToText(network: Network, plan: Plan): string {
  const lines = [
    `Plan for "${plan.network}": ${plan.status}` +
      ` (solver ${plan.solver.id} ${plan.solver.version}, ${fixed(plan.solver.ms, 0)} ms)`,
    ...warningsToText(plan),
  ];
  if (plan.status !== "optimal" || !plan.totals || !plan.objective) {
    if (plan.message) lines.push(plan.message);
    if (plan.diagnosis) lines.push("", diagnosisToText(plan.diagnosis));
    return `${lines.join("\n")}\n`;
  }
  const t = plan.totals;
  const objective = plan.objective.kind === "minCost" ? "total cost" : "margin";
  lines.push(
    `Objective (${plan.objective.kind}): ${objective} ${mcny(plan.objective.value)} M CNY`,
    "",
    textTable(
      [
        ["Production", t.productionCost],
        ["Transport", t.transportCost],
        ["Port handling", t.handlingCost],
        ...optionalRow("Export freight (port to market)", t.exportFreightCost),
        ...optionalRow("Surcharges (network surcharges[], e.g. fitted margins)", t.surchargeCost),
        ["Carbon", t.carbonCost],
        ["Shortfall penalty", t.shortfallPenalty],
        ...optionalRow("Holding stock", t.holdingCost),
        ...optionalRow("Hub handling", t.hubHandlingCost),
        ["Total cost", t.totalCost],
        ["Export revenue", t.exportRevenue],
        ...optionalRow("Domestic revenue", t.domesticRevenue),
      ] as [string, number][],
      [
        { header: "Cost part", value: (r) => r[0], align: "left" },
        { header: "M CNY", value: (r) => mcny(r[1]) },
        { header: "CNY/t of output", value: (r) => fixed(t.outputT > 0 ? r[1] / t.outputT : 0) },
      ],
    ),
    "",
    `Anode output ${kt(t.outputT)} kt of ${kt(t.capacityT)} kt capacity: utilisation ${percent(t.utilization)}` +
      `, idle ${kt(t.idleCapacityT)} kt; high-efficiency plants make ${percent(t.highEfficiencyShare)} of output.`,
    `Demand ${kt(t.demandT)} kt, delivered ${kt(t.deliveredT)} kt; exports ${kt(t.exportT)} kt;` +
      ` shortfall ${kt(t.shortfallT)} kt; transport CO2 ${kt(t.co2T)} kt` +
      (t.co2ProductionT ? `, production CO2 ${kt(t.co2ProductionT)} kt.` : "."),
    ...marketsToText(plan),
    ...hubsToText(plan),
    ...periodsToText(network, plan),
  );

  const provinceOf = new Map<string, string>();
  for (const node of [...network.plants, ...network.smelters, ...network.ports]) {
    provinceOf.set(node.id, node.province);
  }
  const portIds = new Set(network.ports.map((p) => p.id));
  const byTonnes = (a: PlanFlow, b: PlanFlow) => b.tonnes - a.tonnes;
  const flowColumns = [
    {
      header: "From",
      value: (f: PlanFlow) => `${f.from} (${provinceOf.get(f.from)})`,
      align: "left",
    },
    { header: "To", value: (f: PlanFlow) => `${f.to} (${provinceOf.get(f.to)})`, align: "left" },
    { header: "Mode", value: (f: PlanFlow) => f.mode, align: "left" },
    { header: "kt", value: (f: PlanFlow) => kt(f.tonnes) },
    { header: "km", value: (f: PlanFlow) => fixed(f.distanceKm, 0) },
    { header: "CNY/t", value: (f: PlanFlow) => fixed(f.costPerT) },
    // Beside freight, so a fitted margin is never read as part of it.
    ...(plan.surcharges
      ? [{ header: "Surcharge CNY/t", value: (f: PlanFlow) => fixed(f.surchargePerT ?? 0) }]
      : []),
  ] as const;
  const interProvincial = plan.flows
    .filter((f) => !portIds.has(f.to) && provinceOf.get(f.from) !== provinceOf.get(f.to))
    .sort(byTonnes);
  const exports = plan.flows.filter((f) => portIds.has(f.to)).sort(byTonnes);
  const local = plan.flows.length - interProvincial.length - exports.length;
  lines.push("", `Inter-provincial flows (${interProvincial.length}):`);
  lines.push(interProvincial.length > 0 ? textTable(interProvincial, flowColumns) : "  none");
  lines.push("", `Export flows (${exports.length}):`);
  lines.push(exports.length > 0 ? textTable(exports, flowColumns) : "  none");
  lines.push(`(${local} flows within a province are in the JSON plan: --json)`);

  lines.push("", regionsToText(regionalView(plan)), "", economicsToText(plan));
  return `${lines.join("\n")}\n`;
}
