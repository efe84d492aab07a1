// Plain-text tables for terminals: right-aligned numbers, left-aligned text, one header rule.

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
}

export function textTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((line) => (line[i] ?? "").length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, i) =>
        columns[i]?.align === "left" ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const header = render(columns.map((c) => c.header));
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [header, rule, ...cells.map(render)].join("\n");
}

const grouped = (digits: number) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Tonnes as kilotonnes, one decimal: 1234567 -> "1,234.6". */
export const kt = (tonnes: number) => grouped(1).format(tonnes / 1000);
/** CNY as millions, one decimal. */
export const mcny = (cny: number) => grouped(1).format(cny / 1e6);
export const fixed = (value: number, digits = 1) => grouped(digits).format(value);
export const percent = (share: number) => `${grouped(1).format(share * 100)} %`;
