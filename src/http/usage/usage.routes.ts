// Contract of GET /v1/usage: what the caller's organisation stores against each of its quotas.
import { createRoute, z } from "@hono/zod-openapi";
import { authorised } from "../shared/auth.ts";
import { keyProblems, problems } from "../shared/problems.ts";

const quotaUsageSchema = (what: string) =>
  z
    .object({
      used: z.number().int().nonnegative(),
      limit: z.number().int().positive(),
    })
    .describe(what);

export const usageSchema = z
  .object({
    storedBytes: quotaUsageSchema(
      "Bytes (UTF-8) of the stored network and plan JSON; QUOTA_STORED_MB",
    ),
    datasets: quotaUsageSchema("Datasets the organisation stores; QUOTA_DATASETS"),
    scenarios: quotaUsageSchema("Scenarios; QUOTA_SCENARIOS"),
    plans: quotaUsageSchema("Plans; QUOTA_PLANS"),
    apiKeys: quotaUsageSchema("Unrevoked API keys; QUOTA_API_KEYS"),
  })
  .openapi("Usage", {
    example: {
      storedBytes: { used: 48_213_771, limit: 1_073_741_824 },
      datasets: { used: 12, limit: 1000 },
      scenarios: { used: 40, limit: 10_000 },
      plans: { used: 311, limit: 10_000 },
      apiKeys: { used: 3, limit: 100 },
    },
  });

export const get = createRoute({
  ...authorised("viewer"),
  method: "get",
  path: "/v1/usage",
  tags: ["Service"],
  operationId: "getUsage",
  summary: "The organisation's usage against its quotas",
  description:
    "A create that would pass a quota is 403 `quota_exceeded`, naming the quota, its limit, the usage and what it would add. The shared catalogue counts against no organisation.",
  responses: {
    200: {
      description: "Usage and limit of every quota",
      content: { "application/json": { schema: usageSchema } },
    },
    ...problems(...keyProblems),
  },
});
