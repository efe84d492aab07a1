// The a / b / b - a triples a comparison reports, as zod schemas with the unit in each description.
import { z } from "zod";

export const amount = (unit: string) =>
  z.object({
    a: z.number().describe(`Plan a, ${unit}`),
    b: z.number().describe(`Plan b, ${unit}`),
    delta: z.number().describe(`b - a, ${unit}`),
  });

export const amountOrNull = (unit: string) =>
  z.object({
    a: z.number().nullable().describe(`Plan a, ${unit}; null when a has no value`),
    b: z.number().nullable().describe(`Plan b, ${unit}; null when b has no value`),
    delta: z.number().nullable().describe(`b - a, ${unit}; null unless both have a value`),
  });

export type Amount = z.infer<ReturnType<typeof amount>>;

/** a, b and b - a. */
export const triple = (a: number, b: number): Amount => ({ a, b, delta: b - a });
