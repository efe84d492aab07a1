// The Exports tab: sales per export market, each port-to-market route with its netback, and the
// exporting ports and plants with theirs, as the CLI prints them (CNY per tonne, ex-VAT).
import type { Plan } from "../api.ts";
import {
  type ExportsView,
  exportsView,
  type PlanMarket,
  type RouteRow,
} from "../state/plan-view.ts";
import { ktColumn, millionCnyColumn, perTColumn } from "./columns.ts";
import { type Column, DataTable } from "./data-table.tsx";

type Exporter = ExportsView["ports"][number];

export function ExportsTables(props: { plan: Plan; nodeName: (id: string) => string }) {
  const { nodeName } = props;
  const view = exportsView(props.plan);
  const marketName = new Map(view.markets.map((m) => [m.id, m.name]));
  if (view.ports.length === 0 && view.markets.length === 0)
    return <p class="empty">The plan exports nothing.</p>;
  const exporters = (what: string): Column<Exporter>[] => [
    { key: "id", label: what, value: (row) => nodeName(row.id) },
    ktColumn("exportT", "Exports, kt", (row) => row.exportT),
    perTColumn("netbackPerT", "Netback, CNY/t", (row) => row.netbackPerT),
  ];
  return (
    <div class="exports" data-testid="exports">
      {view.markets.length > 0 && <h3>Export markets ({view.markets.length})</h3>}
      {view.markets.length > 0 && (
        <DataTable<PlanMarket>
          caption="Export markets: tonnes sold and prices"
          columns={[
            { key: "name", label: "Market", value: (m) => m.name },
            ktColumn("tonnes", "kt", (m) => m.tonnes),
            millionCnyColumn("revenue", "Revenue, M CNY", (m) => m.revenue),
            perTColumn("averagePricePerT", "Average price, CNY/t", (m) => m.averagePricePerT),
            perTColumn("marginalPricePerT", "Marginal price, CNY/t", (m) => m.marginalPricePerT),
          ]}
          rows={view.markets}
          rowKey={(m) => m.id}
          initialSort={{ key: "tonnes", descending: true }}
          csvName="markets.csv"
        />
      )}
      {view.routes.length > 0 && (
        <h3>
          Routes used ({view.routes.length}): netback = market price − freight − port handling
        </h3>
      )}
      {view.routes.length > 0 && (
        <DataTable<RouteRow>
          caption="Routes: netback = market price - freight - port handling"
          columns={[
            { key: "port", label: "Port", value: (r) => nodeName(r.port) },
            { key: "market", label: "Market", value: (r) => marketName.get(r.market) ?? r.market },
            ktColumn("tonnes", "kt", (r) => r.tonnes),
            perTColumn("pricePerT", "Price, CNY/t", (r) => r.pricePerT),
            perTColumn("freightPerT", "Freight, CNY/t", (r) => r.freightPerT),
            perTColumn("netbackPerT", "Netback, CNY/t", (r) => r.netbackPerT),
          ]}
          rows={view.routes}
          rowKey={(r) => `${r.port}>${r.market}`}
          initialSort={{ key: "tonnes", descending: true }}
          csvName="routes.csv"
        />
      )}
      <h3>Ports: exports and netback ({view.ports.length})</h3>
      <DataTable<Exporter>
        caption="Ports: exports and netback (market price - freight - handling)"
        columns={exporters("Port")}
        rows={view.ports}
        rowKey={(p) => p.id}
        initialSort={{ key: "exportT", descending: true }}
        csvName="port-netbacks.csv"
      />
      <h3>
        Plants: exports and netback, the ports' netback − inland freight ({view.plants.length})
      </h3>
      <DataTable<Exporter>
        caption="Plants: exports and netback (the ports' netback - inland freight)"
        columns={exporters("Plant")}
        rows={view.plants}
        rowKey={(p) => p.id}
        initialSort={{ key: "exportT", descending: true }}
        csvName="plant-netbacks.csv"
      />
    </div>
  );
}
