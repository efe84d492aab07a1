// Per-organisation quotas: what a create would add against what is stored and what creates in flight hold, refused with 403 quota_exceeded.
import type { Quotas } from "../../config.ts";
import type { QuotaName, Usage } from "../../storage/usage.ts";
import { ApiError } from "./problems.ts";
import type { QuotaHolds, Services } from "./types.ts";

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
      `This organisation may keep ${limit} ${units[name]} and uses ${used} (stored, or being stored by other requests); this request would add ${requested}`,
      undefined,
      undefined,
      { name, limit, used, requested },
    );
  }
  return undefined;
}

const nothing: Usage = { storedBytes: 0, datasets: 0, scenarios: 0, plans: 0, apiKeys: 0 };

const sum = (a: Usage, b: Partial<Usage>, sign = 1): Usage => ({
  storedBytes: a.storedBytes + sign * (b.storedBytes ?? 0),
  datasets: a.datasets + sign * (b.datasets ?? 0),
  scenarios: a.scenarios + sign * (b.scenarios ?? 0),
  plans: a.plans + sign * (b.plans ?? 0),
  apiKeys: a.apiKeys + sign * (b.apiKeys ?? 0),
});

/**
 * Holds in memory, per process (per isolate on Workers, like the solve gate). Checks and releases
 * take turns per organisation: a check that read the stored usage before a create wrote its row
 * still sees that create's hold, and one that reads it after sees the row.
 */
export function createQuotaHolds(): QuotaHolds {
  const holds = new Map<string, Usage>();
  const turns = new Map<string, Promise<unknown>>();

  function inTurn<T>(organisationId: string, work: () => Promise<T>): Promise<T> {
    const result = (turns.get(organisationId) ?? Promise.resolve()).then(work);
    const done = result.catch(() => undefined);
    turns.set(organisationId, done);
    void done.then(() => {
      if (turns.get(organisationId) === done) turns.delete(organisationId);
    });
    return result;
  }

  const held = (organisationId: string) => holds.get(organisationId) ?? nothing;

  return {
    held,
    hold: (organisationId, adding, fits) =>
      inTurn(organisationId, async () => {
        const admitted = await fits(held(organisationId));
        if (admitted) holds.set(organisationId, sum(held(organisationId), adding));
        return admitted;
      }),
    release: (organisationId, adding) =>
      inTurn(organisationId, async () => {
        const left = sum(held(organisationId), adding, -1);
        if (Object.values(left).every((n) => n === 0)) holds.delete(organisationId);
        else holds.set(organisationId, left);
      }),
  };
}

type QuotaServices = Pick<Services, "repositories" | "limits" | "quotaHolds">;

/**
 * Throws 403 quota_exceeded when `adding` would pass one of the organisation's quotas, counting
 * what creates in flight hold. Holds nothing: for refusing early, before work that precedes a create.
 */
export async function checkQuota(
  services: QuotaServices,
  organisationId: string,
  adding: Partial<Usage>,
): Promise<void> {
  const stored = await services.repositories.usage.of(organisationId);
  const usage = sum(stored, services.quotaHolds.held(organisationId));
  const excess = quotaExcess(usage, services.limits.quotas, adding);
  if (excess !== undefined) throw excess;
}

/**
 * Runs `create` with `adding` held against the organisation's quotas until it has written or
 * failed, so parallel creates cannot jointly pass a quota. Past one it throws 403
 * quota_exceeded, unless `exempt` says the create stores nothing new (content already held).
 */
export async function withQuota<T>(
  services: QuotaServices,
  organisationId: string,
  adding: Partial<Usage>,
  create: () => Promise<T>,
  exempt?: () => Promise<boolean>,
): Promise<T> {
  const { quotaHolds, repositories, limits } = services;
  let excess: ApiError | undefined;
  const admitted = await quotaHolds.hold(organisationId, adding, async (held) => {
    const stored = await repositories.usage.of(organisationId);
    excess = quotaExcess(sum(stored, held), limits.quotas, adding);
    return excess === undefined;
  });
  if (!admitted) {
    if (exempt !== undefined && (await exempt())) return create();
    throw excess;
  }
  try {
    return await create();
  } finally {
    await quotaHolds.release(organisationId, adding);
  }
}
