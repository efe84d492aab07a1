// The lanes' fast path accepts only what zod accepts, and returns exactly what zod returns.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { laneSchema, parseNetwork } from "../../../models/allocation/network.ts";
import { laneFields, parseLanesFast } from "../../../models/allocation/network-lanes-fast.ts";
import { idSchema } from "../../../models/allocation/network-primitives.ts";

// zod alone: a fresh array schema, without the fast path network.ts puts in front of it.
const zodLanes = z.array(laneSchema);

const validId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);
const anyId = fc.oneof(
  validId,
  fc.constantFrom("", "-a", ".a", "a b", "a/b", "é", "a".repeat(64), "a".repeat(65)),
  fc.string(),
  fc.constantFrom(1, null, true, {}, []),
);
// Numbers near every bound of the lane's fields, and values of other types.
const anyNumber = fc.oneof(
  fc.double({ min: 0, max: 2e6, noNaN: true }),
  fc.constantFrom(0, -0, -1e-9, 1e-9, 20_000, 20_000.5, 1e6, 1e6 + 1, 1e7, 1e7 + 1, 1e9, 1e9 + 1),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -1),
  fc.constantFrom("5", null, true, [], {}),
);
const validLane = fc.record(
  {
    from: validId,
    to: validId,
    mode: validId,
    distanceKm: fc.double({ min: 0, max: 20_000, noNaN: true }),
    costPerT: fc.double({ min: 0, max: 1e6, noNaN: true }),
    capacityT: fc.double({ min: 0, max: 1e9, noNaN: true }),
    corridor: validId,
    lotT: fc.double({ min: 1e-6, max: 1e7, noNaN: true }),
  },
  { requiredKeys: ["from", "to", "mode"] },
);
// A valid lane with its fields in any order, as a hand-written body may have them.
const shuffledLane = validLane.chain((lane) => {
  const keys = Object.keys(lane);
  return fc
    .shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length })
    .map((order) => Object.fromEntries(order.map((key) => [key, lane[key as keyof typeof lane]])));
});
const mutatedLane = fc.oneof(
  fc.record(
    {
      from: anyId,
      to: anyId,
      mode: anyId,
      distanceKm: anyNumber,
      costPerT: anyNumber,
      capacityT: anyNumber,
      corridor: anyId,
      lotT: anyNumber,
      extra: fc.constantFrom(1, "x", undefined),
    },
    { requiredKeys: [] },
  ),
  validLane.map((lane) => ({ ...lane, costPerT: undefined })),
  fc.constantFrom(null, 1, "lane", [], [1]),
);

/** Both answers for a list of lanes: zod's (its data or undefined) and the fast path's. */
function both(lanes: unknown[]) {
  // JSON text: what a network file or a request body is, and what the fast path sees in use.
  const input = JSON.parse(JSON.stringify(lanes, (_, v) => (v === undefined ? null : v)));
  const zod = zodLanes.safeParse(input);
  return { zod: zod.success ? zod.data : undefined, fast: parseLanesFast(input), input };
}

describe("lanes' fast path", () => {
  it("knows the schema's fields in the schema's order", () => {
    expect([...laneFields]).toEqual(Object.keys(laneSchema.shape));
  });

  it("accepts what zod accepts for valid lanes, field for field and in zod's key order", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validLane, shuffledLane), { maxLength: 20 }), (lanes) => {
        const { zod, fast, input } = both(lanes);
        expect(zod).toBeDefined();
        expect(fast).toBeDefined();
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
        expect(fast).not.toBe(input);
        // A lane already in the shape's order is kept as itself (no object made for it); one in
        // another order is copied into it, as zod does.
        fast?.forEach((lane, i) => {
          const given = JSON.stringify(Object.keys(input[i]));
          const ordered = JSON.stringify(laneFields.filter((field) => field in input[i]));
          if (given === ordered) expect(lane).toBe(input[i]);
          else expect(lane).not.toBe(input[i]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it("never accepts what zod rejects, and returns zod's own output when it accepts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(validLane, mutatedLane), { minLength: 1, maxLength: 5 }),
        (lanes) => {
          const { zod, fast } = both(lanes);
          if (fast !== undefined) {
            expect(zod).toBeDefined();
            expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
            expect(fast).toEqual(zod);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("leaves to zod the inputs JSON cannot write (undefined fields, -0, other prototypes)", () => {
    const lane = { from: "p", to: "s", mode: "rail" };
    expect(parseLanesFast([{ ...lane, costPerT: undefined }])).toBeUndefined();
    expect(parseLanesFast([Object.assign(Object.create({ x: 1 }), lane)])).toBeUndefined();
    expect(parseLanesFast([new Map()])).toBeUndefined();
    expect(parseLanesFast({ 0: lane, length: 1 })).toBeUndefined();
    // -0 is a valid distance, and comes back as itself, as from zod.
    expect(Object.is(parseLanesFast([{ ...lane, distanceKm: -0 }])?.[0]?.distanceKm, -0)).toBe(
      true,
    );
    expect(parseLanesFast([{ ...lane, lotT: -0 }])).toBeUndefined();
  });

  it("matches ids as idSchema does", () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const fast = parseLanesFast([{ from: id, to: "s", mode: "m" }]);
        expect(fast !== undefined).toBe(idSchema.safeParse(id).success);
      }),
      { numRuns: 2000 },
    );
  });

  it("still gives zod's errors for a network whose lanes it does not accept", () => {
    const network = {
      name: "n",
      modes: [{ id: "rail", fixedCostPerT: 1, costPerTKm: 0.1, co2KgPerTKm: 0 }],
      plants: [{ id: "p", name: "P", province: "x", lat: 30, lon: 110, capacityT: 10 }],
      smelters: [
        { id: "s", name: "S", province: "y", lat: 31, lon: 111, demandT: 5 },
        { id: "t", name: "T", province: "y", lat: 32, lon: 112, demandT: 5 },
      ],
      lanes: [
        { from: "p", to: "s", mode: "rail", costPerT: 1 },
        { from: "p", to: "t", mode: "rail", costPerT: -1 },
      ],
      options: {},
    };
    const parsed = parseNetwork(network);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.pointer)).toEqual(["/lanes/1/costPerT"]);
    const fine = parseNetwork({ ...network, lanes: [network.lanes[0]] });
    expect(fine.ok).toBe(true);
    if (fine.ok) expect(fine.network.lanes).toEqual([network.lanes[0]]);
    const duplicate = parseNetwork({ ...network, lanes: [network.lanes[0], network.lanes[0]] });
    expect(duplicate.ok).toBe(false);
    if (!duplicate.ok)
      expect(duplicate.issues).toEqual([
        { pointer: "/lanes/1", message: "duplicate lane p>s:rail (first at /lanes/0)" },
      ]);
  });

  it("names each duplicate lane once, whether its ends resolve or not and however many nodes", () => {
    const plants = Array.from({ length: 80 }, (_, i) => ({
      id: `p${i}`,
      name: "P",
      province: "x",
      lat: 30,
      lon: 110,
      capacityT: 10,
    }));
    const smelters = Array.from({ length: 80 }, (_, i) => ({
      id: `s${i}`,
      name: "S",
      province: "y",
      lat: 31,
      lon: 111,
      demandT: 1,
    }));
    const mode = { id: "rail", fixedCostPerT: 1, costPerTKm: 0.1, co2KgPerTKm: 0 };
    const lane = (from: string, to: string, m = "rail") => ({ from, to, mode: m });
    // Few lanes among 80 x 80 pairs: the key space is too sparse for a table, so a map keys them.
    for (const nodes of [80, 2]) {
      const network = {
        name: "n",
        modes: [mode, { ...mode, id: "road" }],
        plants: plants.slice(0, nodes),
        smelters: smelters.slice(0, nodes),
        lanes: [
          lane("p1", "s1"),
          lane("p1", "s1", "road"),
          lane("p1", "s1"),
          lane("nowhere", "s1"),
          lane("nowhere", "s1"),
          lane("p1", "s1", "road"),
        ],
        options: {},
      };
      const parsed = parseNetwork(network);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.issues).toEqual([
          { pointer: "/lanes/2", message: "duplicate lane p1>s1:rail (first at /lanes/0)" },
          { pointer: "/lanes/3/from", message: '"nowhere" is not a plant id' },
          { pointer: "/lanes/4/from", message: '"nowhere" is not a plant id' },
          { pointer: "/lanes/4", message: "duplicate lane nowhere>s1:rail (first at /lanes/3)" },
          { pointer: "/lanes/5", message: "duplicate lane p1>s1:road (first at /lanes/1)" },
        ]);
    }
  });
});
