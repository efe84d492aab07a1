// What an organisation has stored, against its quotas: counts of datasets, scenarios, plans and live keys, and bytes.
import { and, count, eq, isNull, sum } from "drizzle-orm";
import type { Db } from "./db.ts";
import { apiKeys, datasets, plans, scenarios } from "./schema.ts";

export interface Usage {
  /** UTF-8 bytes of the stored network and plan JSON. */
  storedBytes: number;
  datasets: number;
  scenarios: number;
  plans: number;
  /** Keys that are not revoked. */
  apiKeys: number;
}

export type QuotaName = keyof Usage;

export function createUsageRepository(db: Db) {
  return {
    /** Counted afresh (indexed by organisation), so usage is never out of step with the data. */
    async of(organisationId: string): Promise<Usage> {
      const [datasetRows, scenarioRows, planRows, keyRows] = await db.batch([
        db
          .select({ n: count(), bytes: sum(datasets.bytes) })
          .from(datasets)
          .where(eq(datasets.organisationId, organisationId)),
        db
          .select({ n: count() })
          .from(scenarios)
          .where(eq(scenarios.organisationId, organisationId)),
        db
          .select({ n: count(), bytes: sum(plans.bytes) })
          .from(plans)
          .where(eq(plans.organisationId, organisationId)),
        db
          .select({ n: count() })
          .from(apiKeys)
          .where(and(eq(apiKeys.organisationId, organisationId), isNull(apiKeys.revokedAt))),
      ]);
      return {
        storedBytes: Number(datasetRows[0]?.bytes ?? 0) + Number(planRows[0]?.bytes ?? 0),
        datasets: datasetRows[0]?.n ?? 0,
        scenarios: scenarioRows[0]?.n ?? 0,
        plans: planRows[0]?.n ?? 0,
        apiKeys: keyRows[0]?.n ?? 0,
      };
    },
  };
}
