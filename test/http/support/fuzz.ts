// What the fuzz tests share: hostile values, a mutator for JSON documents, and the one rule every answer keeps.
import fc from "fast-check";
import { expect } from "vitest";
import { planSchema } from "../../../models/allocation/plan-schema.ts";
import { problemSchema } from "../../../src/http/shared/problems.ts";

/** An object whose own key is literally "__proto__", as JSON.parse makes it. */
const protoKeyed = () => JSON.parse('{"__proto__": {"polluted": true}, "id": "a"}');

// Deep nesting travels through fast-check as this marker (whose printer recurses), and becomes
// JSON nested that many levels deep only in the request body.
const deepMarker = "\u0000deep:";

/** The JSON text of `value`, with each deep-nesting marker written out as nested arrays and objects. */
export function toBody(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000deep:(\d+)"/g, (_, depth: string) => {
    const n = Number(depth);
    return `${'{"a":['.repeat(n)}1${"]}".repeat(n)}`;
  });
}

/** Ids that are dangerous as plain-object keys, ids of the base networks, and unknown ones. */
export const hostileId = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "a",
  "b",
  "x",
  "y",
  "p",
  "rail",
  "road",
  "nowhere",
  "",
  "-a",
  "a".repeat(65),
);

/** Numbers and number-lookalikes that break arithmetic, bounds or parsing. */
export const hostileNumber = fc.oneof(
  fc.constantFrom(
    -1,
    -0,
    0,
    1e-320,
    5e-324,
    0.1,
    1e15,
    2 ** 53 + 2,
    1e300,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    -1e308,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "", " 1", "0x10", "1,000", "-0"),
);

/** Any value a hostile client might put where a field goes. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileNumber,
  hostileId,
  fc.string({ maxLength: 30 }),
  fc.constantFrom("x".repeat(5_000), "\u0000\uffff\ud800", "<script>alert(1)</script>"),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), hostileId), { maxLength: 4 }),
  fc.dictionary(hostileId, fc.integer(), { maxKeys: 3 }),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => `${deepMarker}${depth}`),
  fc.constant(null).map(protoKeyed),
  fc.constant(null).map(() => ({ constructor: { prototype: { polluted: true } } })),
);

type Json = unknown;
type Path = (string | number)[];

/** Every path in a JSON document, the root included. */
function paths(value: Json, at: Path = []): Path[] {
  const inner =
    Array.isArray(value) || (value !== null && typeof value === "object")
      ? Object.entries(value as object).flatMap(([k, v]) =>
          paths(v, [...at, Array.isArray(value) ? Number(k) : k]),
        )
      : [];
  return [at, ...inner];
}

export interface Mutation {
  /** Which path, modulo the number of paths. */
  pick: number;
  /** 0 replace, 1 delete, 2 add an unknown field, 3 repeat an array element (duplicates), 4 set a prototype-named key. */
  how: number;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  how: fc.nat({ max: 4 }),
  value: hostileValue,
});

/** A copy of `document` with the mutations applied in order. */
export function mutate(document: Json, mutations: readonly Mutation[]): Json {
  let root = structuredClone(document);
  for (const mutation of mutations) {
    const { pick, how } = mutation;
    // A copy (JSON keeps an own "__proto__" key), so later mutations never reach fast-check's value.
    const value =
      mutation.value === undefined ? undefined : JSON.parse(JSON.stringify(mutation.value));
    const all = paths(root);
    const path = all[pick % all.length] ?? [];
    if (path.length === 0) {
      root = how === 0 ? value : root;
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k], root);
    const key = path[path.length - 1] as string | number;
    const target = parent as Record<string | number, Json>;
    const current = target[key];
    if (how === 0) target[key] = value;
    else if (how === 1) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete target[key];
    } else if (how === 2 && current !== null && typeof current === "object") {
      (current as Record<string, Json>)[`unknown_${pick % 7}`] = value;
    } else if (how === 3 && Array.isArray(current) && current.length > 0) {
      const times = 1 + (pick % 50);
      for (let i = 0; i < times; i++) current.push(structuredClone(current[i % current.length]));
    } else if (how === 4 && current !== null && typeof current === "object") {
      Object.defineProperty(current, ["__proto__", "constructor", "prototype"][pick % 3] ?? "", {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else target[key] = value;
  }
  return root;
}

/**
 * The rule: never a 5xx; an error is problem+json with a stable code; a 200 from a solve is a plan
 * that parses with the plan schema (so every number in it is finite).
 */
export async function expectSafeAnswer(
  response: Response,
  what: string,
  kind: "plan" | "json" = "json",
): Promise<unknown> {
  const text = await response.text();
  const context = `${what} -> ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), context).toBe("application/problem+json");
    const problem = problemSchema.safeParse(JSON.parse(text));
    expect(problem.success, context).toBe(true);
    expect(problem.data?.status, context).toBe(response.status);
    return undefined;
  }
  if (!response.headers.get("content-type")?.includes("json")) return text;
  const body = JSON.parse(text);
  if (kind === "plan") {
    const plan = planSchema.safeParse(body);
    expect(plan.success, `${context}\n${plan.error?.message}`).toBe(true);
  }
  return body;
}

/** Own properties of Object.prototype: a polluted prototype grows new ones. */
export const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
