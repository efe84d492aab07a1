// Scenarios: a base dataset plus an ordered list of typed changes, stored as written.
import { and, desc, eq } from "drizzle-orm";
import type { Change } from "../../models/allocation/scenario.ts";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { after, type Page, type PageRequest, toPage } from "./pagination.ts";
import { scenarios } from "./schema.ts";

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
            filter.datasetId === undefined ? undefined : eq(scenarios.datasetId, filter.datasetId),
            after(scenarios, page.after),
          ),
        )
        .orderBy(desc(scenarios.createdAt), desc(scenarios.id))
        .limit(page.limit + 1);
      return toPage(rows.map(toScenario), page.limit);
    },
  };
}

export type ScenarioRepository = ReturnType<typeof createScenarioRepository>;

function toScenario(row: typeof scenarios.$inferSelect): Scenario {
  const { organisationId: _, ...scenario } = row;
  return scenario;
}
