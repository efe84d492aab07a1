// Colours and widths: modes, province shading (surplus/deficit or marginal cost), arc widths.

// Dark blue and near-black stay readable over every province fill (whose ramps run through purple,
// orange and red); further modes take Okabe-Ito colours. Road arcs are dashed too. The water modes
// of multimodal routes take green (coastal, dotted) and sky blue (river, dashed).
const modePalette = ["#08519c", "#222222", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const knownModes: Record<string, number> = { rail: 0, road: 1, coastal: 2, river: 5 };

export function modeColour(mode: string, modes: readonly string[]): string {
  const index = knownModes[mode] ?? modes.indexOf(mode);
  return modePalette[Math.max(0, index) % modePalette.length] as string;
}

/** Dash pattern per mode, so that modes differ by more than colour. */
export function modeDash(mode: string, modes: readonly string[]): string | undefined {
  if (mode === "coastal") return "2 3";
  const index = knownModes[mode] ?? modes.indexOf(mode);
  return index % 2 === 1 ? "6 3" : undefined;
}

// PRGn's dark ends, told apart with colour blindness too; lost arcs are dashed as well.
export const gainedColour = "#1b7837";
export const lostColour = "#762a83";
// Tonnes moved from one mode to another between the same sites: a blue apart from both (and from
// the province ramps), drawn as a double line so it differs in shape too.
export const switchColour = "#2166ac";

/** A comparison arc's colour: moved between modes, gained or lost. */
export const changeColour = (arc: { tonnes: number; switched?: unknown }) =>
  arc.switched ? switchColour : arc.tonnes > 0 ? gainedColour : lostColour;

type Rgb = readonly [number, number, number];

const hex = (colour: string): Rgb => [
  Number.parseInt(colour.slice(1, 3), 16),
  Number.parseInt(colour.slice(3, 5), 16),
  Number.parseInt(colour.slice(5, 7), 16),
];

function mix(stops: readonly string[], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const a = hex(stops[i] as string);
  const b = hex(stops[i + 1] as string);
  const f = position - i;
  const channel = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

// Province fills are the ground and arcs the figure, so both ramps stop short of their darkest
// classes. ColorBrewer PuOr: purple for provinces that ship out (surplus), orange for those that
// take in (deficit).
export const balanceStops = [
  "#8073ac",
  "#b2abd2",
  "#d8daeb",
  "#f7f7f7",
  "#fee0b6",
  "#fdb863",
  "#e08214",
];
// ColorBrewer YlOrRd: the dearer the next tonne, the darker.
export const costStops = ["#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#f03b20"];

/** Net inflow (t) as a colour: negative (ships out) purple, positive (takes in) orange. */
export function balanceColour(netInflowT: number, maxAbsT: number): string {
  if (maxAbsT <= 0) return balanceStops[3] as string;
  // The square root keeps mid-sized provinces from washing out beside the two or three giants.
  const t = Math.sign(netInflowT) * Math.sqrt(Math.abs(netInflowT) / maxAbsT);
  return mix(balanceStops, (t + 1) / 2);
}

export function costColour(value: number, min: number, max: number): string {
  return mix(costStops, max > min ? (value - min) / (max - min) : 0.5);
}

/** Stroke width of an arc, 1 to 9 px, by the square root of its tonnes against the largest. */
export function arcWidth(tonnes: number, maxTonnes: number): number {
  return maxTonnes > 0 ? 1 + 8 * Math.sqrt(Math.abs(tonnes) / maxTonnes) : 1;
}

/** Radius of a site's symbol, 2.5 to 8 px, by the square root of its size. */
export function siteRadius(sizeT: number, maxT: number): number {
  return maxT > 0 ? 2.5 + 5.5 * Math.sqrt(sizeT / maxT) : 3;
}

export const gradient = (stops: readonly string[]) =>
  `linear-gradient(to right, ${stops.join(", ")})`;
