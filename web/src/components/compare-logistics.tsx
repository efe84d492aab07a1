// The comparison's hubs, corridors and contracts side by side: tonnes in a and b and b − a (kt), and
// the marginal value in each (CNY/t). Each table only where either plan has hubs, corridors or contracts.
import type { Comparison } from "../api.ts";
import { kt, signed } from "../format.ts";
import { ktColumn, perTColumn } from "./columns.ts";
import type { Column } from "./data-table.tsx";
import { DataTable } from "./data-table.tsx";

type Hub = NonNullable<Comparison["hubs"]>[number];
type Corridor = NonNullable<Comparison["corridors"]>[number];
type Contract = NonNullable<Comparison["contracts"]>[number];

interface Triple {
  a: number;
  b: number;
  delta: number;
}
interface TripleOrNull {
  a: number | null;
  b: number | null;
}

/** a, b and b − a in kt; the difference signed. */
function tonnesColumns<Row>(key: string, what: string, of: (row: Row) => Triple): Column<Row>[] {
  return [
    ktColumn<Row>(`${key}A`, `${what} a, kt`, (row) => of(row).a),
    ktColumn<Row>(`${key}B`, `${what} b, kt`, (row) => of(row).b),
    {
      ...ktColumn<Row>(`${key}Delta`, `${what} b − a, kt`, (row) => of(row).delta),
      show: (row) => signedKt(of(row).delta),
    },
  ];
}

// Differences below a kilogram are solver noise: shown as 0, not as "−0.0".
const signedKt = (t: number) => signed(Math.abs(t) < 1e-3 ? 0 : t, kt);

function valueColumns<Row>(of: (row: Row) => TripleOrNull): Column<Row>[] {
  return [
    perTColumn<Row>("valueA", "Marginal value a, CNY/t", (row) => of(row).a),
    perTColumn<Row>("valueB", "Marginal value b, CNY/t", (row) => of(row).b),
  ];
}

const bindingWords = { min: "min", max: "max" } as const;

export function CompareLogistics(props: {
  comparison: Comparison;
  nodeName: (id: string) => string;
}) {
  const { hubs, corridors, contracts } = props.comparison;
  const hubColumns: Column<Hub>[] = [
    { key: "name", label: "Hub", value: (h) => h.name },
    ...tonnesColumns<Hub>("throughput", "Throughput", (h) => h.throughputT),
    ...valueColumns<Hub>((h) => h.marginalValuePerT),
  ];
  const corridorColumns: Column<Corridor>[] = [
    { key: "name", label: "Corridor", value: (c) => c.name },
    ...tonnesColumns<Corridor>("used", "Used", (c) => c.usedT),
    ktColumn<Corridor>("capacityA", "Capacity a, kt", (c) => c.capacityT.a),
    ktColumn<Corridor>("capacityB", "Capacity b, kt", (c) => c.capacityT.b),
    ...valueColumns<Corridor>((c) => c.marginalValuePerT),
  ];
  const contractColumns: Column<Contract>[] = [
    { key: "id", label: "Contract", value: (c) => c.id },
    { key: "to", label: "Destination", value: (c) => props.nodeName(c.to) },
    ...tonnesColumns<Contract>("tonnes", "Tonnes", (c) => c.tonnes),
    {
      key: "binding",
      label: "Binding a / b",
      value: (c) =>
        `${c.binding.a === null ? "no" : bindingWords[c.binding.a]} / ${c.binding.b === null ? "no" : bindingWords[c.binding.b]}`,
    },
    ...valueColumns<Contract>((c) => c.marginalValuePerT),
  ];
  return (
    <div class="compare-logistics" data-testid="compare-logistics">
      {hubs && hubs.length > 0 && (
        <>
          <h3>Hubs ({hubs.length}), tonnes per year</h3>
          <DataTable
            caption="Hubs in a and b"
            columns={hubColumns}
            rows={hubs}
            rowKey={(h) => h.id}
            initialSort={{ key: "throughputDelta", descending: true }}
            csvName="hubs-compared.csv"
          />
        </>
      )}
      {corridors && corridors.length > 0 && (
        <>
          <h3>Corridors ({corridors.length}), tonnes per year</h3>
          <DataTable
            caption="Corridors in a and b"
            columns={corridorColumns}
            rows={corridors}
            rowKey={(c) => c.id}
            initialSort={{ key: "usedDelta", descending: true }}
            csvName="corridors-compared.csv"
          />
        </>
      )}
      {contracts && contracts.length > 0 && (
        <>
          <h3>Contracts ({contracts.length}), tonnes per year</h3>
          <DataTable
            caption="Contracts in a and b"
            columns={contractColumns}
            rows={contracts}
            rowKey={(c) => c.id}
            initialSort={{ key: "tonnesDelta", descending: true }}
            csvName="contracts-compared.csv"
          />
        </>
      )}
    </div>
  );
}
