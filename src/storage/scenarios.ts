// Scenarios: a base dataset plus an ordered list of typed changes, stored as written.
import { and, asc, desc, eq, inArray, notExists } from "drizzle-orm";
import type { Change } from "../../models/allocation/scenario.ts";
import { datasetIdsOf } from "./dataset-refs.ts";
import { type DeleteOutcome, referrersListed } from "./datasets.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import { deletePlansWhere } from "./plans.ts";
import { plans, scenarios } from "./schema.ts";

export interface Scenario {
  id: string;
  datasetId: string;
  name: string;
  description: string | null;
  changes: Change[];
  createdAt: Date;
}

export interface NewScenario {
  datasetId: string;
  name: string;
  description?: string | undefined;
  changes: Change[];
}

export function createScenarioRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    /** The caller has checked that the dataset exists in this organisation and the changes apply. */
    async create(organisationId: string, input: NewScenario): Promise<Scenario> {
      const [row] = await db
        .insert(scenarios)
        .values({
          id: newId("sc"),
          organisationId,
          datasetId: input.datasetId,
          name: input.name,
          description: input.description ?? null,
          changes: input.changes,
          createdAt: clock(),
        })
        .returning();
      if (row === undefined) throw new Error("scenario insert returned no row");
      return toScenario(row);
    },

    async get(organisationId: string, id: string): Promise<Scenario | undefined> {
      const [row] = await db
        .select()
        .from(scenarios)
        .where(and(eq(scenarios.organisationId, organisationId), eq(scenarios.id, id)));
      return row === undefined ? undefined : toScenario(row);
    },

    /** The organisation's scenario under a new name; undefined when it has none of that id. */
    async rename(organisationId: string, id: string, name: string): Promise<Scenario | undefined> {
      const [row] = await db
        .update(scenarios)
        .set({ name })
        .where(and(eq(scenarios.organisationId, organisationId), eq(scenarios.id, id)))
        .returning();
      return row === undefined ? undefined : toScenario(row);
    },

    async list(
      organisationId: string,
      filter: { datasetId?: string | undefined },
      page: PageRequest,
    ): Promise<Page<Scenario>> {
      const rows = await db
        .select()
        .from(scenarios)
        .where(
          and(
            eq(scenarios.organisationId, organisationId),
            filter.datasetId === undefined
              ? undefined
              : inArray(scenarios.datasetId, datasetIdsOf(db, organisationId, filter.datasetId)),
            after(scenarios, page.after),
          ),
        )
        .orderBy(desc(scenarios.createdAt), desc(scenarios.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toScenario), page.limit);
    },

    /**
     * Deletes the organisation's scenario. Refused while plans refer to it, unless `cascade`,
     * which deletes them (and their flows) in the same transaction.
     */
    async remove(
      organisationId: string,
      id: string,
      options: { cascade: boolean },
    ): Promise<Exclude<DeleteOutcome, { status: "shared" }>> {
      const own = and(eq(scenarios.organisationId, organisationId), eq(scenarios.id, id));
      const [found] = await db.select({ id: scenarios.id }).from(scenarios).where(own);
      if (found === undefined) return { status: "notFound" };
      if (options.cascade) {
        await db.batch([
          ...deletePlansWhere(db, eq(plans.scenarioId, id)),
          db.delete(scenarios).where(own),
        ]);
        return { status: "deleted" };
      }
      // One statement: a plan stored meanwhile keeps the scenario.
      const ofScenario = eq(plans.scenarioId, id);
      const deleted = await db
        .delete(scenarios)
        .where(and(own, notExists(db.select({ id: plans.id }).from(plans).where(ofScenario))))
        .returning({ id: scenarios.id });
      if (deleted.length > 0) return { status: "deleted" };
      const [rows, total] = await Promise.all([
        db
          .select({ id: plans.id })
          .from(plans)
          .where(ofScenario)
          .orderBy(asc(plans.createdAt), asc(plans.id))
          .limit(referrersListed),
        db.$count(plans, ofScenario),
      ]);
      if (total === 0) return { status: "notFound" };
      return {
        status: "inUse",
        referencedBy: rows.map((r) => ({ kind: "plan" as const, id: r.id })),
        total,
      };
    },
  };
}

export type ScenarioRepository = ReturnType<typeof createScenarioRepository>;

function toScenario(row: typeof scenarios.$inferSelect): Scenario {
  const { organisationId: _, ...scenario } = row;
  return scenario;
}
