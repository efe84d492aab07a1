// All repositories over one database, sharing the injected id generator and clock.
import { createApiKeyRepository } from "./api-keys.ts";
import { createDatasetRepository } from "./datasets.ts";
import type { Db } from "./db.ts";
import { createHealthRepository } from "./health.ts";
import { createIdempotencyRepository } from "./idempotency.ts";
import type { NewId } from "./ids.ts";
import { createJobRepository } from "./jobs.ts";
import { createOrganisationRepository } from "./organisations.ts";
import { createPlanRepository } from "./plans.ts";
import { createScenarioRepository } from "./scenarios.ts";
import { createTransferRepository } from "./transfer.ts";
import { createUsageRepository } from "./usage.ts";
import { createWebhookRepository } from "./webhooks.ts";

export function createRepositories(deps: { db: Db; newId: NewId; clock: () => Date }) {
  const { db, newId, clock } = deps;
  return {
    datasets: createDatasetRepository(db, newId, clock),
    scenarios: createScenarioRepository(db, newId, clock),
    plans: createPlanRepository(db, newId, clock),
    organisations: createOrganisationRepository(db, newId, clock),
    apiKeys: createApiKeyRepository(db, newId, clock),
    idempotency: createIdempotencyRepository(db),
    jobs: createJobRepository(db, newId, clock),
    health: createHealthRepository(db),
    usage: createUsageRepository(db),
    webhooks: createWebhookRepository(db, newId, clock),
    transfer: createTransferRepository(db, newId),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
