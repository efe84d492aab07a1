// Plans: a solved plan with its provenance, its flows one row each, written in one transaction.
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Plan, PlanTotals } from "../../models/allocation/plan-schema.ts";
import { datasetIdsOf } from "./dataset-refs.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import type { Provenance } from "./records.ts";
import { planFlows, plans } from "./schema.ts";

export interface PlanSummary {
  id: string;
  scenarioId: string;
  datasetId: string;
  status: Plan["status"];
  objectiveValue: number | null;
  totals: PlanTotals | null;
  provenance: Provenance;
  createdAt: Date;
}

export interface StoredPlan extends PlanSummary {
  plan: Plan;
}

export interface NewPlan {
  scenarioId: string;
  datasetId: string;
  plan: Plan;
  provenance: Provenance;
}

// 10 bound values a row: 500 rows stay well under SQLite's 32766 variables per statement; D1
// allows 100, so 10 rows there.
const flowRowsPerInsert = (db: Db) =>
  Math.max(1, Math.min(500, Math.floor((db.maxBoundParameters ?? 32766) / 10)));

/** UTF-8 bytes of the whole plan as JSON, flows included: its share of the storage quota. */
export const planBytes = (plan: Plan) => new TextEncoder().encode(JSON.stringify(plan)).byteLength;

const summaryColumns = {
  id: plans.id,
  scenarioId: plans.scenarioId,
  datasetId: plans.datasetId,
  status: plans.status,
  objectiveValue: plans.objectiveValue,
  totals: plans.totals,
  provenance: plans.provenance,
  createdAt: plans.createdAt,
};

type Flow = Plan["flows"][number];

function flowRow(planId: string, flow: Flow, position: number) {
  return {
    planId,
    position,
    fromId: flow.from,
    toId: flow.to,
    modeId: flow.mode,
    tonnes: flow.tonnes,
    distanceKm: flow.distanceKm,
    costPerT: flow.costPerT,
    cost: flow.cost,
    co2T: flow.co2T,
  };
}

export function rowFlow(row: typeof planFlows.$inferSelect): Flow {
  return {
    from: row.fromId,
    to: row.toId,
    mode: row.modeId,
    tonnes: row.tonnes,
    distanceKm: row.distanceKm,
    costPerT: row.costPerT,
    cost: row.cost,
    co2T: row.co2T,
  };
}

/** The plan row and all its flows commit together or not at all. */
async function createPlan(
  db: Db,
  id: string,
  createdAt: Date,
  organisationId: string,
  input: NewPlan,
): Promise<StoredPlan> {
  const { summary, statements } = planInserts(db, id, createdAt, organisationId, input);
  // A batch is one transaction: libSQL's on the embedded database and over HTTP alike, and D1's.
  await db.batch(statements);
  return { ...summary, plan: input.plan };
}

/**
 * The statements that store a plan (its row, then its flows a few rows per insert), for a batch of
 * their own or a larger one (an import stores many plans in one transaction).
 */
export function planInserts(
  db: Db,
  id: string,
  createdAt: Date,
  organisationId: string,
  input: NewPlan,
) {
  const { flows, ...planWithoutFlows } = input.plan;
  const summary: PlanSummary = {
    id,
    scenarioId: input.scenarioId,
    datasetId: input.datasetId,
    status: input.plan.status,
    objectiveValue: input.plan.objective?.value ?? null,
    totals: input.plan.totals,
    provenance: input.provenance,
    createdAt,
  };
  const flowRows = flows.map((flow, position) => flowRow(id, flow, position));
  const flowInserts = [];
  const rowsPerInsert = flowRowsPerInsert(db);
  for (let i = 0; i < flowRows.length; i += rowsPerInsert) {
    flowInserts.push(db.insert(planFlows).values(flowRows.slice(i, i + rowsPerInsert)));
  }
  const statements = [
    db.insert(plans).values({
      ...summary,
      organisationId,
      plan: planWithoutFlows,
      bytes: planBytes(input.plan),
    }),
    ...flowInserts,
  ] as const;
  return { summary, statements };
}

async function getPlan(
  db: Db,
  organisationId: string,
  id: string,
): Promise<StoredPlan | undefined> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.organisationId, organisationId), eq(plans.id, id)));
  if (row === undefined) return undefined;
  const flows = await db
    .select()
    .from(planFlows)
    .where(eq(planFlows.planId, id))
    .orderBy(asc(planFlows.position));
  const { organisationId: _, bytes: __, plan, ...summary } = row;
  return { ...summary, plan: { ...plan, flows: flows.map(rowFlow) } };
}

/**
 * Statements for one batch that delete the plans matching `where` and their flows: the flows by
 * hand too, as a remote database may not enforce the foreign key's cascade.
 */
export function deletePlansWhere(db: Db, where: SQL | undefined) {
  return [
    db
      .delete(planFlows)
      .where(inArray(planFlows.planId, db.select({ id: plans.id }).from(plans).where(where))),
    db.delete(plans).where(where),
  ] as const;
}

export function createPlanRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    create: (organisationId: string, input: NewPlan): Promise<StoredPlan> =>
      createPlan(db, newId("pl"), clock(), organisationId, input),

    get: (organisationId: string, id: string): Promise<StoredPlan | undefined> =>
      getPlan(db, organisationId, id),

    /**
     * Deletes the organisation's plan and its flows; false if it has none with this id. Nothing
     * refers to a plan by foreign key: a job's stored result may name it, and then names a plan
     * that is gone (jobs are a record of what was answered).
     */
    async remove(organisationId: string, id: string): Promise<boolean> {
      const where = and(eq(plans.organisationId, organisationId), eq(plans.id, id));
      const [found] = await db.select({ id: plans.id }).from(plans).where(where);
      if (found === undefined) return false;
      await db.batch([...deletePlansWhere(db, where)]);
      return true;
    },

    async list(
      organisationId: string,
      filter: { scenarioId?: string | undefined; datasetId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<PlanSummary>> {
      const rows = await db
        .select(summaryColumns)
        .from(plans)
        .where(
          and(
            eq(plans.organisationId, organisationId),
            filter.scenarioId === undefined ? undefined : eq(plans.scenarioId, filter.scenarioId),
            filter.datasetId === undefined
              ? undefined
              : inArray(plans.datasetId, datasetIdsOf(db, organisationId, filter.datasetId)),
            after(plans, page.after),
          ),
        )
        .orderBy(desc(plans.createdAt), desc(plans.id))
        .limit(page.limit + 1);
      return toPage(rows, page.limit);
    },
  };
}

export type PlanRepository = ReturnType<typeof createPlanRepository>;
