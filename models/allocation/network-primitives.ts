// Building blocks the network format's modules share: identifiers, bounded quantities, issue reporting.
import { z } from "zod";

export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, '_', '.' or '-', at most 64")
  .describe("Identifier, unique across plants, smelters and ports (modes have their own ids)");

// Upper bounds are sanity limits far beyond any real network (world anode output is ~0.03 Gt/yr)
// that keep every tonnes x CNY/t product below 2^53, so costs stay exact and never overflow.
export const tonnes = z.number().nonnegative().max(1e9);
export const cnyPerT = z.number().nonnegative().max(1e6);
export const latitude = z.number().min(-90).max(90).describe("Degrees north (WGS84)");
export const longitude = z.number().min(-180).max(180).describe("Degrees east (WGS84)");

/** Where a check reports a problem: zod's refinement context, typed structurally so that the
 * network's part modules need not import the whole network's type. */
export interface IssueSink {
  addIssue(issue: { code: "custom"; path: PropertyKey[]; message: string }): void;
}

/** Reports each id already in `seen` (shared across lists that form one namespace). */
export function duplicateIds(
  ctx: IssueSink,
  items: readonly { id: string }[],
  field: string,
  seen: Map<string, string>,
) {
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [field, i, "id"],
        message: `duplicate id "${item.id}" (first used at ${first})`,
      });
    } else seen.set(item.id, `/${field}/${i}`);
  });
}
