// The one place a dataset reference (an id, or a slug such as china-2024) is resolved, for every repository.
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "./db.ts";
import { catalogueOwnerId } from "./organisations.ts";
import { datasets } from "./schema.ts";
import { isSlug } from "./slugs.ts";

/** An organisation sees its own datasets and the shared catalogue's. */
export const visibleTo = (organisationId: string) =>
  inArray(datasets.organisationId, [organisationId, catalogueOwnerId]);

/**
 * The datasets visible to the organisation whose id or slug `ref` is. Ids hold an underscore and
 * slugs cannot, so a reference is never both.
 */
export const datasetRef = (organisationId: string, ref: string): SQL | undefined =>
  and(visibleTo(organisationId), isSlug(ref) ? eq(datasets.slug, ref) : eq(datasets.id, ref));

/**
 * Order by it to read the organisation's own dataset first, should a slug it took before the
 * catalogue had it (a Worker seeds nothing) name one of each.
 */
export const ownFirst = sql`${datasets.organisationId} = ${catalogueOwnerId}`;

/** The ids `ref` names, as a subquery: filters by dataset take an id or a slug alike. */
export const datasetIdsOf = (db: Db, organisationId: string, ref: string) =>
  db.select({ id: datasets.id }).from(datasets).where(datasetRef(organisationId, ref));
