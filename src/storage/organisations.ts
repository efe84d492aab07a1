// Organisations: who owns datasets, scenarios, plans and API keys; found by their unique name.
import { asc, eq } from "drizzle-orm";
import type { Db } from "./db.ts";
import type { NewId } from "./ids.ts";
import { organisations } from "./schema.ts";

export interface Organisation {
  id: string;
  name: string;
  createdAt: Date;
}

/** Owner of everything stored before API keys existed; the first start's admin key belongs to it. */
export const defaultOrganisationId = "org_default";

/**
 * Owner of the shared catalogue: datasets every organisation may read and plan, and none may
 * change. Not an organisation row, and no key can belong to it.
 */
export const catalogueOwnerId = "catalogue";

export function createOrganisationRepository(db: Db, newId: NewId, clock: () => Date) {
  return {
    /** The organisation with this name, created (with `id`, or a new one) if there is none. */
    async ensure(
      name: string,
      id?: string,
    ): Promise<{ organisation: Organisation; created: boolean }> {
      const [inserted] = await db
        .insert(organisations)
        .values({ id: id ?? newId("org"), name, createdAt: clock() })
        .onConflictDoNothing()
        .returning();
      if (inserted !== undefined) return { organisation: inserted, created: true };
      const [existing] = await db.select().from(organisations).where(eq(organisations.name, name));
      if (existing === undefined)
        throw new Error(`organisation ${name} neither inserted nor found`);
      return { organisation: existing, created: false };
    },

    async byName(name: string): Promise<Organisation | undefined> {
      const [row] = await db.select().from(organisations).where(eq(organisations.name, name));
      return row;
    },

    async list(): Promise<Organisation[]> {
      return db.select().from(organisations).orderBy(asc(organisations.createdAt));
    },
  };
}

export type OrganisationRepository = ReturnType<typeof createOrganisationRepository>;
