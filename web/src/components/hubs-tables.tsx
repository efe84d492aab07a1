// The Hubs tab of a plan with hubs or corridors: each hub's throughput against its capacity, its
// handling cost and the value of more capacity; each corridor's use and value. Tonnes in the year,
// or in the period chosen above the map.
import type { Plan } from "../api.ts";
import {
  type CorridorRow,
  corridorRows,
  type HubRow,
  hubKindNames,
  hubRows,
} from "../state/hub-view.ts";
import { ktColumn, millionCnyColumn, percentColumn, perTColumn, unitColumn } from "./columns.ts";
import { type Column, DataTable } from "./data-table.tsx";

const hubColumns: Column<HubRow>[] = [
  { key: "name", label: "Hub", value: (h) => h.name },
  { key: "kind", label: "Kind", value: (h) => hubKindNames[h.kind] },
  { key: "province", label: "Province", value: (h) => h.province },
  ktColumn("throughputT", "Throughput, kt", (h) => h.throughputT),
  // A hub without a capacity passes any tonnage.
  unitColumn(
    "capacityT",
    "Capacity, kt",
    (h) => (h.capacityT === null ? null : h.capacityT / 1e3),
    1,
    "unlimited",
  ),
  percentColumn("utilisation", "Utilisation, %", (h) => h.utilisation),
  perTColumn("handlingCostPerT", "Handling, CNY/t", (h) => h.handlingCostPerT),
  millionCnyColumn("handlingCost", "Handling cost, M CNY", (h) => h.handlingCost),
  perTColumn("marginalValuePerT", "Marginal value, CNY/t", (h) => h.marginalValuePerT),
];

const corridorColumns: Column<CorridorRow>[] = [
  { key: "name", label: "Corridor", value: (c) => c.name },
  ktColumn("usedT", "Used, kt", (c) => c.usedT),
  ktColumn("capacityT", "Capacity, kt", (c) => c.capacityT),
  percentColumn("utilisation", "Utilisation, %", (c) => c.utilisation),
  perTColumn("marginalValuePerT", "Marginal value, CNY/t", (c) => c.marginalValuePerT),
];

export function HubsTables(props: {
  plan: Plan;
  period: string | null;
  /** Called with the hub of the row under the pointer or keyboard focus (its marker's tooltip). */
  onFocus: (hub: string | null) => void;
}) {
  const hubs = hubRows(props.plan);
  const corridors = corridorRows(props.plan);
  const when = props.period === null ? "the year" : `${props.period}, tonnes in the period`;
  return (
    <div class="hubs-tables" data-testid="hubs">
      <h3>
        Hubs ({when}; marginal value: CNY/t saved by one more tonne of capacity, –: not available)
      </h3>
      <DataTable
        caption="Hubs: throughput, capacity, handling and the value of more capacity"
        columns={hubColumns}
        rows={hubs}
        rowKey={(h) => h.id}
        initialSort={{ key: "throughputT", descending: true }}
        csvName="hubs.csv"
        onRowFocus={(h) => props.onFocus(h?.id ?? null)}
        empty="The network has no hubs"
      />
      {corridors.length > 0 && (
        <>
          <h3>Corridors ({when}; shared by the legs and lanes that name them)</h3>
          <DataTable
            caption="Corridors: tonnes used, capacity and the value of more capacity"
            columns={corridorColumns}
            rows={corridors}
            rowKey={(c) => c.id}
            initialSort={{ key: "usedT", descending: true }}
            csvName="corridors.csv"
          />
        </>
      )}
    </div>
  );
}
