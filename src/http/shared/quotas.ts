// Per-organisation quotas: what a create would add against what is stored, refused with 403 quota_exceeded.
import type { Quotas } from "../../config.ts";
import type { QuotaName, Usage } from "../../storage/usage.ts";
import { ApiError } from "./problems.ts";
import type { Services } from "./types.ts";

const units: Record<QuotaName, string> = {
  storedBytes: "bytes of stored JSON",
  datasets: "datasets",
  scenarios: "scenarios",
  plans: "plans",
  apiKeys: "unrevoked API keys",
};

/** The problem for the first quota that `adding` would pass; undefined when every one holds. */
export function quotaExcess(
  usage: Usage,
  quotas: Quotas,
  adding: Partial<Usage>,
): ApiError | undefined {
  for (const [name, requested] of Object.entries(adding) as [QuotaName, number][]) {
    const used = usage[name];
    const limit = quotas[name];
    if (used + requested <= limit) continue;
    return new ApiError(
      "quota_exceeded",
      `This organisation may keep ${limit} ${units[name]} and uses ${used}; this request would add ${requested}`,
      undefined,
      undefined,
      { name, limit, used, requested },
    );
  }
  return undefined;
}

/** Throws 403 quota_exceeded when `adding` would pass one of the organisation's quotas. */
export async function checkQuota(
  services: Services,
  organisationId: string,
  adding: Partial<Usage>,
): Promise<void> {
  const usage = await services.repositories.usage.of(organisationId);
  const excess = quotaExcess(usage, services.limits.quotas, adding);
  if (excess !== undefined) throw excess;
}
