// A network as tables (one per list of the format, plus its settings) and back: what the workbook and CSV adapters write and read.
import { jsonPointer, type Network, parseNetwork } from "./network.ts";

/** One cell: blank is null. Workbooks keep numbers and booleans; CSV gives text only. */
export type Cell = string | number | boolean | null;

/** A sheet of a workbook or one CSV file: a header row, then one row per item. */
export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
}

/** A problem with an uploaded table: where it is, and the JSON pointer into the network. */
export interface TableIssue {
  /** Sheet (or CSV file) name; null when the problem is the network's as a whole. */
  sheet: string | null;
  /** 1-based row of the sheet (the header is row 1); null for the whole sheet. */
  row: number | null;
  /** The column's header as the sheet names it (its field); null for a whole row. */
  column: string | null;
  /** The A1 reference of the cell ("F4"); null unless row and column are known. */
  cell: string | null;
  /** RFC 6901 pointer into the network the tables stand for, e.g. /plants/3/capacityT. */
  pointer: string;
  message: string;
}

export type TablesToNetworkResult =
  | { ok: true; network: Network }
  | { ok: false; issues: TableIssue[] };

type Kind = "text" | "number" | "boolean" | "list";

/** A column: the field's dotted path in the item, how its cells read, and its unit if the name lacks it. */
interface Column {
  field: string;
  kind: Kind;
  unit?: string;
}

const text = (field: string): Column => ({ field, kind: "text" });
const num = (field: string, unit?: string): Column =>
  unit === undefined ? { field, kind: "number" } : { field, kind: "number", unit };
const bool = (field: string): Column => ({ field, kind: "boolean", unit: "true/false" });
const list = (field: string): Column => ({ field, kind: "list", unit: "; separated" });

const cnyPerT = "CNY/t ex-VAT";
const place = [
  text("id"),
  text("name"),
  text("province"),
  num("lat", "deg N"),
  num("lon", "deg E"),
];
const inventory = [
  num("inventory.capacityT"),
  num("inventory.holdingCostPerTPerPeriod", "CNY/t per period ex-VAT"),
  num("inventory.initialT"),
];

/** A list of the format as one sheet; `profile`: the per-period multipliers, one column per period. */
interface ListSpec {
  sheet: string;
  path: readonly string[];
  columns: readonly Column[];
  profile?: string;
}

const modes: ListSpec = {
  sheet: "modes",
  path: ["modes"],
  columns: [
    text("id"),
    num("fixedCostPerT", cnyPerT),
    num("costPerTKm", "CNY/t-km ex-VAT"),
    num("co2KgPerTKm"),
    num("circuity", "network km per great-circle km"),
    bool("impliedLanes"),
  ],
};
const plants: ListSpec = {
  sheet: "plants",
  path: ["plants"],
  columns: [
    ...place,
    num("capacityT"),
    num("minOutputT"),
    num("productionCostPerT", cnyPerT),
    num("co2KgPerT"),
    bool("highEfficiency"),
    ...inventory,
  ],
  profile: "capacityProfile",
};
const smelters: ListSpec = {
  sheet: "smelters",
  path: ["smelters"],
  columns: [...place, num("demandT"), num("aluminiumT"), num("pricePerT", cnyPerT), ...inventory],
  profile: "demandProfile",
};
const ports: ListSpec = {
  sheet: "ports",
  path: ["ports"],
  columns: [
    ...place,
    num("minExportT"),
    num("maxExportT"),
    num("fobPricePerT", cnyPerT),
    num("handlingCostPerT", cnyPerT),
    ...inventory,
  ],
  profile: "exportProfile",
};
const lanes: ListSpec = {
  sheet: "lanes",
  path: ["lanes"],
  columns: [
    text("from"),
    text("to"),
    text("mode"),
    num("distanceKm"),
    num("costPerT", cnyPerT),
    num("capacityT"),
    text("corridor"),
    num("lotT"),
  ],
};
const periods: ListSpec = {
  sheet: "periods",
  path: ["periods"],
  columns: [text("id"), num("weight", "share of the year")],
};
const markets: ListSpec = {
  sheet: "markets",
  path: ["markets"],
  columns: [text("id"), text("name")],
};
/** Tiers of every market, one row each, in order within their market. */
const marketTiers = {
  sheet: "marketTiers",
  parent: "market",
  columns: [num("upToT"), num("pricePerT", cnyPerT)],
} as const;
const exportRoutes: ListSpec = {
  sheet: "exportRoutes",
  path: ["exportRoutes"],
  columns: [text("port"), text("market"), num("freightPerT", cnyPerT), num("capacityT")],
};
const surcharges: ListSpec = {
  sheet: "surcharges",
  path: ["surcharges"],
  columns: [
    text("id"),
    text("name"),
    list("toProvinces"),
    bool("fromOutside"),
    num("costPerT", cnyPerT),
    text("basis"),
  ],
};
const hubs: ListSpec = {
  sheet: "hubs",
  path: ["hubs"],
  columns: [...place, text("kind"), num("handlingCostPerT", cnyPerT), num("capacityT")],
};
const legs: ListSpec = {
  sheet: "legs",
  path: ["legs"],
  columns: [
    text("from"),
    text("to"),
    text("mode"),
    num("km"),
    num("costPerT", cnyPerT),
    num("capacityT"),
    text("corridor"),
    num("lotT"),
  ],
};
const corridors: ListSpec = {
  sheet: "corridors",
  path: ["corridors"],
  columns: [text("id"), text("name"), num("capacityT"), list("modes")],
};
/** Land-route links of every corridor, one row each, in order within their corridor. */
const corridorLinks = {
  sheet: "corridorLinks",
  parent: "corridor",
  columns: [text("from"), text("to")],
} as const;
const contracts: ListSpec = {
  sheet: "contracts",
  path: ["contracts"],
  columns: [text("id"), list("plants"), text("to"), num("minT"), num("maxT")],
};
const landJunctions: ListSpec = {
  sheet: "landJunctions",
  path: ["landRoutes", "junctions"],
  columns: place,
};
const landLinks: ListSpec = {
  sheet: "landLinks",
  path: ["landRoutes", "links"],
  columns: [text("from"), text("to"), num("km"), list("modes")],
};
const landAccess: ListSpec = {
  sheet: "landAccess",
  path: ["landRoutes", "access"],
  columns: [text("node"), text("junction"), num("km")],
};

/** The settings sheet: one row per scalar of the network, field | value | unit. */
const settings: readonly Column[] = [
  num("version"),
  text("name"),
  text("description"),
  num("anodePerTonneAluminium", "t anode per t aluminium"),
  text("options.objective"),
  num("options.shortfallPenaltyPerT", cnyPerT),
  bool("options.allowShortfall"),
  num("options.carbonPricePerT", "CNY per t CO2e"),
  num("options.co2CapT", "t CO2e per year"),
];
const settingsHeader = ["field", "value", "unit"];

/** Every sheet, in the order a workbook holds them. */
export const networkSheetNames = [
  "settings",
  ...[modes, plants, smelters, ports, lanes, periods, markets].map((s) => s.sheet),
  marketTiers.sheet,
  ...[exportRoutes, surcharges, hubs, legs, corridors].map((s) => s.sheet),
  corridorLinks.sheet,
  ...[contracts, landJunctions, landLinks, landAccess].map((s) => s.sheet),
] as const;

const header = (column: Column) =>
  column.unit === undefined ? column.field : `${column.field} (${column.unit})`;
const profileUnit = "multiplier";

/** A header cell's field: the text before a unit in brackets, which is only for people. */
export const headerField = (cell: Cell) =>
  String(cell ?? "")
    .replace(/\s*\([^)]*\)\s*$/, "")
    .trim();

function getPath(item: unknown, field: string): unknown {
  let value = item;
  for (const key of field.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setPath(item: Record<string, unknown>, field: string, value: unknown) {
  const keys = field.split(".");
  let target = item;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1] as string] = value;
}

const listSeparator = ";";

function toCell(column: Column, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (column.kind === "list") {
    const items = value as string[];
    for (const item of items)
      if (item.includes(listSeparator) || item.trim() !== item || item === "")
        throw new Error(
          `${column.field} item "${item}" cannot be written in one cell (a ';', an empty item or spaces at its ends)`,
        );
    return items.join("; ");
  }
  return value as Cell;
}

// ---------------------------------------------------------------------------------------------
// network -> tables

function listTable(spec: ListSpec, items: readonly unknown[], periodIds: readonly string[]): Table {
  const profileIds = spec.profile === undefined ? [] : periodIds;
  return {
    name: spec.sheet,
    header: [
      ...spec.columns.map(header),
      ...profileIds.map((id) => `${spec.profile}.${id} (${profileUnit})`),
    ],
    rows: items.map((item) => [
      ...spec.columns.map((column) => toCell(column, getPath(item, column.field))),
      ...profileIds.map((_, t) => {
        const profile = getPath(item, spec.profile as string) as number[] | undefined;
        return profile?.[t] ?? null;
      }),
    ]),
  };
}

function childTable(
  spec: { sheet: string; parent: string; columns: readonly Column[] },
  groups: readonly { id: string; items: readonly unknown[] }[],
): Table {
  return {
    name: spec.sheet,
    header: [spec.parent, ...spec.columns.map(header)],
    rows: groups.flatMap((group) =>
      group.items.map((item) => [
        group.id,
        ...spec.columns.map((column) => toCell(column, getPath(item, column.field))),
      ]),
    ),
  };
}

/**
 * The network as tables: settings, then one sheet per list it has (an empty list still gets its
 * sheet, header only, since an empty list and an absent one are different networks). Throws if a
 * list cell's item holds a ';' (the one thing a network can hold that a cell of it cannot).
 */
export function networkToTables(network: Network): Table[] {
  const periodIds = network.periods?.map((p) => p.id) ?? [];
  const tables: Table[] = [
    {
      name: "settings",
      header: settingsHeader,
      rows: settings.map((column) => [
        column.field,
        toCell(column, getPath(network, column.field)),
        column.unit ?? null,
      ]),
    },
  ];
  const add = (spec: ListSpec, items: readonly unknown[] | undefined) => {
    if (items !== undefined) tables.push(listTable(spec, items, periodIds));
  };
  add(modes, network.modes);
  add(plants, network.plants);
  add(smelters, network.smelters);
  add(ports, network.ports);
  add(lanes, network.lanes);
  add(periods, network.periods);
  add(markets, network.markets);
  if (network.markets !== undefined)
    tables.push(
      childTable(
        marketTiers,
        network.markets.map((m) => ({ id: m.id, items: m.tiers })),
      ),
    );
  add(exportRoutes, network.exportRoutes);
  add(surcharges, network.surcharges);
  add(hubs, network.hubs);
  add(legs, network.legs);
  add(corridors, network.corridors);
  if (network.corridors !== undefined)
    tables.push(
      childTable(
        corridorLinks,
        network.corridors.map((c) => ({ id: c.id, items: c.links ?? [] })),
      ),
    );
  add(contracts, network.contracts);
  if (network.landRoutes !== undefined) {
    add(landJunctions, network.landRoutes.junctions);
    add(landLinks, network.landRoutes.links);
    add(landAccess, network.landRoutes.access);
  }
  return tables;
}

// ---------------------------------------------------------------------------------------------
// tables -> network

interface Location {
  sheet: string;
  row: number | null;
  column: string | null;
  columnIndex: number | null;
}

function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** What a read collects: conversion problems, and where in the tables every pointer came from. */
class Reading {
  readonly issues: TableIssue[] = [];
  readonly locations = new Map<string, Location>();
  /** Pointers whose cell could not be read: the schema's complaint about them would repeat it. */
  readonly unreadable = new Set<string>();

  locate(path: readonly PropertyKey[], location: Location) {
    this.locations.set(jsonPointer(path), location);
  }

  issue(location: Location | undefined, pointer: string, message: string) {
    const row = location?.row ?? null;
    const index = location?.columnIndex ?? null;
    this.issues.push({
      sheet: location?.sheet ?? null,
      row,
      column: location?.column ?? null,
      cell: row !== null && index !== null ? `${columnLetters(index)}${row}` : null,
      pointer,
      message,
    });
  }

  /** The location of a pointer, or of its nearest ancestor the tables gave. */
  find(pointer: string): Location | undefined {
    let p = pointer;
    for (;;) {
      const found = this.locations.get(p);
      if (found !== undefined || p === "") return found;
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as its column's kind, or the reason it cannot be; undefined for a blank cell. */
function readCell(kind: Kind, cell: Cell): { value: unknown } | { error: string } | undefined {
  if (cell === null || (typeof cell === "string" && cell.trim() === "")) return undefined;
  switch (kind) {
    case "text":
      if (typeof cell === "boolean") return { error: `expected text, got ${cell}` };
      // A spreadsheet turns an id such as 2024 into a number; the format wants its text.
      return { value: String(cell) };
    case "number": {
      if (typeof cell === "number") return { value: cell };
      const trimmed = String(cell).trim();
      if (typeof cell === "string" && numberPattern.test(trimmed))
        return { value: Number(trimmed) };
      return { error: `"${cell}" is not a number` };
    }
    case "boolean": {
      if (typeof cell === "boolean") return { value: cell };
      const lower = String(cell).trim().toLowerCase();
      if (lower === "true" || lower === "false") return { value: lower === "true" };
      return { error: `"${cell}" is not true or false` };
    }
    case "list":
      return {
        value: String(cell)
          .split(listSeparator)
          .map((item) => item.trim())
          .filter((item) => item !== ""),
      };
  }
}

const isBlankRow = (row: readonly Cell[]) =>
  row.every((cell) => cell === null || (typeof cell === "string" && cell.trim() === ""));

/** A sheet's columns matched to a spec's fields by header; unknown headers are problems. */
function matchHeader(
  table: Table,
  columns: readonly Column[],
  reading: Reading,
  extra: (field: string) => boolean = () => false,
) {
  const byField = new Map(columns.map((c) => [c.field, c]));
  const found: { index: number; column: Column }[] = [];
  const seen = new Set<string>();
  table.header.forEach((cell, index) => {
    const field = headerField(cell);
    if (field === "" && table.rows.every((row) => row[index] === null || row[index] === undefined))
      return;
    const location = { sheet: table.name, row: 1, column: field, columnIndex: index };
    const column = byField.get(field);
    if (seen.has(field)) {
      reading.issue(location, "", `column ${field} appears twice`);
    } else if (column !== undefined) {
      found.push({ index, column });
    } else if (!extra(field)) {
      const known = columns.map((c) => c.field).join(", ");
      reading.issue(location, "", `unknown column "${field}" in ${table.name} (known: ${known})`);
    }
    seen.add(field);
  });
  return found;
}

interface ReadRow {
  item: Record<string, unknown>;
  row: number;
  /** Records where the item's cells came from once its pointer is known. */
  placeAt: (path: readonly PropertyKey[]) => void;
}

/** Reads a sheet's rows as items of `columns`, skipping blank rows. */
function readRows(
  table: Table,
  columns: readonly { index: number; column: Column }[],
  reading: Reading,
  extraCells?: (
    row: Cell[],
    item: Record<string, unknown>,
    rowNumber: number,
  ) => ReadRow["placeAt"],
): ReadRow[] {
  const rows: ReadRow[] = [];
  table.rows.forEach((cells, r) => {
    if (isBlankRow(cells)) return;
    const rowNumber = r + 2;
    const item: Record<string, unknown> = {};
    const bad: { field: string; location: Location; message: string }[] = [];
    const cellsAt: { field: string; location: Location }[] = [];
    for (const { index, column } of columns) {
      const location = {
        sheet: table.name,
        row: rowNumber,
        column: column.field,
        columnIndex: index,
      };
      cellsAt.push({ field: column.field, location });
      const read = readCell(column.kind, cells[index] ?? null);
      if (read === undefined) continue;
      if ("error" in read) bad.push({ field: column.field, location, message: read.error });
      else setPath(item, column.field, read.value);
    }
    const extra = extraCells?.(cells, item, rowNumber);
    rows.push({
      item,
      row: rowNumber,
      placeAt: (path) => {
        reading.locate(path, {
          sheet: table.name,
          row: rowNumber,
          column: null,
          columnIndex: null,
        });
        for (const { field, location } of cellsAt)
          reading.locate([...path, ...field.split(".")], location);
        for (const { field, location, message } of bad) {
          const pointer = jsonPointer([...path, ...field.split(".")]);
          reading.unreadable.add(pointer);
          reading.issue(location, pointer, message);
        }
        extra?.(path);
      },
    });
  });
  return rows;
}

/** Reads a list sheet into items placed at `spec.path`; undefined when the sheet is absent. */
function readList(
  spec: ListSpec,
  tables: Map<string, Table>,
  reading: Reading,
  periodIds: readonly string[] | undefined,
): Record<string, unknown>[] | undefined {
  const table = tables.get(spec.sheet);
  if (table === undefined) return undefined;
  reading.locate(spec.path, { sheet: table.name, row: null, column: null, columnIndex: null });
  const profile = spec.profile;
  const prefix = `${profile}.`;
  const columns = matchHeader(
    table,
    spec.columns,
    reading,
    (field) => profile !== undefined && field.startsWith(prefix),
  );
  // Profile columns, matched to the periods sheet's ids; the profile's items follow its order.
  const profileColumns: { index: number; t: number; field: string }[] = [];
  if (profile !== undefined) {
    table.header.forEach((cell, index) => {
      const field = headerField(cell);
      if (!field.startsWith(prefix)) return;
      const id = field.slice(prefix.length);
      const t = periodIds?.indexOf(id) ?? -1;
      const location = { sheet: table.name, row: 1, column: field, columnIndex: index };
      if (t < 0)
        reading.issue(
          location,
          "",
          periodIds === undefined
            ? `${field}: a profile needs the periods sheet`
            : `${field}: "${id}" is not a period id of the periods sheet`,
        );
      else profileColumns.push({ index, t, field });
    });
  }
  const extra =
    profile === undefined || profileColumns.length === 0
      ? undefined
      : (cells: Cell[], item: Record<string, unknown>, rowNumber: number) => {
          const values: (number | undefined)[] = new Array(periodIds?.length ?? 0).fill(undefined);
          const problems: { location: Location; t: number; message: string }[] = [];
          for (const { index, t, field } of profileColumns) {
            const location = {
              sheet: table.name,
              row: rowNumber,
              column: field,
              columnIndex: index,
            };
            const read = readCell("number", cells[index] ?? null);
            if (read === undefined) continue;
            if ("error" in read) problems.push({ location, t, message: read.error });
            else values[t] = read.value as number;
          }
          const given = values.filter((v) => v !== undefined).length;
          if (given > 0 || problems.length > 0) item[profile] = values.map((v) => v ?? 0);
          return (path: readonly PropertyKey[]) => {
            for (const { index, t, field } of profileColumns) {
              const location = {
                sheet: table.name,
                row: rowNumber,
                column: field,
                columnIndex: index,
              };
              reading.locate([...path, profile, t], location);
              if (given > 0 && values[t] === undefined && !problems.some((p) => p.t === t))
                reading.issue(
                  location,
                  jsonPointer([...path, profile, t]),
                  `give ${profile}'s multiplier for every period, or none`,
                );
            }
            for (const { location, t, message } of problems) {
              const pointer = jsonPointer([...path, profile, t]);
              reading.unreadable.add(pointer);
              reading.issue(location, pointer, message);
            }
          };
        };
  const rows = readRows(table, columns, reading, extra);
  rows.forEach((row, i) => {
    row.placeAt([...spec.path, i]);
  });
  return rows.map((row) => row.item);
}

/** Reads a child sheet (market tiers, corridor links) into its parents' `field` lists. */
function readChildren(
  spec: { sheet: string; parent: string; columns: readonly Column[] },
  parentPath: string,
  field: string,
  parents: Record<string, unknown>[] | undefined,
  tables: Map<string, Table>,
  reading: Reading,
) {
  const table = tables.get(spec.sheet);
  if (table === undefined) return;
  const parentColumn = text(spec.parent);
  const columns = matchHeader(table, [parentColumn, ...spec.columns], reading);
  const rows = readRows(table, columns, reading);
  const byId = new Map((parents ?? []).map((p, i) => [p.id, i]));
  for (const row of rows) {
    const parentId = row.item[spec.parent];
    const parentIndex = byId.get(parentId);
    const parentCell = columns.find((c) => c.column.field === spec.parent);
    if (parentIndex === undefined) {
      reading.issue(
        {
          sheet: table.name,
          row: row.row,
          column: spec.parent,
          columnIndex: parentCell?.index ?? null,
        },
        "",
        parentId === undefined
          ? `give the ${spec.parent} id`
          : `"${String(parentId)}" is not a ${spec.parent} id of the ${parentPath} sheet`,
      );
      continue;
    }
    const parent = parents?.[parentIndex] as Record<string, unknown>;
    parent[field] ??= [];
    const children = parent[field] as unknown[];
    delete row.item[spec.parent];
    row.placeAt([parentPath, parentIndex, field, children.length]);
    children.push(row.item);
  }
}

function readSettings(table: Table | undefined, reading: Reading): Record<string, unknown> {
  const network: Record<string, unknown> = {};
  if (table === undefined) return network;
  const fieldIndex = table.header.findIndex((cell) => headerField(cell) === "field");
  const valueIndex = table.header.findIndex((cell) => headerField(cell) === "value");
  if (fieldIndex < 0 || valueIndex < 0) {
    reading.issue(
      { sheet: table.name, row: 1, column: null, columnIndex: null },
      "",
      `the settings sheet's header must have the columns ${settingsHeader.join(", ")}`,
    );
    return network;
  }
  const byField = new Map(settings.map((c) => [c.field, c]));
  const seen = new Set<string>();
  table.rows.forEach((cells, r) => {
    if (isBlankRow(cells)) return;
    const row = r + 2;
    const field = String(cells[fieldIndex] ?? "").trim();
    const column = byField.get(field);
    const location = { sheet: table.name, row, column: "value", columnIndex: valueIndex };
    if (column === undefined || seen.has(field)) {
      reading.issue(
        { sheet: table.name, row, column: "field", columnIndex: fieldIndex },
        "",
        column === undefined
          ? `unknown setting "${field}" (known: ${settings.map((c) => c.field).join(", ")})`
          : `setting ${field} appears twice`,
      );
      return;
    }
    seen.add(field);
    const path = field.split(".");
    reading.locate(path, location);
    const read = readCell(column.kind, cells[valueIndex] ?? null);
    if (read === undefined) return;
    if ("error" in read) {
      const pointer = jsonPointer(path);
      reading.unreadable.add(pointer);
      reading.issue(location, pointer, read.error);
    } else setPath(network, field, read.value);
  });
  return network;
}

/**
 * The network the tables stand for, checked by the network schema, or every problem at once: each
 * unreadable cell and each schema issue, with its sheet, row, column and JSON pointer. A sheet
 * that is absent leaves its list absent; blank cells leave fields absent (their defaults apply);
 * blank rows are skipped; header cells may carry a unit in brackets after the field name.
 */
export function tablesToNetwork(input: readonly Table[]): TablesToNetworkResult {
  const reading = new Reading();
  const tables = new Map<string, Table>();
  const known = new Set<string>(networkSheetNames);
  for (const table of input) {
    const location = { sheet: table.name, row: null, column: null, columnIndex: null };
    if (!known.has(table.name))
      reading.issue(
        location,
        "",
        `unknown sheet "${table.name}" (known: ${networkSheetNames.join(", ")})`,
      );
    else if (tables.has(table.name))
      reading.issue(location, "", `sheet ${table.name} appears twice`);
    else tables.set(table.name, table);
  }
  const network = readSettings(tables.get("settings"), reading);
  const periodRows = readList(periods, tables, reading, undefined);
  const periodIds = periodRows?.map((p) => String(p.id ?? ""));
  const set = (field: string, value: unknown) => {
    if (value !== undefined) network[field] = value;
  };
  set("modes", readList(modes, tables, reading, periodIds));
  set("plants", readList(plants, tables, reading, periodIds));
  set("smelters", readList(smelters, tables, reading, periodIds));
  set("ports", readList(ports, tables, reading, periodIds));
  set("lanes", readList(lanes, tables, reading, periodIds));
  set("periods", periodRows);
  const marketRows = readList(markets, tables, reading, periodIds);
  readChildren(marketTiers, "markets", "tiers", marketRows, tables, reading);
  // A market without tier rows: the schema names its missing tiers at the market's row.
  set("markets", marketRows);
  set("exportRoutes", readList(exportRoutes, tables, reading, periodIds));
  set("surcharges", readList(surcharges, tables, reading, periodIds));
  set("hubs", readList(hubs, tables, reading, periodIds));
  set("legs", readList(legs, tables, reading, periodIds));
  const corridorRows = readList(corridors, tables, reading, periodIds);
  readChildren(corridorLinks, "corridors", "links", corridorRows, tables, reading);
  set("corridors", corridorRows);
  set("contracts", readList(contracts, tables, reading, periodIds));
  const junctions = readList(landJunctions, tables, reading, periodIds);
  const links = readList(landLinks, tables, reading, periodIds);
  const access = readList(landAccess, tables, reading, periodIds);
  if (junctions !== undefined || links !== undefined || access !== undefined) {
    network.landRoutes = {
      junctions: junctions ?? [],
      links: links ?? [],
      ...(access === undefined ? {} : { access }),
    };
  }
  const parsed = parseNetwork(network);
  if (parsed.ok && reading.issues.length === 0) return { ok: true, network: parsed.network };
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      // A cell already reported as unreadable: the schema would only say it is missing.
      if (
        [...reading.unreadable].some(
          (p) => issue.pointer === p || issue.pointer.startsWith(`${p}/`),
        )
      )
        continue;
      reading.issue(reading.find(issue.pointer), issue.pointer, issue.message);
    }
  }
  return { ok: false, issues: reading.issues };
}
