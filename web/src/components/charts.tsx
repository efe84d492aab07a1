// The plan's charts, drawn as plain SVG (no chart library: see web/README.md): cost by part per
// scenario, province surplus and deficit, exports by port against limits, plant utilisation, CO2
// against cost, marginal cost by province. Each is an image with a title and a description that
// carries its numbers, and a table of them under "Numbers".
import type { ComponentChildren } from "preact";
import type { Plan } from "../api.ts";
import {
  type Bar,
  costByPart,
  costParts,
  linearScale,
  marginalByProvince,
  type PlanPoint,
  planPoint,
  plantUtilisation,
  portExports,
  provinceBalance,
} from "../charts.ts";
import { plain } from "../format.ts";

export const width = 480;
const labelWidth = 150;
const valueGap = 56;
const rowHeight = 16;
const axisHeight = 34;
const top = 6;

const partColours: Record<string, string> = {
  production: "#1d4e89",
  transport: "#3d8fd1",
  handling: "#8fc1e8",
  carbon: "#2a9d5c",
  shortfall: "#c0392b",
  other: "#8a8f98",
};

/** One figure: its heading, the SVG with title and description, and its numbers as a table. */
export function Figure(props: {
  id: string;
  title: string;
  desc: string;
  height: number;
  children: ComponentChildren;
  /** `digits`: decimals of each column's numbers (one where not given). */
  table: { head: string[]; rows: (string | number)[][]; digits?: number[] };
}) {
  const { id, title } = props;
  return (
    <figure class="chart" data-testid={`chart-${id}`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${props.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{props.desc}</desc>
        {props.children}
      </svg>
      <details>
        <summary>Numbers</summary>
        <table class="chart-table">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {props.table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.table.rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) => (
                  <td key={`${i}:${cell}`}>
                    {typeof cell === "number" ? plain(cell, props.table.digits?.[i] ?? 1) : cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The value axis along the bottom, its ticks and its unit. */
export function Axis(props: {
  scale: (v: number) => number;
  ticks: number[];
  y: number;
  unit: string;
}) {
  const { scale, ticks, y } = props;
  return (
    <g class="axis">
      <line x1={scale(ticks[0] ?? 0)} x2={scale(ticks.at(-1) ?? 0)} y1={y} y2={y} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={scale(t)} x2={scale(t)} y1={y} y2={y + 4} />
          <text x={scale(t)} y={y + 14} text-anchor="middle">
            {plain(t, tickDigits(ticks))}
          </text>
        </g>
      ))}
      <text
        class="axis-unit"
        x={(scale(ticks[0] ?? 0) + scale(ticks.at(-1) ?? 0)) / 2}
        y={y + 28}
        text-anchor="middle"
      >
        {props.unit}
      </text>
    </g>
  );
}

/** Decimals that tell the ticks apart: none for a step of 1 or more, one for 0.1... */
export const tickDigits = (ticks: readonly number[]) => {
  const step = Math.abs((ticks[1] ?? 1) - (ticks[0] ?? 0)) || 1;
  return Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
};

const clip = (label: string) => (label.length > 22 ? `${label.slice(0, 21)}…` : label);

/** Horizontal bars with a zero line (negative values go left), value labels and marks (limits). */
function BarChart(props: {
  id: string;
  title: string;
  unit: string;
  bars: Bar[];
  colour: (bar: Bar) => string;
  digits?: number;
  /** Words for the description before the numbers. */
  lead: string;
}) {
  const { bars, digits = 0 } = props;
  const values = bars.flatMap((b) => [b.value, ...(b.marks ?? []).map((m) => m.value)]);
  const scale = linearScale(values, [labelWidth, width - valueGap]);
  const height = top + bars.length * rowHeight + axisHeight;
  const zero = scale(0);
  const fmt = (v: number) => plain(v, digits);
  const markNames = [...new Set(bars.flatMap((b) => (b.marks ?? []).map((m) => m.label)))];
  return (
    <Figure
      id={props.id}
      title={props.title}
      height={height}
      desc={`${props.lead} ${bars
        .map(
          (b) =>
            `${b.label} ${fmt(b.value)}${(b.marks ?? []).map((m) => `, ${m.label} ${fmt(m.value)}`).join("")}`,
        )
        .join("; ")} (${props.unit}).`}
      table={{
        head: ["", props.unit, ...markNames],
        rows: bars.map((b) => [
          b.label,
          b.value,
          ...markNames.map((n) => b.marks?.find((m) => m.label === n)?.value ?? ""),
        ]),
      }}
    >
      {bars.map((bar, i) => {
        const y = top + i * rowHeight;
        const x = scale(bar.value);
        return (
          <g key={bar.key} class="bar-row">
            <text class="bar-label" x={labelWidth - 6} y={y + rowHeight * 0.7} text-anchor="end">
              {clip(bar.label)}
            </text>
            <rect
              x={Math.min(x, zero)}
              y={y + 2}
              width={Math.max(Math.abs(x - zero), 0.5)}
              height={rowHeight - 4}
              fill={props.colour(bar)}
            />
            {(bar.marks ?? []).map((m) => (
              <line
                key={m.label}
                class={`mark ${m.label}`}
                x1={scale(m.value)}
                x2={scale(m.value)}
                y1={y}
                y2={y + rowHeight}
              />
            ))}
            <text
              class="bar-value"
              x={
                bar.value < 0
                  ? Math.max(x, zero) + 4
                  : Math.max(x, ...(bar.marks ?? []).map((m) => scale(m.value))) + 4
              }
              y={y + rowHeight * 0.7}
            >
              {fmt(bar.value)}
            </text>
          </g>
        );
      })}
      <line class="zero" x1={zero} x2={zero} y1={top} y2={top + bars.length * rowHeight} />
      <Axis
        scale={scale}
        ticks={scale.ticks}
        y={top + bars.length * rowHeight + 2}
        unit={props.unit}
      />
    </Figure>
  );
}

/** Cost by part, one stacked bar per plan (the shown one and the saved ones), bn CNY. */
export function CostByPartChart({
  plans,
  id = "cost-parts",
}: {
  plans: { key: string; label: string; totals: NonNullable<Plan["totals"]> }[];
  /** The figure's id: another where the chart shows twice (the comparison of several plans). */
  id?: string;
}) {
  const rows = plans.map((p) => ({ ...p, parts: costByPart(p.totals) }));
  const scale = linearScale(
    rows.map((r) => r.totals.totalCost / 1e9),
    [labelWidth, width - valueGap],
  );
  const legendHeight = 18;
  // Each key's swatch and label, about 6 units a character at 11 px.
  const legendX = costParts.map((_, i) =>
    costParts.slice(0, i).reduce((x, c) => x + 18 + c.label.length * 5.6, 0),
  );
  const height = legendHeight + top + rows.length * rowHeight + axisHeight;
  const y0 = legendHeight + top;
  return (
    <Figure
      id={id}
      title="Cost by part per scenario"
      height={height}
      desc={`Total cost and its parts per plan: ${rows
        .map(
          (r) =>
            `${r.label} ${plain(r.totals.totalCost / 1e9, 2)} (${costParts.map((c) => `${c.label.toLowerCase()} ${plain(r.parts[c.key], 2)}`).join(", ")})`,
        )
        .join("; ")} (bn CNY).`}
      table={{
        head: ["Plan", "Total, bn CNY", ...costParts.map((c) => `${c.label}, bn CNY`)],
        rows: rows.map((r) => [
          r.label,
          r.totals.totalCost / 1e9,
          ...costParts.map((c) => r.parts[c.key]),
        ]),
        digits: [0, 2, 2, 2, 2, 2, 2, 2],
      }}
    >
      <g class="chart-legend">
        {costParts.map((c, i) => (
          <g key={c.key} transform={`translate(${legendX[i] ?? 0},2)`}>
            <rect width="10" height="10" fill={partColours[c.key]} />
            <text x="13" y="9">
              {c.label}
            </text>
          </g>
        ))}
      </g>
      {rows.map((row, i) => {
        const y = y0 + i * rowHeight;
        let at = 0;
        return (
          <g key={row.key}>
            <text class="bar-label" x={labelWidth - 6} y={y + rowHeight * 0.7} text-anchor="end">
              {clip(row.label)}
            </text>
            {costParts.map((c) => {
              const v = Math.max(0, row.parts[c.key]);
              const x = scale(at);
              at += v;
              return (
                <rect
                  key={c.key}
                  x={x}
                  y={y + 2}
                  width={Math.max(0, scale(at) - x)}
                  height={rowHeight - 4}
                  fill={partColours[c.key]}
                />
              );
            })}
            <text class="bar-value" x={scale(at) + 4} y={y + rowHeight * 0.7}>
              {plain(row.totals.totalCost / 1e9, 2)}
            </text>
          </g>
        );
      })}
      <Axis
        scale={scale}
        ticks={scale.ticks}
        y={y0 + rows.length * rowHeight + 2}
        unit="Total cost, bn CNY"
      />
    </Figure>
  );
}

/** Each plan's transport CO2 against its total cost: what a tonne of CO2 less costs, by eye. */
export function Co2CostChart({ points, id = "co2-cost" }: { points: PlanPoint[]; id?: string }) {
  const height = 220;
  const left = 56;
  const bottom = height - axisHeight;
  const x = linearScale(
    points.map((p) => p.co2Kt),
    [left, width - 20],
  );
  // Cost differences between scenarios are small beside the total: the axis spans the plans' costs.
  const costs = points.map((p) => p.costBn);
  const pad = Math.max((Math.max(...costs) - Math.min(...costs)) * 0.1, Math.max(...costs) * 0.002);
  const y = linearScale(
    [Math.min(...costs) - pad, Math.max(...costs) + pad],
    [bottom, 10],
    4,
    false,
  );
  return (
    <Figure
      id={id}
      title="Transport CO2 against total cost"
      height={height}
      desc={`Each plan's transport CO2 (kt) and total cost (bn CNY): ${points
        .map((p) => `${p.label} ${plain(p.co2Kt, 1)} kt, ${plain(p.costBn, 2)} bn CNY`)
        .join("; ")}.`}
      table={{
        head: ["Plan", "Transport CO2, kt", "Total cost, bn CNY"],
        rows: points.map((p) => [p.label, p.co2Kt, p.costBn]),
        digits: [0, 1, 2],
      }}
    >
      <Axis scale={x} ticks={x.ticks} y={bottom} unit="Transport CO2, kt" />
      <g class="axis">
        <line x1={left} x2={left} y1={10} y2={bottom} />
        {y.ticks.map((t) => (
          <text key={t} x={left - 4} y={y(t) + 4} text-anchor="end">
            {plain(t, tickDigits(y.ticks))}
          </text>
        ))}
        <text
          class="axis-unit"
          transform={`translate(12,${(bottom + 10) / 2}) rotate(-90)`}
          text-anchor="middle"
        >
          Total cost, bn CNY
        </text>
      </g>
      {points.map((p, i) => (
        <g key={p.key} class="point">
          <circle cx={x(p.co2Kt)} cy={y(p.costBn)} r="5" />
          <text x={x(p.co2Kt) + 7} y={y(p.costBn) - 6 + (i % 2) * 16}>
            {clip(p.label)}
          </text>
        </g>
      ))}
    </Figure>
  );
}

/** The plan's own charts: provinces, ports, plants and marginal costs. */
export function PlanCharts({ plan, nameOf }: { plan: Plan; nameOf: (id: string) => string }) {
  const balance = provinceBalance(plan);
  const ports = portExports(plan, nameOf);
  const plants = plantUtilisation(plan, nameOf);
  const marginal = marginalByProvince(plan);
  return (
    <>
      {balance.length > 0 && (
        <BarChart
          id="province-balance"
          title="Province surplus (+) and deficit (−)"
          unit="kt per year shipped to (+) or from (−) other provinces"
          lead="Net tonnes each province ships to other provinces (surplus, positive) or takes from them (deficit, negative):"
          bars={balance}
          colour={(b) => (b.value >= 0 ? "#b35806" : "#542788")}
        />
      )}
      {ports.length > 0 && (
        <BarChart
          id="port-exports"
          title="Exports by port against its limits"
          unit="kt per year (ticks: minimum and maximum)"
          lead="Each port's exports with its minimum and maximum:"
          bars={ports}
          colour={(b) =>
            b.value >= (b.marks?.[1]?.value ?? Infinity) - 1e-6 ? "#c0392b" : "#1b7f79"
          }
        />
      )}
      {plants.length > 0 && (
        <BarChart
          id="plant-utilisation"
          title="Plant utilisation"
          unit="% of capacity"
          lead="Each plant's output as a share of its capacity:"
          bars={plants}
          colour={() => "#1d4e89"}
        />
      )}
      {marginal.length > 0 && (
        <BarChart
          id="marginal-cost"
          title="Marginal cost by province"
          unit="CNY per tonne delivered (next tonne of demand)"
          lead="What one more tonne of demand costs in each province:"
          bars={marginal}
          colour={() => "#a5521b"}
        />
      )}
    </>
  );
}

/** The charts section: the shown plan beside the saved plans of its dataset, then the plan's own. */
export function ChartsSection(props: {
  shown: { plan: Plan; label: string; planId?: string };
  /** The plan of the period chosen above the map, or the shown plan. */
  viewed: Plan;
  saved: readonly { id: string; name: string; totals: Plan["totals"] }[];
  nameOf: (id: string) => string;
}) {
  const { shown, viewed, saved, nameOf } = props;
  const plans = [
    ...(shown.plan.totals && !shown.planId
      ? [{ key: "shown", label: shown.label, totals: shown.plan.totals }]
      : []),
    ...saved.flatMap((s) => (s.totals ? [{ key: s.id, label: s.name, totals: s.totals }] : [])),
  ].slice(0, 12);
  return (
    <section class="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">Charts</h2>
      <div class="chart-grid">
        {plans.length > 0 && <CostByPartChart plans={plans} />}
        {plans.length > 0 && (
          <Co2CostChart points={plans.map((p) => planPoint(p.key, p.label, p.totals))} />
        )}
        {viewed.totals && <PlanCharts plan={viewed} nameOf={nameOf} />}
      </div>
    </section>
  );
}
