// The Months tab of a plan with periods: totals by period, inflow by receiving province and closing
// stock by holder, as the CLI prints them (tonnes in the period, kt; holding cost in CNY).
import type { Plan } from "../api.ts";
import { kt, percent, plain } from "../format.ts";
import {
  type ByPeriodRow,
  inflowByPeriod,
  type PeriodTotals,
  periodTotals,
  stockByPeriod,
} from "../state/period-view.ts";
import { type Column, DataTable } from "./data-table.tsx";

type TonnesKey = Exclude<keyof PeriodTotals, "id" | "weight" | "holdingCost">;

const totalsColumns = (): Column<PeriodTotals>[] => {
  const t = (key: TonnesKey, label: string): Column<PeriodTotals> => ({
    key,
    label,
    value: (p) => p[key],
    show: (p) => kt(p[key]),
    numeric: true,
  });
  return [
    { key: "id", label: "Period", value: (p) => p.id },
    { key: "weight", label: "Weight", value: (p) => p.weight, show: (p) => percent(p.weight) },
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

/** Province or holder rows with one column of tonnes per period, and the year where it adds up. */
function byPeriodColumns(plan: Plan, first: string, withYear: boolean): Column<ByPeriodRow>[] {
  const periods = plan.periods ?? [];
  const year = (row: ByPeriodRow) => row.values.reduce((total, v) => total + v, 0);
  return [
    { key: "label", label: first, value: (r) => r.label },
    ...periods.map((p, t) => ({
      key: p.id,
      label: `${p.id}, kt`,
      value: (r: ByPeriodRow) => r.values[t] ?? 0,
      show: (r: ByPeriodRow) => kt(r.values[t] ?? 0),
      numeric: true,
    })),
    ...(withYear
      ? [
          {
            key: "year",
            label: "Year, kt",
            value: year,
            show: (r: ByPeriodRow) => kt(year(r)),
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
        columns={byPeriodColumns(plan, "Province", true)}
        rows={inflowByPeriod(plan)}
        rowKey={(r) => r.key}
        initialSort={{ key: "year", descending: true }}
        csvName="inflow-by-period.csv"
        empty="No province receives from another"
      />
      <h3>Closing stock by holder (the year ends with the initial stock)</h3>
      <DataTable
        caption="Closing stock by holder and period"
        columns={byPeriodColumns(plan, "Holder", false)}
        rows={stockByPeriod(plan)}
        rowKey={(r) => r.key}
        initialSort={{ key: "label", descending: false }}
        csvName="stock-by-period.csv"
        empty="No inventory in the network"
      />
    </div>
  );
}
