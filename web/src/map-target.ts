// What the map points at (by pointer, arrow keys or a table row), as a value rather than a string.

export type MapTarget =
  /** One arc as drawn, by its key in map-model.ts. */
  | { kind: "arc"; key: string }
  /** The arc that holds a flow of the plan (or a comparison's flow delta), by its flow key. */
  | { kind: "flow"; key: string }
  | { kind: "province"; name: string }
  /** The nodes of one kind at one place, by the site's key. */
  | { kind: "site"; key: string }
  /** A transshipment hub, by its id. */
  | { kind: "hub"; key: string };

/** The target's `data-target` attribute, by which the tooltip finds the element it sits beside. */
export const targetId = (target: MapTarget): string =>
  target.kind === "province" ? `province:${target.name}` : `${target.kind}:${target.key}`;

/**
 * Pointer handlers that make an element the highlighted target while the pointer is on it (here,
 * not in map-layers.tsx, so map-hub-layers.tsx takes it without an import cycle).
 */
export type Point = (target: MapTarget) => {
  onMouseEnter: (event: MouseEvent) => void;
  onMouseMove: (event: MouseEvent) => void;
  onMouseLeave: () => void;
};
