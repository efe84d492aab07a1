// A sortable table: header buttons sort (aria-sort says how), rows take focus, CSV holds what is shown.
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { downloadCsv, toCsv } from "../csv.ts";

export interface Column<Row> {
  key: string;
  label: string;
  /** What the column sorts by and what the CSV holds. */
  value: (row: Row) => number | string | null;
  /** What the cell shows; the value as it is when omitted. */
  show?: (row: Row) => ComponentChildren;
  numeric?: boolean;
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  initialSort: { key: string; descending: boolean };
  csvName: string;
  /** Called with the row under the pointer or keyboard focus, null when it leaves. */
  onRowFocus?: (row: Row | null) => void;
  empty?: string;
}

export function DataTable<Row>(props: Props<Row>) {
  const { caption, columns, rows, rowKey, csvName, onRowFocus } = props;
  const [sort, setSort] = useState(props.initialSort);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (column === undefined) return rows;
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const va = column.value(a);
      const vb = column.value(b);
      // Rows without a value go last whichever way the column sorts.
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
      const order =
        typeof va === "number" && typeof vb === "number"
          ? va - vb
          : String(va).localeCompare(String(vb));
      return order * direction;
    });
  }, [rows, columns, sort]);

  const toggle = (key: string, numeric: boolean | undefined) =>
    setSort((current) =>
      current.key === key
        ? { key, descending: !current.descending }
        : { key, descending: numeric === true },
    );

  const download = () =>
    downloadCsv(
      csvName,
      toCsv(
        columns.map((c) => c.label),
        sorted.map((row) => columns.map((c) => c.value(row))),
      ),
    );

  return (
    <div class="table-block">
      <div class="table-tools">
        <span class="table-count">
          {rows.length} row{rows.length === 1 ? "" : "s"}
        </span>
        <button type="button" onClick={download} disabled={rows.length === 0}>
          Download CSV
        </button>
      </div>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">
            {caption}; sorted by {columns.find((c) => c.key === sort.key)?.label ?? sort.key},{" "}
            {sort.descending ? "descending" : "ascending"}
          </caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  class={column.numeric ? "num" : undefined}
                  aria-sort={
                    sort.key === column.key
                      ? sort.descending
                        ? "descending"
                        : "ascending"
                      : undefined
                  }
                >
                  <button type="button" onClick={() => toggle(column.key, column.numeric)}>
                    {column.label}
                    <span class="sort-mark" aria-hidden="true">
                      {sort.key === column.key ? (sort.descending ? " ▼" : " ▲") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={columns.length} class="empty">
                  {props.empty ?? "Nothing to show"}
                </td>
              </tr>
            ) : (
              sorted.map((row) => (
                <tr
                  key={rowKey(row)}
                  tabIndex={onRowFocus ? 0 : undefined}
                  onFocus={onRowFocus ? () => onRowFocus(row) : undefined}
                  onBlur={onRowFocus ? () => onRowFocus(null) : undefined}
                  onMouseEnter={onRowFocus ? () => onRowFocus(row) : undefined}
                  onMouseLeave={onRowFocus ? () => onRowFocus(null) : undefined}
                >
                  {columns.map((column) => (
                    <td key={column.key} class={column.numeric ? "num" : undefined}>
                      {column.show ? column.show(row) : column.value(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
