// Infeasibility diagnosis in words: each conflict as one sentence with its tonnes, each change as an instruction.
import type { exportSide } from "./diagnosis-markets.ts";
import type { Conflict, HardLimit } from "./diagnosis-schema.ts";

export const fmtT = (tonnes: number) => `${Math.round(tonnes).toLocaleString("en-US")} t`;
export const list = (names: readonly string[]) =>
  names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;

export function describeChange(limit: HardLimit, id: string, byT: number): string {
  const t = fmtT(byT);
  switch (limit) {
    case "demand":
      return `leave ${t} of smelter ${id}'s demand unmet (allowShortfall, or lower its demand)`;
    case "minExport":
      return `lower port ${id}'s minimum export by ${t}`;
    case "minOutput":
      return `lower plant ${id}'s minimum output by ${t}`;
    case "capacity":
      return `raise plant ${id}'s capacity by ${t}`;
    case "maxExport":
      return `raise port ${id}'s maximum export by ${t}`;
    case "laneCapacity":
      return `raise the capacity of lane ${id} by ${t}`;
    case "closedLane":
      return `open lane ${id} and send ${t} on it`;
    case "co2Cap":
      return `raise the CO2 cap by ${byT.toFixed(1)} t CO2`;
    case "routeCapacity":
      return `raise the capacity of export route ${id} by ${t}`;
    case "contractMin":
      return `lower contract ${id}'s minT by ${t}`;
    case "contractMax":
      return `raise contract ${id}'s maxT by ${t}`;
    case "marketCapacity":
      return `let export market ${id} take ${t} more (raise its last tier's upToT by ${t})`;
    case "hubCapacity":
      return `raise hub ${id}'s capacity by ${t}`;
    case "legCapacity":
      return `raise the capacity of leg ${id} by ${t}`;
    case "corridorCapacity":
      return `raise corridor ${id}'s capacity by ${t}`;
    case "inventoryCapacity":
      return `raise the stock capacity of ${id} (inventory.capacityT) by ${t}`;
  }
}

/** A sentence of a periodic diagnosis, said of its period or periods: "in 2024-02: ...". */
export function inPeriods(periods: readonly string[], text: string): string {
  // A conflict is a sentence ("Smelter x needs ..."), a change an instruction ("raise ...").
  const sentence = /^[A-Z][a-z]/.test(text);
  const said = sentence ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
  return `${sentence ? "In" : "in"} ${list(periods)}: ${said}`;
}

/**
 * A surplus in words: what the plants must make and the ports must export, against what the
 * smelters, ports, export markets (with what their tiers take) and full routes they reach take.
 */
export function describeSurplus(
  region: Pick<Conflict, "plants" | "smelters" | "ports"> & {
    side: ReturnType<typeof exportSide>;
  },
  needT: number,
  availableT: number,
  missingT: number,
): string {
  const { plants, side } = region;
  const forcing = side.forcingPorts;
  const who = list([
    ...(plants.length > 0
      ? [`${plants.length === 1 ? "plant" : "plants"} ${list(plants)} must make`]
      : []),
    ...(forcing.length > 0
      ? [`${forcing.length === 1 ? "port" : "ports"} ${list(forcing)} must export`]
      : []),
  ]);
  const need = `${who.charAt(0).toUpperCase()}${who.slice(1)} at least ${fmtT(needT)}`;
  const rest = `${fmtT(missingT)} have nowhere to go.`;
  const { smelters, ports } = region;
  if (side.markets.length + side.fullRoutes.length === 0) {
    const takers = [...smelters, ...ports];
    const reach =
      takers.length === 0 ? "network" : `smelters and ports they can reach (${list(takers)})`;
    return `${need}, but the ${reach} can take only ${fmtT(availableT)}: ${rest}`;
  }
  const named = (one: string, many: string, ids: readonly string[]) =>
    ids.length === 0 ? [] : [`${ids.length === 1 ? one : many} ${list(ids)}`];
  const takers = [
    ...named("smelter", "smelters", smelters),
    ...named("port", "ports", ports),
    ...side.markets.map(
      (m) =>
        `export market ${m.id}: ${m.limitT === null ? fmtT(m.tonnes) : `at most ${fmtT(m.limitT)}`}`,
    ),
    ...side.fullRoutes.map((r) => `full export route ${r.id}: ${fmtT(r.tonnes)}`),
  ];
  const it = plants.length + forcing.length === 1 ? "it" : "they";
  return `${need}, but what ${it} can reach takes only ${fmtT(availableT)} (${takers.join("; ")}): ${rest}`;
}

export function describeShortage(
  smelters: readonly string[],
  ports: readonly string[],
  plants: readonly string[],
  needT: number,
  availableT: number,
  missingT: number,
  lanesLimit: boolean,
  stockLimit = false,
  /** Full hubs and legs the relaxation widens ("hub f", "leg a>f:coastal"), if any. */
  routesLimit: readonly string[] = [],
): string {
  const who = list([
    ...(smelters.length > 0
      ? [`${smelters.length === 1 ? "smelter" : "smelters"} ${list(smelters)}`]
      : []),
    ...(ports.length > 0 ? [`${ports.length === 1 ? "port" : "ports"} ${list(ports)}`] : []),
  ]);
  const one = smelters.length + ports.length === 1;
  const need = `${who.charAt(0).toUpperCase()}${who.slice(1)} ${one ? "needs" : "need"} ${fmtT(needT)}`;
  const it = one ? "it" : "them";
  if (routesLimit.length > 0)
    return `${need}, but only ${fmtT(needT - missingT)} can reach ${it} through ${list(routesLimit)}, full: ${fmtT(missingT)} missing.`;
  // With periods, stock carried in from another period limits a region as full lanes do.
  const full = list([
    ...(lanesLimit ? [`the full lanes into ${it}`] : []),
    ...(stockLimit ? [`the full stock carried into ${it}`] : []),
  ]);
  if (plants.length === 0 && full === "")
    return `${need}, but no open lane reaches ${it} (closed lanes cut ${it} off): ${fmtT(missingT)} missing.`;
  const from =
    plants.length > 0
      ? `the plants that can reach ${it} (${list(plants)})${full === "" ? "" : ` and ${full}`}`
      : full;
  return `${need}, but ${from} can supply only ${fmtT(availableT)}: ${fmtT(missingT)} missing.`;
}
