// The Logistics tab of a plan with hubs, corridors or contracts: each hub's throughput against its
// capacity, its handling cost and the value of more capacity; each corridor's use and value (tonnes
// in the year, or in the period chosen above the map); each contract's tonnes against its bounds and
// the value of its binding bound (always the year's: contracts are annual).
import type { Plan } from "../api.ts";
import { type ContractRow, contractRows } from "../state/contract-view.ts";
import {
  type CorridorRow,
  corridorRows,
  type HubRow,
  hubKindNames,
  hubRows,
  showsHubs,
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

const contractColumns = (nodeName: (id: string) => string): Column<ContractRow>[] => [
  { key: "id", label: "Contract", value: (c) => c.id },
  { key: "plants", label: "Plants", value: (c) => c.plants.map(nodeName).join(", ") },
  { key: "to", label: "Destination", value: (c) => nodeName(c.to) },
  ktColumn("tonnes", "Tonnes, kt", (c) => c.tonnes),
  ktColumn("minT", "Min, kt", (c) => c.minT),
  // A contract without a maximum takes any tonnage.
  unitColumn("maxT", "Max, kt", (c) => (c.maxT === null ? null : c.maxT / 1e3), 1, "none"),
  { key: "binding", label: "Binding", value: (c) => c.bindingLabel },
  perTColumn("marginalValuePerT", "Marginal value, CNY/t", (c) => c.marginalValuePerT),
];

export function HubsTables(props: {
  plan: Plan;
  /** A plant's, smelter's or port's name by id. */
  nodeName: (id: string) => string;
  period: string | null;
  /** Called with the hub of the row under the pointer or keyboard focus (its marker's tooltip). */
  onFocus: (hub: string | null) => void;
}) {
  const hubs = hubRows(props.plan);
  const corridors = corridorRows(props.plan);
  const contracts = contractRows(props.plan);
  const when = props.period === null ? "the year" : `${props.period}, tonnes in the period`;
  return (
    <div class="hubs-tables" data-testid="hubs">
      {showsHubs(props.plan) && (
        <>
          <h3>
            Hubs ({when}; marginal value: CNY/t saved by one more tonne of capacity, –: not
            available)
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
        </>
      )}
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
      {contracts.length > 0 && (
        <div data-testid="contracts">
          <h3>
            Contracts (the year; marginal value: CNY/t that one more tonne of the binding bound
            costs, –: not available)
          </h3>
          <DataTable
            caption="Contracts: tonnes against their bounds and the value of the binding bound"
            columns={contractColumns(props.nodeName)}
            rows={contracts}
            rowKey={(c) => c.id}
            initialSort={{ key: "tonnes", descending: true }}
            csvName="contracts.csv"
          />
        </div>
      )}
    </div>
  );
}
