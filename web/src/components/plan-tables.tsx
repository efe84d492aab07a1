// The plan's flows and province balance as sortable tables; rows point at their arc or province on the map.
import type { Plan } from "../api.ts";
import { flowKey } from "../map-model.ts";
import { shipsInLots } from "../state/contract-view.ts";
import { hubNamer, routeLabel, showsHubs } from "../state/hub-view.ts";
import { ktColumn, millionCnyColumn, percentColumn, perTColumn, unitColumn } from "./columns.ts";
import { type Column, DataTable } from "./data-table.tsx";

type Flow = Plan["flows"][number];
type Province = Plan["provinces"][number];

export function FlowsTable(props: {
  plan: Plan;
  nodeName: (id: string) => string;
  onFocus: (key: string | null) => void;
}) {
  const { nodeName, plan } = props;
  // With hubs, a flow's route in words replaces its mode, and its handling at the hubs shows.
  const hubs = showsHubs(plan);
  const hubName = hubNamer(plan);
  const columns: Column<Flow>[] = [
    { key: "from", label: "From", value: (f) => nodeName(f.from) },
    { key: "to", label: "To", value: (f) => nodeName(f.to) },
    hubs
      ? { key: "route", label: "Route", value: (f) => routeLabel(f, hubName) }
      : { key: "mode", label: "Mode", value: (f) => f.mode },
    ktColumn("tonnes", "kt", (f) => f.tonnes),
    unitColumn("distanceKm", "km", (f) => f.distanceKm, 0),
    unitColumn("costPerT", "Freight, CNY/t", (f) => f.costPerT, 1),
    ...(hubs
      ? [
          unitColumn<Flow>(
            "hubHandlingPerT",
            "Hub handling, CNY/t",
            (f) => f.hubHandlingPerT ?? 0,
            1,
          ),
        ]
      : []),
    millionCnyColumn("cost", "Freight, M CNY", (f) => f.cost),
    // Lanes shipped in whole lots (a MILP): the lot size and how many; blank on the others.
    ...(shipsInLots(plan)
      ? [
          unitColumn<Flow>("lotT", "Lot, t", (f) => f.lotT ?? null, 0, ""),
          unitColumn<Flow>("lotCount", "Lots", (f) => f.lotCount ?? null, 0, ""),
        ]
      : []),
    unitColumn("co2T", "CO2, t", (f) => f.co2T, 0),
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
  const t = (key: "capacityT" | "outputT" | "demandT" | "receivedT" | "exportT", label: string) =>
    ktColumn<Province>(key, label, (p) => p[key]);
  const columns: Column<Province>[] = [
    { key: "province", label: "Province", value: (p) => p.province },
    t("capacityT", "Capacity, kt"),
    t("outputT", "Output, kt"),
    percentColumn("utilisation", "Utilisation, %", (p) =>
      p.capacityT > 0 ? p.outputT / p.capacityT : null,
    ),
    t("demandT", "Demand, kt"),
    t("receivedT", "Received, kt"),
    t("exportT", "Exports, kt"),
    ktColumn("netInflowT", "Net inflow, kt", (p) => p.netInflowT),
    ...(withCost
      ? [
          perTColumn<Province>("marginalCostPerT", "Marginal cost, CNY/t", (p) =>
            typeof p.marginalCostPerT === "number" ? p.marginalCostPerT : null,
          ),
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
