// Checking a bundle's content hashes: every item's hash recomputed from what it holds. The import
// route and `npm run transfer` (on both ends of a move) run the same check.
import type { z } from "@hono/zod-openapi";
import { contentHash } from "../../storage/content-hash.ts";
import { planContentHash, scenarioContentHash } from "../../storage/transfer.ts";
import type { ProblemItem } from "../shared/problems.ts";
import type { exportBundleSchema } from "./transfer.routes.ts";

/** A bundle as the schema reads it: networks validated, defaults filled in. */
export type BundleInput = z.output<typeof exportBundleSchema>;

const mismatch = (pointer: string, actual: string): ProblemItem => ({
  pointer: `${pointer}/contentHash`,
  message: `the item hashes to ${actual}, not to its contentHash`,
});

/**
 * One problem per item whose content does not hash to its contentHash. Datasets hash as POST
 * /v1/datasets hashes them, the validated network (`bundle`); scenarios and plans as sent (`raw`),
 * since they are stored as sent and so export again exactly so.
 */
export async function hashMismatches(
  bundle: BundleInput,
  raw: Record<string, unknown>,
): Promise<ProblemItem[]> {
  const errors: ProblemItem[] = [];
  for (const [i, item] of bundle.datasets.entries()) {
    if (item.network === undefined) continue;
    const actual = await contentHash(item.network);
    if (actual !== item.contentHash) errors.push(mismatch(`/datasets/${i}`, actual));
  }
  const rawScenarios = raw.scenarios as BundleInput["scenarios"];
  for (const [i, item] of bundle.scenarios.entries()) {
    const sent = rawScenarios[i];
    const actual = sent === undefined ? "nothing" : await scenarioContentHash(sent);
    if (actual !== item.contentHash) errors.push(mismatch(`/scenarios/${i}`, actual));
  }
  const rawPlans = raw.plans as BundleInput["plans"];
  for (const [i, item] of bundle.plans.entries()) {
    const sent = rawPlans[i];
    const actual = sent === undefined ? "nothing" : await planContentHash(sent);
    if (actual !== item.contentHash) errors.push(mismatch(`/plans/${i}`, actual));
  }
  return errors;
}
