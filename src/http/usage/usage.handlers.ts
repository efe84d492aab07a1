// Handler of GET /v1/usage.
import type { QuotaName } from "../../storage/usage.ts";
import type { AppRouteHandler } from "../shared/types.ts";
import type * as routes from "./usage.routes.ts";

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { repositories, limits } = c.var.services;
  const usage = await repositories.usage.of(c.var.organisationId);
  const quota = (name: QuotaName) => ({ used: usage[name], limit: limits.quotas[name] });
  return c.json(
    {
      storedBytes: quota("storedBytes"),
      datasets: quota("datasets"),
      scenarios: quota("scenarios"),
      plans: quota("plans"),
      apiKeys: quota("apiKeys"),
    },
    200,
  );
};
