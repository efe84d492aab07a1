// Table columns by unit. A column's value is what it sorts by and what its CSV holds, so it is in
// the unit its header names (kt, M CNY, %), and the cell shows the same number formatted.
import { plain } from "../format.ts";
import type { Column } from "./data-table.tsx";

/** A column of numbers in the header's unit; null shows as `missing` and sorts last. */
export function unitColumn<Row>(
  key: string,
  label: string,
  of: (row: Row) => number | null,
  digits: number,
  missing = "–",
): Column<Row> {
  return {
    key,
    label,
    value: of,
    show: (row) => {
      const value = of(row);
      return value === null ? missing : plain(value, digits);
    },
    numeric: true,
  };
}

/** Tonnes as kt (one decimal), headed "…, kt". */
export const ktColumn = <Row>(key: string, label: string, t: (row: Row) => number | null) =>
  unitColumn<Row>(key, label, (row) => scaled(t(row), 1e-3), 1);

/** CNY as M CNY (one decimal), headed "…, M CNY". */
export const millionCnyColumn = <Row>(key: string, label: string, cny: (row: Row) => number) =>
  unitColumn<Row>(key, label, (row) => cny(row) / 1e6, 1);

/** CNY per tonne (whole yuan), headed "…, CNY/t"; null where the figure is missing. */
export const perTColumn = <Row>(key: string, label: string, of: (row: Row) => number | null) =>
  unitColumn<Row>(key, label, of, 0);

/** A share 0..1 as per cent (one decimal), headed "…, %"; null where there is no limit. */
export const percentColumn = <Row>(
  key: string,
  label: string,
  share: (row: Row) => number | null,
) => unitColumn<Row>(key, label, (row) => scaled(share(row), 100), 1);

const scaled = (value: number | null, by: number) => (value === null ? null : value * by);
