// The plan's flows and province balance as sortable tables; rows point at their arc or province on the map.
import type { Plan } from "../api.ts";
import { kt, millionCny, percent, plain } from "../format.ts";
import { flowKey } from "../map-model.ts";
import { type Column, DataTable } from "./data-table.tsx";

type Flow = Plan["flows"][number];
type Province = Plan["provinces"][number];

export function FlowsTable(props: {
  plan: Plan;
  nodeName: (id: string) => string;
  onFocus: (key: string | null) => void;
}) {
  const { nodeName } = props;
  const columns: Column<Flow>[] = [
    { key: "from", label: "From", value: (f) => nodeName(f.from) },
    { key: "to", label: "To", value: (f) => nodeName(f.to) },
    { key: "mode", label: "Mode", value: (f) => f.mode },
    {
      key: "tonnes",
      label: "kt",
      value: (f) => f.tonnes,
      show: (f) => kt(f.tonnes),
      numeric: true,
    },
    {
      key: "distanceKm",
      label: "km",
      value: (f) => f.distanceKm,
      show: (f) => plain(f.distanceKm),
      numeric: true,
    },
    {
      key: "costPerT",
      label: "Freight, CNY/t",
      value: (f) => f.costPerT,
      show: (f) => plain(f.costPerT, 1),
      numeric: true,
    },
    {
      key: "cost",
      label: "Freight, M CNY",
      value: (f) => f.cost,
      show: (f) => millionCny(f.cost),
      numeric: true,
    },
    {
      key: "co2T",
      label: "CO2, t",
      value: (f) => f.co2T,
      show: (f) => plain(f.co2T),
      numeric: true,
    },
  ];
  return (
    <DataTable
      caption="Flows of the plan"
      columns={columns}
      rows={props.plan.flows}
      rowKey={flowKey}
      initialSort={{ key: "tonnes", descending: true }}
      csvName="flows.csv"
      onRowFocus={(f) => props.onFocus(f ? flowKey(f) : null)}
      empty="The plan has no flows"
    />
  );
}

export function ProvincesTable(props: { plan: Plan; onFocus: (name: string | null) => void }) {
  const withCost = props.plan.provinces.some((p) => typeof p.marginalCostPerT === "number");
  const t = (
    key: "capacityT" | "outputT" | "demandT" | "receivedT" | "exportT",
    label: string,
  ) => ({
    key,
    label,
    value: (p: Province) => p[key],
    show: (p: Province) => kt(p[key]),
    numeric: true,
  });
  const columns: Column<Province>[] = [
    { key: "province", label: "Province", value: (p) => p.province },
    t("capacityT", "Capacity, kt"),
    t("outputT", "Output, kt"),
    {
      key: "utilisation",
      label: "Utilisation",
      value: (p) => (p.capacityT > 0 ? p.outputT / p.capacityT : null),
      show: (p) => (p.capacityT > 0 ? percent(p.outputT / p.capacityT) : "–"),
      numeric: true,
    },
    t("demandT", "Demand, kt"),
    t("receivedT", "Received, kt"),
    t("exportT", "Exports, kt"),
    {
      key: "netInflowT",
      label: "Net inflow, kt",
      value: (p) => p.netInflowT,
      show: (p) => kt(p.netInflowT),
      numeric: true,
    },
    ...(withCost
      ? [
          {
            key: "marginalCostPerT",
            label: "Marginal cost, CNY/t",
            value: (p: Province) =>
              typeof p.marginalCostPerT === "number" ? p.marginalCostPerT : null,
            show: (p: Province) =>
              typeof p.marginalCostPerT === "number" ? plain(p.marginalCostPerT) : "–",
            numeric: true,
          },
        ]
      : []),
  ];
  return (
    <DataTable
      caption="Province balance of the plan"
      columns={columns}
      rows={props.plan.provinces}
      rowKey={(p) => p.province}
      initialSort={{ key: "netInflowT", descending: false }}
      csvName="provinces.csv"
      onRowFocus={(p) => props.onFocus(p?.province ?? null)}
    />
  );
}
