// The Months tab of a plan with periods: totals by period, inflow by receiving province, closing
// stock by holder and marginal cost by province, as the CLI prints them (tonnes in the period, kt;
// holding cost in k CNY; marginal costs in CNY/t).
import type { Plan } from "../api.ts";
import { kt, plain } from "../format.ts";
import {
  type ByPeriodRow,
  inflowByPeriod,
  marginalByPeriod,
  type PeriodTotals,
  periodTotals,
  stockByPeriod,
} from "../state/period-view.ts";
import { percentColumn } from "./columns.ts";
import { type Column, DataTable } from "./data-table.tsx";

type TonnesKey = Exclude<keyof PeriodTotals, "id" | "weight" | "holdingCost">;

const totalsColumns = (): Column<PeriodTotals>[] => {
  const t = (key: TonnesKey, label: string): Column<PeriodTotals> => ({
    key,
    label,
    value: (p) => p[key] / 1e3,
    show: (p) => kt(p[key]),
    numeric: true,
  });
  return [
    { key: "id", label: "Period", value: (p) => p.id },
    percentColumn<PeriodTotals>("weight", "Weight, %", (p) => p.weight),
    t("capacityT", "Capacity, kt"),
    t("outputT", "Output, kt"),
    t("demandT", "Demand, kt"),
    t("deliveredT", "Delivered, kt"),
    t("exportT", "Exports, kt"),
    t("shortfallT", "Unmet demand, kt"),
    t("closingStockT", "Closing stock, kt"),
    {
      key: "holdingCost",
      label: "Holding cost, k CNY",
      value: (p) => p.holdingCost / 1000,
      show: (p) => plain(p.holdingCost / 1000, 1),
      numeric: true,
    },
  ];
};

/**
 * A figure per period: its unit in the header, what one of that unit is in the row's own (1000 for
 * kt of tonnes; the CSV holds the header's unit), how a cell shows it, whether the year adds up.
 */
interface Figure {
  unit: string;
  per: number;
  show: (value: number) => string;
  year: boolean;
}

const ktFigure: Figure = { unit: "kt", per: 1e3, show: kt, year: false };

/** Province or holder rows with one column per period, and the year where it adds up. */
function byPeriodColumns(
  plan: Plan,
  first: string,
  figure: Figure,
): Column<ByPeriodRow<number | null>>[] {
  type Row = ByPeriodRow<number | null>;
  const cell = (value: number | null | undefined) =>
    typeof value === "number" ? figure.show(value) : "–";
  const year = (row: Row) => row.values.reduce<number>((total, v) => total + (v ?? 0), 0);
  return [
    { key: "label", label: first, value: (r) => r.label },
    ...(plan.periods ?? []).map((p, t) => ({
      key: p.id,
      label: `${p.id}, ${figure.unit}`,
      value: (r: Row) => {
        const value = r.values[t];
        return typeof value === "number" ? value / figure.per : null;
      },
      show: (r: Row) => cell(r.values[t]),
      numeric: true,
    })),
    ...(figure.year
      ? [
          {
            key: "year",
            label: `Year, ${figure.unit}`,
            value: (r: Row) => year(r) / figure.per,
            show: (r: Row) => cell(year(r)),
            numeric: true,
          },
        ]
      : []),
  ];
}

export function MonthsTables({ plan }: { plan: Plan }) {
  const periods = plan.periods ?? [];
  return (
    <div class="months" data-testid="months">
      <h3>By period (tonnes in the period)</h3>
      <DataTable
        caption="Totals by period"
        columns={totalsColumns()}
        rows={periods.map(periodTotals)}
        rowKey={(p) => p.id}
        initialSort={{ key: "id", descending: false }}
        csvName="periods.csv"
      />
      <h3>Inflow from other provinces by receiving province</h3>
      <DataTable
        caption="Inflow from other provinces by receiving province and period"
        columns={byPeriodColumns(plan, "Province", { ...ktFigure, year: true })}
        rows={inflowByPeriod(plan)}
        rowKey={(r) => r.key}
        initialSort={{ key: "year", descending: true }}
        csvName="inflow-by-period.csv"
        empty="No province receives from another"
      />
      <h3>Closing stock by holder (the year ends with the initial stock)</h3>
      <DataTable
        caption="Closing stock by holder and period"
        columns={byPeriodColumns(plan, "Holder", ktFigure)}
        rows={stockByPeriod(plan)}
        rowKey={(r) => r.key}
        initialSort={{ key: "label", descending: false }}
        csvName="stock-by-period.csv"
        empty="No inventory in the network"
      />
      <h3>
        Marginal cost by province (CNY/t: the next tonne of that period's demand, demand-weighted
        over its smelters; –: not available)
      </h3>
      <DataTable
        caption="Marginal cost by province and period"
        columns={byPeriodColumns(plan, "Province", {
          unit: "CNY/t",
          per: 1,
          show: (v) => plain(v),
          year: false,
        })}
        rows={marginalByPeriod(plan)}
        rowKey={(r) => r.key}
        initialSort={{ key: "label", descending: false }}
        csvName="marginal-cost-by-period.csv"
        empty="No smelters"
      />
    </div>
  );
}
