// The economics of a plan as terminal text: regional mismatch, marginal costs, why each route, diagnosis.
import type { Diagnosis } from "../../models/allocation/diagnosis-schema.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import type { RegionsView } from "../../models/allocation/regions.ts";
import { fixed, kt, percent, textTable } from "./text-table.ts";

/** Rows shown of the unused lanes, nearest to use first; the JSON plan has more. */
const unusedLanesShown = 10;

const cnyOrDash = (value: number | null | undefined) =>
  value === null || value === undefined ? "-" : fixed(value);

type Detail = {
  previousTonnePerT: number | null;
  degenerate: boolean;
  range: { moreT: number | null; fewerT: number } | null;
} | null;

/** "-12.0 / +25.0" kt: how far the figure holds; "unlimited" above. */
function rangeText(detail: Detail | undefined): string {
  if (!detail?.range) return "-";
  const more = detail.range.moreT === null ? "unlimited" : `+${kt(detail.range.moreT)}`;
  return `-${kt(detail.range.fewerT)} / ${more}`;
}

const degenerateText = (detail: Detail | undefined) =>
  detail?.degenerate ? `yes (previous ${cnyOrDash(detail.previousTonnePerT)})` : "";

/** The regional mismatch table, surplus first, and the calibration line. */
export function regionsToText(view: RegionsView): string {
  const lines = [
    "Province balance and regional mismatch, surplus first (kt; net outflow > 0: supplies other provinces; marginal: CNY per next tonne at its smelters):",
    textTable(view.regions, [
      { header: "Province", value: (r) => r.province, align: "left" },
      { header: "Role", value: (r) => r.role, align: "left" },
      { header: "Capacity", value: (r) => kt(r.capacityT) },
      { header: "Output", value: (r) => kt(r.outputT) },
      { header: "Util.", value: (r) => (r.capacityT > 0 ? percent(r.utilization) : "-") },
      { header: "Demand", value: (r) => kt(r.demandT) },
      { header: "Exports", value: (r) => kt(r.exportT) },
      { header: "Net outflow", value: (r) => kt(r.netOutflowT) },
      { header: "Marginal CNY/t", value: (r) => cnyOrDash(r.marginalCostPerT) },
    ]),
  ];
  if (view.calibration) lines.push(`Calibration: ${view.calibration.note}`);
  if (view.periods) lines.push("", ...regionsByPeriodLines(view));
  return lines.join("\n");
}

/**
 * With periods: each province's net outflow and marginal cost by period (the annual marginal
 * costs are null there), provinces in the annual table's order.
 */
function regionsByPeriodLines(view: RegionsView): string[] {
  const periods = view.periods ?? [];
  const byPeriod = (
    field: "netOutflowT" | "marginalCostPerT",
    text: (v: number | null) => string,
  ) =>
    textTable(view.regions, [
      { header: "Province", value: (r) => r.province, align: "left" },
      ...periods.map((period) => ({
        header: period.id,
        value: (r: RegionsView["regions"][number]) => {
          const row = period.regions.find((p) => p.province === r.province);
          return row ? text(row[field]) : "-";
        },
      })),
    ]);
  return [
    "Net outflow by period (kt in the period; > 0: supplies other provinces):",
    byPeriod("netOutflowT", (v) => kt(v ?? 0)),
    "",
    "Marginal cost by period (CNY per next tonne of the period's demand at the province's smelters):",
    byPeriod("marginalCostPerT", cnyOrDash),
  ];
}

/** The CO2 cap line: emitted against the cap, and its implied carbon price where there is one. */
function co2CapLines(plan: Plan): string[] {
  const totals = plan.totals;
  if (totals?.co2CapT == null) return [];
  const price = totals.impliedCarbonPricePerT;
  return [
    `CO2 cap ${kt(totals.co2CapT)} kt, emitted ${kt(totals.co2T)} kt: ` +
      (price === null || price === undefined
        ? plan.sensitivity?.status === "skipped"
          ? "sensitivity analysis skipped, so no implied carbon price."
          : "no duals, so no implied carbon price."
        : price > 0
          ? `binding, implied carbon price ${fixed(price)} CNY per t CO2.`
          : "not binding (implied carbon price 0)."),
    "",
  ];
}

type SmelterRow = Plan["smelters"][number];

function mainSourceText(s: SmelterRow): string {
  const main = s.sources?.[0];
  if (!main) return "-";
  const more = (s.sources?.length ?? 1) > 1 ? ` +${(s.sources?.length ?? 1) - 1}` : "";
  return `${main.from} ${main.mode} (${fixed(main.deliveredCostPerT)})${more}`;
}

function smelterLines(plan: Plan): string[] {
  return [
    "Marginal cost by smelter (CNY/t: the cost of the NEXT tonne of demand; range: kt fewer / more it holds for):",
    textTable(plan.smelters, [
      { header: "Smelter", value: (s) => s.id, align: "left" },
      { header: "Marginal", value: (s) => cnyOrDash(s.marginalCostPerT) },
      { header: "Range kt", value: (s) => rangeText(s.marginal) },
      { header: "Degenerate", value: (s) => degenerateText(s.marginal), align: "left" },
      { header: "Main source (delivered CNY/t)", value: mainSourceText, align: "left" },
      {
        header: "Best unused alternative (delivered; gap)",
        value: (s) =>
          s.bestAlternative
            ? `${s.bestAlternative.from} ${s.bestAlternative.mode} (${fixed(s.bestAlternative.deliveredCostPerT)}; ${fixed(s.bestAlternative.reducedCostPerT)})`
            : "-",
        align: "left",
      },
    ]),
  ];
}

function plantLines(plan: Plan): string[] {
  const valued = plan.plants.filter((p) => (p.capacityValuePerT ?? 0) > 0);
  return [
    "",
    `Plants whose capacity binds (${valued.length}; value: CNY saved by one more tonne of capacity):`,
    valued.length === 0
      ? "  none"
      : textTable(valued, [
          { header: "Plant", value: (p) => p.id, align: "left" },
          { header: "Output kt", value: (p) => kt(p.outputT) },
          { header: "Value CNY/t", value: (p) => cnyOrDash(p.capacityValuePerT) },
          { header: "Range kt", value: (p) => rangeText(p.capacityValue) },
          { header: "Degenerate", value: (p) => degenerateText(p.capacityValue), align: "left" },
        ]),
  ];
}

function portLines(plan: Plan): string[] {
  if (plan.ports.length === 0) return [];
  return [
    "",
    "Marginal cost of minimum exports by port (CNY/t: one more tonne of minimum; 0 while exports exceed it):",
    textTable(plan.ports, [
      { header: "Port", value: (p) => p.id, align: "left" },
      { header: "Export kt", value: (p) => kt(p.exportT) },
      { header: "Min kt", value: (p) => kt(p.minExportT) },
      { header: "Marginal", value: (p) => cnyOrDash(p.marginalCostPerT) },
      { header: "Range kt", value: (p) => rangeText(p.marginal) },
      { header: "Degenerate", value: (p) => degenerateText(p.marginal), align: "left" },
    ]),
  ];
}

function unusedLaneLines(plan: Plan): string[] {
  const unused = (plan.unusedLanes ?? []).slice(0, unusedLanesShown);
  return [
    "",
    `Unused lanes nearest to use (${unused.length} of ${plan.unusedLaneCount ?? 0}; reduced cost: how much cheaper, CNY/t, before the plan would use it; 0: an equally cheap alternative):`,
    unused.length === 0
      ? "  none"
      : textTable(unused, [
          { header: "From", value: (l) => l.from, align: "left" },
          { header: "To", value: (l) => l.to, align: "left" },
          { header: "Mode", value: (l) => l.mode, align: "left" },
          { header: "Reduced cost", value: (l) => cnyOrDash(l.reducedCostPerT) },
        ]),
  ];
}

/** Marginal costs, capacity values, why each smelter is served as it is, and unused lanes. */
export function economicsToText(plan: Plan): string {
  const lines = co2CapLines(plan);
  if (plan.sensitivity && plan.sensitivity.status !== "exact") {
    lines.push(`Note: ${plan.sensitivity.note}`, "");
  }
  // Without the analysis every figure below is null: the note above says why.
  if (plan.sensitivity?.status === "unavailable" || plan.sensitivity?.status === "skipped")
    return lines.join("\n");
  lines.push(
    ...smelterLines(plan),
    ...plantLines(plan),
    ...portLines(plan),
    ...unusedLaneLines(plan),
  );
  return lines.join("\n");
}

/** Why a plan is infeasible: the conflicts and the cheapest relaxation. */
/** A conflict's quays, export markets and routes with their tonnes; none without markets. */
function exportSideText(conflict: Diagnosis["conflicts"][number]): string[] {
  const lines: string[] = [];
  const t = (tonnes: number) => `${fixed(tonnes, 0)} t`;
  if (conflict.quays?.length)
    lines.push(
      `    quays: ${conflict.quays.map((q) => `${q.port} (minimum export ${t(q.minExportT)}, ${t(q.tonnes)} on to markets)`).join(", ")}`,
    );
  if (conflict.markets?.length)
    lines.push(
      `    export markets: ${conflict.markets.map((m) => `${m.id} (sells ${t(m.tonnes)}${m.limitT === null ? "" : ` of at most ${t(m.limitT)}`})`).join(", ")}`,
    );
  if (conflict.routes?.length) lines.push(`    export routes: ${conflict.routes.join(", ")}`);
  return lines;
}

export function diagnosisToText(diagnosis: Diagnosis): string {
  const lines = ["Diagnosis:"];
  if (diagnosis.conflicts.length === 0) lines.push(`  ${diagnosis.summary}`);
  for (const conflict of diagnosis.conflicts) {
    lines.push(`  - ${conflict.description}`);
    if (conflict.lanes.length > 0) lines.push(`    lanes: ${conflict.lanes.join(", ")}`);
    if (conflict.stocks?.length)
      lines.push(`    stocks (holder@period it closes): ${conflict.stocks.join(", ")}`);
    lines.push(...exportSideText(conflict));
  }
  if (diagnosis.relaxation) {
    lines.push(
      `Cheapest relaxation (${kt(diagnosis.relaxation.totalT)} kt in all; the relaxed plan costs ${fixed(diagnosis.relaxation.costOfRelaxedPlan, 0)} CNY):`,
      ...diagnosis.relaxation.changes.map((c) => `  - ${c.description}`),
    );
  }
  return lines.join("\n");
}
