// A fast path for the one large, regular part of a network file: its lanes. zod takes ~2 us a lane
// (0.5 s of a 250k-lane file's 2.1 s end to end); this loop checks the same rules in a tenth of that.
import type { z } from "zod";

/** The fields of laneSchema in its shape's order (a test holds this to the schema's keys). */
export const laneFields = [
  "from",
  "to",
  "mode",
  "distanceKm",
  "costPerT",
  "capacityT",
  "corridor",
  "lotT",
] as const;

// idSchema's pattern (network-primitives.ts); a test holds the two to the same answers.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A lane as laneSchema returns it: only the fields given, in the schema's order. */
export interface FastLane {
  from: string;
  to: string;
  mode: string;
  distanceKm?: number;
  costPerT?: number;
  capacityT?: number;
  corridor?: string;
  lotT?: number;
}

const inRange = (value: unknown, min: number, max: number): value is number =>
  typeof value === "number" && value >= min && value <= max;

/** Each field's place in laneFields. */
const fieldOrder: Readonly<Record<string, number>> = Object.fromEntries(
  laneFields.map((field, i) => [field, i]),
);

/**
 * The lanes as `z.array(laneSchema)` parses them, or undefined whenever this loop is not sure zod
 * would accept them just so (anything not a plain object, an unknown or undefined field, a value
 * out of its range): the caller then runs zod, so every error message stays zod's own. It accepts
 * a subset of what zod accepts and returns what zod would (fields in shape order), in a new array.
 * A lane whose fields are already in the shape's order, as JSON written from this format has
 * them, comes back as itself rather than as a copy: validated, with no object made for it. So
 * the result may share lane objects with the input, and whoever edits a parsed lane copies it
 * first (scenario.ts).
 */
export function parseLanesFast(input: unknown): FastLane[] | undefined {
  if (!Array.isArray(input)) return undefined;
  // Ids repeat (a plant's id on each of its lanes): each distinct string is matched once.
  const goodIds = new Set<string>();
  const isId = (value: unknown): value is string => {
    if (typeof value !== "string") return false;
    if (goodIds.has(value)) return true;
    if (!idPattern.test(value)) return false;
    goodIds.add(value);
    return true;
  };
  const lanes = new Array<FastLane>(input.length);
  // A lane's from and mode are most often the previous lane's (a plant's lanes come together):
  // the same string passes without a lookup.
  let lastFrom: string | undefined;
  let lastMode: string | undefined;
  const isIdAgain = (value: unknown, last: string | undefined): value is string =>
    value === last ? last !== undefined : isId(value);
  for (let i = 0; i < input.length; i++) {
    const lane = input[i] as Record<string, unknown>;
    if (
      typeof lane !== "object" ||
      lane === null ||
      Object.getPrototypeOf(lane) !== Object.prototype
    )
      return undefined;
    let fields = 0;
    let inOrder = true;
    let place = -1;
    for (const key in lane) {
      fields++;
      if (lane[key] === undefined) return undefined;
      const at = fieldOrder[key];
      if (at === undefined || !Object.hasOwn(fieldOrder, key)) return undefined;
      if (at < place) inOrder = false;
      place = at;
    }
    const { from, to, mode, distanceKm, costPerT, capacityT, corridor, lotT } = lane;
    if (!isIdAgain(from, lastFrom) || !isIdAgain(mode, lastMode) || !isId(to)) return undefined;
    lastFrom = from;
    lastMode = mode;
    let known = 3;
    if (distanceKm !== undefined) {
      if (!inRange(distanceKm, 0, 20_000)) return undefined;
      known++;
    }
    if (costPerT !== undefined) {
      if (!inRange(costPerT, 0, 1e6)) return undefined;
      known++;
    }
    if (capacityT !== undefined) {
      if (!inRange(capacityT, 0, 1e9)) return undefined;
      known++;
    }
    if (corridor !== undefined) {
      if (!isId(corridor)) return undefined;
      known++;
    }
    if (lotT !== undefined) {
      if (!inRange(lotT, 0, 1e7) || lotT === 0) return undefined;
      known++;
    }
    // A field the schema does not know (or an inherited one): zod decides what becomes of it.
    if (fields !== known) return undefined;
    lanes[i] = inOrder ? (lane as unknown as FastLane) : inShapeOrder(lane as unknown as FastLane);
  }
  return lanes;
}

/** A copy of `lane` with its fields in the shape's order, as zod returns it. */
function inShapeOrder(lane: FastLane): FastLane {
  const out: FastLane = { from: lane.from, to: lane.to, mode: lane.mode };
  if (lane.distanceKm !== undefined) out.distanceKm = lane.distanceKm;
  if (lane.costPerT !== undefined) out.costPerT = lane.costPerT;
  if (lane.capacityT !== undefined) out.capacityT = lane.capacityT;
  if (lane.corridor !== undefined) out.corridor = lane.corridor;
  if (lane.lotT !== undefined) out.lotT = lane.lotT;
  return out;
}

/**
 * `schema` (an array of lanes) with parseLanesFast tried first on each parse: what it accepts
 * comes back at once, anything else goes to zod's own parser, so the schema's answers, its
 * errors and its OpenAPI description are unchanged. zod 4 parses a schema through `_zod.run`
 * (the object parser looks it up on each child at parse time), which is the hook used here.
 */
export function withFastLanes<S extends z.ZodType>(schema: S): S {
  const internals = (
    schema as unknown as {
      _zod: {
        run: (payload: { value: unknown; issues: unknown[] }, ctx: unknown) => unknown;
      };
    }
  )._zod;
  const zodRun = internals.run;
  internals.run = (payload, ctx) => {
    // Encoding (z.encode) runs the schema backwards; only parsing takes the fast path.
    if ((ctx as { direction?: string } | undefined)?.direction !== "backward") {
      const lanes = parseLanesFast(payload.value);
      if (lanes) {
        payload.value = lanes;
        return payload;
      }
    }
    return zodRun(payload, ctx);
  };
  return schema;
}
